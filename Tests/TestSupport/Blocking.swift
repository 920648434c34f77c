import Dispatch

/// Runs a test's blocking work (Kafka polls, HTTP round trips, child processes, sleeps) on a thread of its
/// own, while the test keeps its task and so its issue reporting.
///
/// Swift Testing runs test functions as tasks on Swift's cooperative pool, which has one thread per core.
/// A test that blocks one of those threads for seconds stalls every other test, and on a 2-core machine two
/// such tests stall the whole run. With this executor preference the blocking code runs on a dedicated
/// dispatch queue instead, and `#expect` inside it is still attributed to the test.
public func blocking<Result: Sendable>(_ body: @Sendable () throws -> Result) async throws -> Result {
    try await withTaskExecutorPreference(DedicatedThreadExecutor()) {
        try body()
    }
}

/// A task executor that runs jobs on its own serial dispatch queue, outside the cooperative pool.
public final class DedicatedThreadExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "ehbridge.test.blocking")

    public init() {}

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

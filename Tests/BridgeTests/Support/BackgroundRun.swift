import Core
import Foundation
@testable import Bridge

/// Runs a ``BridgeService`` on its own thread, so that a test can inject faults while it runs.
final class BackgroundRun: @unchecked Sendable {
    let service: BridgeService
    private let finished = DispatchSemaphore(value: 0)
    private let result = Locked<Result<RunSummary, any Error>?>(nil)

    init(_ service: BridgeService, limits: RunLimits = .none) {
        self.service = service
        let thread = Thread { [self] in
            let outcome = Result { try service.run(limits: limits) }
            result.withLock { $0 = outcome }
            finished.signal()
        }
        thread.name = "bridge-under-test"
        thread.start()
    }

    /// Waits for the run to end by itself and returns its summary.
    func wait(seconds: Double = 120) throws -> RunSummary {
        guard finished.wait(timeout: .now() + seconds) == .success else { throw BackgroundRunError.timedOut }
        return try result.withLock { $0! }.get()
    }

    /// Asks the run to stop, then waits for its summary.
    func stop(seconds: Double = 120) throws -> RunSummary {
        service.requestStop()
        return try wait(seconds: seconds)
    }

    var summarySoFar: RunSummary? { service.currentSummary() }
}

enum BackgroundRunError: Error {
    case timedOut
}

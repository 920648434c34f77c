import Foundation

/// Runs `body` on a new thread and returns its result, so that blocking librdkafka calls never occupy a
/// thread of Swift's cooperative pool. Keep `#expect` out of `body`: check the returned values instead.
func onDedicatedThread<Result: Sendable>(
    _ body: @escaping @Sendable () throws -> Result
) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try body())
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}

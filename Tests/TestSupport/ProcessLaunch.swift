import Foundation

extension Process {
    /// Starts the process like `run()`, one launch at a time across the test process.
    ///
    /// Foundation's `Process.run()` crashed once with a bad pointer in `memcpy` while tests launched child
    /// processes from several threads at once, so the tests serialize their launches. Waiting for a child is not
    /// serialized.
    public func runSerialized() throws {
        ProcessLaunchLock.lock.lock()
        defer { ProcessLaunchLock.lock.unlock() }
        try run()
    }
}

private enum ProcessLaunchLock {
    static let lock = NSLock()
}

import Foundation

/// An exclusive lock that keeps two `dlq replay` runs off one dead-letter store: a replay reads letters, sends
/// them and then removes them, so a second replay reading the same letters meanwhile would send them again.
///
/// It is an advisory `flock` on a file next to the store, `<store>.replay-lock`, which stays after the replay.
/// The kernel releases the lock when the process ends, however it ends.
final class ReplayLock {
    private let descriptor: Int32

    /// Takes the lock of the store at `storePath`.
    /// - Throws: ``DeadLetterReplayError/alreadyRunning(lockPath:)`` when another process holds it, and
    ///   ``DeadLetterReplayError/lockUnavailable(lockPath:reason:)`` when the lock file cannot be opened.
    init(storePath: String) throws(DeadLetterReplayError) {
        let lockPath = storePath + ".replay-lock"
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .lockUnavailable(lockPath: lockPath, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw busy ? .alreadyRunning(lockPath: lockPath) : .lockUnavailable(lockPath: lockPath, reason: reason)
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// A reason a dead-letter replay could not start.
public enum DeadLetterReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another process replays the same store.
    case alreadyRunning(lockPath: String)
    /// The lock file next to the store cannot be opened or locked.
    case lockUnavailable(lockPath: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let lockPath):
            "another dlq replay is running on this dead-letter store (it holds \(lockPath)); wait for it to finish, "
                + "since two replays would send the same records twice"
        case .lockUnavailable(let lockPath, let reason):
            "cannot lock \(lockPath) for the replay: \(reason); the replay needs to write next to the dead-letter store"
        }
    }
}

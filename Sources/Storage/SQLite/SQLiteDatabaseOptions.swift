extension SQLiteDatabase {
    /// Settings for opening a database connection and for waiting on locks.
    public struct Options: Sendable {
        public enum Access: Sendable, Equatable {
            /// Opens the file for reading and writing, creating it and its parent folder when missing, and
            /// switches the database to write-ahead logging (`PRAGMA journal_mode=WAL`).
            case readWrite
            /// Opens an existing file for reading only. The journal mode is left as the file has it.
            case readOnly
            /// Opens an existing file for reading only, with `immutable=1` to declare that nothing changes it, so
            /// that SQLite takes no locks and creates no `-shm` file. For a file in a folder this user cannot write,
            /// with no `-wal` file beside it; a file that another process writes gives wrong results.
            case readOnlyImmutable
        }

        /// The `PRAGMA synchronous` level of the connection. In WAL mode, `normal` may lose the last
        /// transactions on a power failure or an operating system crash, but does not corrupt the database.
        /// `full` syncs the WAL file on every commit, so a transaction is durable once the commit returns
        /// (SQLite documentation of `PRAGMA synchronous`).
        public enum Synchronous: String, Sendable {
            case off = "OFF"
            case normal = "NORMAL"
            case full = "FULL"
            case extra = "EXTRA"
        }

        public var access: Access
        public var synchronous: Synchronous
        /// The time in milliseconds that SQLite's own busy handler waits for a lock held by another connection
        /// (`sqlite3_busy_timeout`) before a call returns `SQLITE_BUSY`.
        public var busyTimeoutMilliseconds: Int
        /// The retries after `SQLITE_BUSY` that come on top of ``busyTimeoutMilliseconds``.
        public var busyRetry: BusyRetry
        /// The permission bits of a database file that this connection creates, such as `0o600`. SQLite gives its
        /// `-wal` and `-shm` files the same bits. Existing files keep theirs.
        public var filePermissions: UInt16

        /// Creates options. The defaults suit a service: read-write, `synchronous=NORMAL`, a 5,000 ms busy
        /// timeout with five retries, and files readable by their owner only, because dead letters contain
        /// log records.
        public init(
            access: Access = .readWrite,
            synchronous: Synchronous = .normal,
            busyTimeoutMilliseconds: Int = 5_000,
            busyRetry: BusyRetry = BusyRetry(),
            filePermissions: UInt16 = 0o600
        ) {
            self.access = access
            self.synchronous = synchronous
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.busyRetry = busyRetry
            self.filePermissions = filePermissions
        }
    }

    /// Retries of a statement that failed with `SQLITE_BUSY`, with exponential backoff.
    ///
    /// The retries cover cases that SQLite's busy timeout does not: the timeout can pass while another
    /// connection holds a long transaction, and SQLite returns `SQLITE_BUSY` without waiting where waiting could
    /// deadlock (SQLite documentation of `sqlite3_busy_handler`). A statement is retried only when it failed
    /// before returning any row. `SQLITE_BUSY_SNAPSHOT` is never retried, because a deferred transaction whose
    /// snapshot is stale cannot write until it rolls back, and ``SQLiteDatabase/transaction(_:)`` avoids it by
    /// starting with `BEGIN IMMEDIATE`.
    public struct BusyRetry: Sendable {
        /// The maximum number of retries after the first attempt. 0 disables retrying.
        public var maxRetries: Int
        /// The pause in milliseconds before the first retry. Each further retry doubles it.
        public var initialDelayMilliseconds: Int
        /// The maximum pause in milliseconds between two retries.
        public var maxDelayMilliseconds: Int
        /// A function called on the waiting thread before each retry's pause, with the retry number (from 1) and
        /// the error. It runs while the connection is locked, so it must not use this connection.
        public var observer: (@Sendable (_ retry: Int, _ error: SQLiteError) -> Void)?

        public init(
            maxRetries: Int = 5,
            initialDelayMilliseconds: Int = 50,
            maxDelayMilliseconds: Int = 2_000,
            observer: (@Sendable (_ retry: Int, _ error: SQLiteError) -> Void)? = nil
        ) {
            self.maxRetries = maxRetries
            self.initialDelayMilliseconds = initialDelayMilliseconds
            self.maxDelayMilliseconds = maxDelayMilliseconds
            self.observer = observer
        }

        /// No retries: `SQLITE_BUSY` is thrown once the busy timeout has passed.
        public static let disabled = BusyRetry(maxRetries: 0)

        /// Returns the pause in milliseconds before retry number `retry` (from 1).
        func delayMilliseconds(beforeRetry retry: Int) -> Int {
            var delay = max(0, initialDelayMilliseconds)
            for _ in 1..<max(1, retry) {
                delay = min(delay * 2, maxDelayMilliseconds)
            }
            return min(delay, maxDelayMilliseconds)
        }
    }
}

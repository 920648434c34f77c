import CSQLite
import Core
import Foundation

/// A connection to one SQLite database file.
///
/// The connection is internally locked: every call takes a recursive lock, so one connection may be shared
/// between threads, and a ``transaction(_:)`` keeps other threads out until it commits or rolls back. All calls
/// block while SQLite works or waits for a lock, so call them from dedicated threads and never from Swift
/// concurrency's cooperative thread pool.
///
/// A read-write connection runs in write-ahead logging mode (`PRAGMA journal_mode=WAL`), so readers in other
/// processes do not block the writer. Every connection enables `foreign_keys`, sets SQLite's busy timeout and
/// retries `SQLITE_BUSY` as configured in ``Options/busyRetry``.
///
/// ```swift
/// let database = try SQLiteDatabase(path: "/var/lib/ehbridge/meter.sqlite")
/// try database.transaction {
///     try database.execute("INSERT INTO notes (id, body) VALUES (?, ?)", [1, .blob(bytes)])
/// }
/// let rows = try database.query("SELECT body FROM notes WHERE id = ?", [1])
/// ```
public final class SQLiteDatabase: @unchecked Sendable {
    /// The database file's path.
    public let path: String
    public let options: Options

    let logger: Logger
    /// Serializes every use of `handle`. It is recursive so that a transaction's body can call the connection.
    let lock = NSRecursiveLock()
    private var handle: OpaquePointer?
    /// The number of open transactions and savepoints, guarded by `lock`.
    private var transactionDepth = 0

    /// Opens or creates the database at `path`.
    ///
    /// - Parameters:
    ///   - logger: Receives a warning when write-ahead logging cannot be enabled, and debug lines for busy retries.
    /// - Throws: ``SQLiteError`` when the parent folder cannot be created, the file cannot be opened, or
    ///   configuring the connection fails.
    public init(path: String, options: Options = Options(), logger: Logger = .disabled) throws(SQLiteError) {
        self.path = path
        self.options = options
        self.logger = logger

        let flags: Int32
        switch options.access {
        case .readWrite:
            try Self.createFileIfMissing(path: path, permissions: options.filePermissions)
            flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        case .readOnly:
            flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX
        case .readOnlyImmutable:
            flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI
        }

        var openedPath = path
        if options.access == .readOnlyImmutable {
            // A URI filename, whose path must escape `?`, `#` and `%`.
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "?#%")
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            let encoded = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
            openedPath = "file:" + encoded + "?immutable=1"
        }
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(openedPath, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            let extendedCode = connection.map { sqlite3_extended_errcode($0) } ?? code
            sqlite3_close_v2(connection)
            throw SQLiteError(operation: .open, extendedCode: extendedCode, message: message, path: path, statement: nil)
        }
        handle = connection
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, Int32(clamping: options.busyTimeoutMilliseconds))

        do {
            try configure()
        } catch {
            sqlite3_close_v2(connection)
            handle = nil
            throw error
        }
    }

    deinit {
        if let handle {
            sqlite3_close_v2(handle)
        }
    }

    private func configure() throws(SQLiteError) {
        try execute("PRAGMA foreign_keys = ON")
        guard options.access == .readWrite else { return }

        let journalMode = try query("PRAGMA journal_mode = WAL").first?[0]
        if journalMode != .text("wal") {
            // Happens on file systems without shared memory support, such as some network file systems.
            logger.warning("write-ahead logging is not available, so readers may block the writer", metadata: [
                "sqlite.path": .string(path), "sqlite.journal_mode": .string(journalMode.map(Self.text) ?? "none"),
            ])
        }
        try execute("PRAGMA synchronous = \(options.synchronous.rawValue)")
    }

    private static func text(_ value: SQLiteValue) -> String {
        if case .text(let text) = value { return text }
        return value.typeName
    }

    /// Creates the parent folder and an empty file with `permissions`, unless the file exists. SQLite would
    /// create the file itself, but with the process's default permissions.
    private static func createFileIfMissing(path: String, permissions: UInt16) throws(SQLiteError) {
        guard path != ":memory:", !path.isEmpty, !path.hasPrefix("file:") else { return }

        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SQLiteError(
                    operation: .open, extendedCode: SQLITE_CANTOPEN,
                    message: "could not create the folder \(folder): \(error.localizedDescription)", path: path,
                    statement: nil
                )
            }
        }
        // If this fails, sqlite3_open_v2 reports the problem with its own result code.
        createEmptyFile(atPath: path, permissions: permissions)
    }

    // MARK: - Statements

    /// Runs one or more SQL statements separated by semicolons, without parameters, and discards their rows.
    ///
    /// Use this for schema changes and pragmas. The SQL text appears in errors, so pass values through
    /// ``execute(_:_:)`` as arguments and never write them into the text.
    /// - Throws: ``SQLiteError`` from the first statement that fails. Earlier statements stay applied unless a
    ///   surrounding transaction rolls back.
    public func execute(_ sql: String) throws(SQLiteError) {
        try withConnection { connection throws(SQLiteError) in
            let text = Array(sql.utf8CString)
            try text.withUnsafeBufferPointer { buffer throws(SQLiteError) in
                guard var cursor = buffer.baseAddress else { return }
                while cursor.pointee != 0 {
                    let (statementHandle, tail) = try prepareHandle(connection, cursor)
                    let statementText = String(
                        decoding: UnsafeRawBufferPointer(start: cursor, count: tail - cursor), as: UTF8.self
                    )
                    cursor = tail
                    // A null handle means the text contained only whitespace or a comment.
                    guard let statementHandle else { continue }

                    let statement = SQLiteStatement(database: self, handle: statementHandle, sql: statementText)
                    try statement.execute()
                }
            }
        }
    }

    /// Runs one statement with `arguments` bound to its `?` parameters in order, and discards its rows.
    public func execute(_ sql: String, _ arguments: [SQLiteValue]) throws(SQLiteError) {
        try prepare(sql).execute(arguments)
    }

    /// Runs one statement with `arguments` bound to its parameters and returns all its rows.
    public func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws(SQLiteError) -> [SQLiteRow] {
        try prepare(sql).query(arguments)
    }

    /// Prepares one statement for repeated use.
    ///
    /// - Throws: ``SQLiteError`` when the SQL is invalid, or with `SQLITE_MISUSE` when it contains more than one
    ///   statement.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        try withConnection { connection throws(SQLiteError) in
            let text = Array(sql.utf8CString)
            return try text.withUnsafeBufferPointer { buffer throws(SQLiteError) in
                let start = buffer.baseAddress!
                let (statementHandle, tail) = try prepareHandle(connection, start)
                guard let statementHandle else {
                    throw misuseError("the SQL text contains no statement", statement: sql)
                }
                // Text after the statement may contain only whitespace and comments.
                var extraHandle: OpaquePointer?
                let extraCode = sqlite3_prepare_v2(connection, tail, -1, &extraHandle, nil)
                guard extraCode == SQLITE_OK, extraHandle == nil else {
                    sqlite3_finalize(extraHandle)
                    sqlite3_finalize(statementHandle)
                    throw misuseError("prepare accepts one statement, so run several with execute(_:)", statement: sql)
                }
                return SQLiteStatement(database: self, handle: statementHandle, sql: sql)
            }
        }
    }

    /// Compiles the first statement at `start` and returns it with the position after it. The handle is nil
    /// when the text before that position contains only whitespace or comments.
    private func prepareHandle(
        _ connection: OpaquePointer, _ start: UnsafePointer<CChar>
    ) throws(SQLiteError) -> (OpaquePointer?, UnsafePointer<CChar>) {
        var retry = 0
        while true {
            var statementHandle: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(connection, start, -1, &statementHandle, &tail)
            if code == SQLITE_OK {
                return (statementHandle, tail ?? start)
            }

            let error = makeError(code: code, operation: .prepare, statement: String(cString: start))
            if error.isRetryableBusy, retry < options.busyRetry.maxRetries {
                retry += 1
                waitBeforeBusyRetry(retry, error: error)
                continue
            }
            throw error
        }
    }

    // MARK: - Transactions

    /// Runs `body` in a transaction and commits it, or rolls it back when `body` throws.
    ///
    /// The outermost call starts with `BEGIN IMMEDIATE`, which takes the write lock at once, so a busy database
    /// fails or waits at the start and not halfway through. A call inside another transaction becomes a
    /// savepoint that rolls back on its own. Other threads wait for the connection until the transaction ends.
    /// - Throws: The error that `body` threw, unchanged, after the rollback. Otherwise ``SQLiteError`` when
    ///   beginning or committing fails, after rolling back a failed commit.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try runTransaction(body).get()
    }

    /// ``transaction(_:)`` for a body that throws only ``SQLiteError``, keeping the error type.
    func immediateTransaction<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try runTransaction(body).get()
    }

    private func runTransaction<T, E: Error>(_ body: () throws(E) -> T) throws(SQLiteError) -> Result<T, E> {
        lock.lock()
        defer { lock.unlock() }

        let depth = transactionDepth
        let savepoint = "ehbridge_savepoint_\(depth)"
        try execute(depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT \(savepoint)")
        transactionDepth = depth + 1
        defer { transactionDepth = depth }

        let result: T
        do {
            result = try body()
        } catch {
            rollBack(depth: depth, savepoint: savepoint)
            return .failure(error)
        }

        do {
            try execute(depth == 0 ? "COMMIT" : "RELEASE \(savepoint)")
        } catch {
            rollBack(depth: depth, savepoint: savepoint)
            throw error
        }
        return .success(result)
    }

    private func rollBack(depth: Int, savepoint: String) {
        if depth == 0, let handle, sqlite3_get_autocommit(handle) != 0 {
            // SQLite already rolled the transaction back, as it does after some errors such as SQLITE_FULL.
            return
        }
        do {
            try execute(depth == 0 ? "ROLLBACK" : "ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
        } catch {
            logger.error("sqlite rollback failed", metadata: [
                "sqlite.path": .string(path), "sqlite.code": .int(error.extendedCode),
                "error": .string(error.description),
            ])
        }
    }

    // MARK: - Connection state

    /// The number of rows that the last INSERT, UPDATE or DELETE changed.
    public var changes: Int {
        lock.lock()
        defer { lock.unlock() }
        return handle.map { Int(sqlite3_changes64($0)) } ?? 0
    }

    /// The rowid of the last row inserted by this connection, or 0 when none was.
    public var lastInsertRowID: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return handle.map { sqlite3_last_insert_rowid($0) } ?? 0
    }

    /// Closes the connection. Statements that are still alive stop working, and SQLite frees the connection
    /// once the last of them is released. Closing twice does nothing.
    public func close() throws(SQLiteError) {
        lock.lock()
        defer { lock.unlock() }

        guard let connection = handle else { return }
        let code = sqlite3_close_v2(connection)
        handle = nil
        if code != SQLITE_OK {
            let message = String(cString: sqlite3_errstr(code))
            throw SQLiteError(operation: .close, extendedCode: code, message: message, path: path, statement: nil)
        }
    }

    // MARK: - Shared with statements

    /// Runs `body` with the open connection while holding the lock.
    func withConnection<T>(_ body: (OpaquePointer) throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        lock.lock()
        defer { lock.unlock() }

        guard let handle else {
            throw SQLiteError(
                operation: .step, extendedCode: SQLITE_MISUSE, message: "the database connection is closed", path: path,
                statement: nil
            )
        }
        return try body(handle)
    }

    /// Builds an error from a result code and the connection's current message. Call it before anything else
    /// touches the connection, because the next call replaces the message.
    func makeError(code: Int32, operation: SQLiteError.Operation, statement: String?) -> SQLiteError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return SQLiteError(operation: operation, extendedCode: code, message: message, path: path, statement: statement)
    }

    func misuseError(_ message: String, statement: String?) -> SQLiteError {
        SQLiteError(operation: .prepare, extendedCode: SQLITE_MISUSE, message: message, path: path, statement: statement)
    }

    /// Logs a busy retry, calls the observer, and sleeps for the backoff delay. The connection stays locked.
    func waitBeforeBusyRetry(_ retry: Int, error: SQLiteError) {
        let delay = options.busyRetry.delayMilliseconds(beforeRetry: retry)
        logger.debug("sqlite database busy, retrying", metadata: [
            "sqlite.path": .string(path), "sqlite.retry": .int(retry), "sqlite.delay_ms": .int(delay),
            "sqlite.statement": .string(error.statement ?? ""),
        ])
        options.busyRetry.observer?(retry, error)
        if delay > 0 {
            Thread.sleep(forTimeInterval: Double(delay) / 1000)
        }
    }
}

/// Creates an empty file with `permissions` unless one exists, and returns whether the file exists afterwards.
///
/// An existing file is never opened: closing a descriptor drops every POSIX lock this process holds on the file,
/// including those of SQLite connections already open on it, such as the meter's when the dead-letter store opens
/// the same file. Another process closing its connection would then delete the write-ahead log still in use.
/// O_EXCL fails on an existing file (also one that another process created meanwhile) without opening it.
@discardableResult
private func createEmptyFile(atPath path: String, permissions: UInt16) -> Bool {
    let descriptor = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, mode_t(permissions))
    guard descriptor >= 0 else { return errno == EEXIST }
    close(descriptor)
    return true
}

import CSQLite

/// A compiled SQL statement of one ``SQLiteDatabase``, for running the same SQL many times.
///
/// A statement is not `Sendable`: use it on one thread at a time. Every call locks its database connection, and
/// the statement keeps the connection object alive. After ``SQLiteDatabase/close()`` its calls throw
/// `SQLITE_MISUSE`.
public final class SQLiteStatement {
    /// The SQL text, with its `?` placeholders.
    public let sql: String
    let database: SQLiteDatabase
    private let handle: OpaquePointer
    private lazy var columns = SQLiteColumns(names: (0..<sqlite3_column_count(handle)).map { index in
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? "column\(index)"
    })
    /// Whether a row was returned since the last reset. A busy statement is retried only before its first row.
    private var hasReturnedRow = false

    init(database: SQLiteDatabase, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit {
        database.lock.lock()
        sqlite3_finalize(handle)
        database.lock.unlock()
    }

    /// The number of `?` parameters.
    public var parameterCount: Int {
        Int(sqlite3_bind_parameter_count(handle))
    }

    /// Resets the statement and binds `arguments` to its parameters in order.
    ///
    /// Text and blobs are copied, so the arrays may change afterwards. An empty array binds an empty blob, not
    /// NULL.
    /// - Throws: ``SQLiteError`` with `SQLITE_RANGE` when the number of arguments differs from
    ///   ``parameterCount``, or SQLite's error when binding fails.
    public func bind(_ arguments: [SQLiteValue]) throws(SQLiteError) {
        try database.withConnection { _ throws(SQLiteError) in
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            hasReturnedRow = false

            guard arguments.count == parameterCount else {
                throw SQLiteError(
                    operation: .bind, extendedCode: SQLITE_RANGE,
                    message: "the statement has \(parameterCount) parameters but \(arguments.count) arguments were given",
                    path: database.path, statement: sql
                )
            }
            for (offset, argument) in arguments.enumerated() {
                let code = bind(argument, at: Int32(offset + 1))
                guard code == SQLITE_OK else {
                    throw database.makeError(code: code, operation: .bind, statement: sql)
                }
            }
        }
    }

    private func bind(_ value: SQLiteValue, at index: Int32) -> Int32 {
        switch value {
        case .integer(let number):
            return sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            return sqlite3_bind_double(handle, index, number)
        case .text(let text):
            // withCString gives a non-null pointer even for "", which keeps an empty text from binding as NULL.
            return text.withCString { pointer in
                let length = UInt64(text.utf8.count)
                return sqlite3_bind_text64(handle, index, pointer, length, ehb_sqlite_transient, UInt8(SQLITE_UTF8))
            }
        case .blob(let bytes):
            guard !bytes.isEmpty else {
                return sqlite3_bind_zeroblob(handle, index, 0)
            }
            return bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(handle, index, buffer.baseAddress, UInt64(buffer.count), ehb_sqlite_transient)
            }
        case .null:
            return sqlite3_bind_null(handle, index)
        }
    }

    /// Advances to the next row and returns true, or returns false when the statement is done.
    ///
    /// `SQLITE_BUSY` before the first row is retried as configured in the database's
    /// ``SQLiteDatabase/Options/busyRetry``. After any error the statement is reset, and its bindings stay.
    /// - Throws: ``SQLiteError`` with the statement's SQL text and without its bound values.
    public func step() throws(SQLiteError) -> Bool {
        try database.withConnection { _ throws(SQLiteError) in
            var retry = 0
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_ROW {
                    hasReturnedRow = true
                    return true
                }
                if code == SQLITE_DONE {
                    return false
                }

                let error = database.makeError(code: code, operation: .step, statement: sql)
                sqlite3_reset(handle)
                if error.isRetryableBusy, !hasReturnedRow, retry < database.options.busyRetry.maxRetries {
                    retry += 1
                    database.waitBeforeBusyRetry(retry, error: error)
                    continue
                }
                hasReturnedRow = false
                throw error
            }
        }
    }

    /// Resets the statement so that the next ``step()`` starts over. Bindings stay.
    public func reset() {
        database.lock.lock()
        defer { database.lock.unlock() }
        sqlite3_reset(handle)
        hasReturnedRow = false
    }

    /// Returns the current row. Call it only after ``step()`` returned true.
    public func row() -> SQLiteRow {
        database.lock.lock()
        defer { database.lock.unlock() }

        let values = (0..<Int32(columns.names.count)).map(columnValue)
        return SQLiteRow(values: values, columns: columns, statement: sql, path: database.path)
    }

    private func columnValue(at index: Int32) -> SQLiteValue {
        // The pointer must be read before the byte count, as the SQLite documentation of sqlite3_column_blob recommends.
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let pointer = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let pointer = sqlite3_column_blob(handle, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default:
            return .null
        }
    }

    /// Binds `arguments`, runs the statement to completion, discards its rows and resets it.
    public func execute(_ arguments: [SQLiteValue] = []) throws(SQLiteError) {
        try bind(arguments)
        defer { reset() }
        while try step() {}
    }

    /// Binds `arguments`, runs the statement and returns all its rows, then resets it.
    public func query(_ arguments: [SQLiteValue] = []) throws(SQLiteError) -> [SQLiteRow] {
        var rows: [SQLiteRow] = []
        try forEachRow(arguments) { row in rows.append(row) }
        return rows
    }

    /// Binds `arguments` and calls `body` with each row in turn, without collecting them, then resets the
    /// statement.
    /// - Throws: ``SQLiteError`` from SQLite, or what `body` throws, which stops the iteration.
    public func forEachRow(
        _ arguments: [SQLiteValue] = [], _ body: (SQLiteRow) throws(SQLiteError) -> Void
    ) throws(SQLiteError) {
        try bind(arguments)
        defer { reset() }
        while try step() {
            try body(row())
        }
    }
}

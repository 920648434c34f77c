import CSQLite
import Core

/// A failed SQLite call: the operation, SQLite's result code and message, the database path and the statement.
///
/// The statement is the SQL text with its `?` placeholders. Bound values are never part of the error, so
/// callers must pass values as arguments and not write them into SQL text. The message and the description
/// also pass through ``SecretRedactor``.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed.
    public enum Operation: String, Sendable {
        case open
        case configure
        case prepare
        case bind
        case step
        case readColumn = "read column"
        case close
    }

    /// A coarse class of failure, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        /// Another connection holds a lock (`SQLITE_BUSY`), or a table is locked inside this connection
        /// (`SQLITE_LOCKED`). Retrying later may succeed.
        case busy
        /// The disk or the file system quota is full (`SQLITE_FULL`).
        case full
        /// The operating system reported a read or write error (`SQLITE_IOERR`).
        case ioError
        /// The file is damaged or is not a SQLite database (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
        case corrupt
        /// The file or folder cannot be opened or written (`SQLITE_CANTOPEN`, `SQLITE_READONLY`, `SQLITE_PERM`).
        case access
        /// A `UNIQUE`, `NOT NULL`, `CHECK` or foreign key constraint failed (`SQLITE_CONSTRAINT`).
        case constraint
        /// A column has another storage class than the reader expected, or is NULL (`SQLITE_MISMATCH`).
        case typeMismatch
        /// The database was used after ``SQLiteDatabase/close()``, or the API was misused (`SQLITE_MISUSE`).
        case misuse
        /// Any other result code, such as a syntax error in the SQL (`SQLITE_ERROR`).
        case other
    }

    public var operation: Operation
    /// The extended result code, such as 1555 (`SQLITE_CONSTRAINT_PRIMARYKEY`) or 5 (`SQLITE_BUSY`).
    public var extendedCode: Int32
    /// SQLite's message, such as "database is locked", with secrets redacted.
    public var message: String
    /// The database file's path.
    public var path: String
    /// The SQL text with its placeholders, whitespace collapsed and shortened to 300 characters, or nil when
    /// no statement was involved.
    public var statement: String?

    init(operation: Operation, extendedCode: Int32, message: String, path: String, statement: String?) {
        self.operation = operation
        self.extendedCode = extendedCode
        self.message = SecretRedactor.shared.redact(message)
        self.path = path
        self.statement = statement.map(Self.condensed)
    }

    /// The primary result code: the low 8 bits of ``extendedCode``, such as `SQLITE_CONSTRAINT` (19).
    public var code: Int32 { extendedCode & 0xFF }

    /// Whether ``SQLiteDatabase/BusyRetry`` may retry the call: `SQLITE_BUSY`, except `SQLITE_BUSY_SNAPSHOT`.
    var isRetryableBusy: Bool {
        code == SQLITE_BUSY && extendedCode != Self.busySnapshotCode
    }

    /// `SQLITE_BUSY_SNAPSHOT`, a macro that Swift does not import.
    private static let busySnapshotCode: Int32 = SQLITE_BUSY | (2 << 8)

    /// The name of the primary result code, such as `SQLITE_BUSY`.
    public var codeName: String { SQLiteResultCode.name(of: code) }

    public var kind: Kind {
        switch code {
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_FULL: .full
        case SQLITE_IOERR: .ioError
        case SQLITE_CORRUPT, SQLITE_NOTADB: .corrupt
        case SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM: .access
        case SQLITE_CONSTRAINT: .constraint
        case SQLITE_MISMATCH: .typeMismatch
        case SQLITE_MISUSE: .misuse
        default: .other
        }
    }

    /// The operator's next step for this kind of failure, or nil when SQLite's message is enough.
    public var hint: String? {
        switch kind {
        case .busy:
            "Another process or connection held a lock on the database for too long. "
                + "Check for a stuck ehbridge or sqlite3 process that uses the file."
        case .full:
            "Free space on the volume that contains the database, or raise the file system quota."
        case .ioError:
            "Check the disk, the file system and the kernel log for read or write errors."
        case .corrupt:
            "Check that the path names a meter or dead-letter file. If it does, the file is damaged: move it aside "
                + "so that the next run creates a new one, and keep the old file for inspection."
        case .access:
            "Check that the folder exists or can be created, and that the user running ehbridge may read and "
                + "write the file."
        case .constraint, .typeMismatch, .misuse, .other:
            nil
        }
    }

    public var description: String {
        var text = "SQLite \(operation.rawValue) failed on \(path): \(message) "
            + "(\(codeName), extended code \(extendedCode))"
        if let statement {
            text += " in statement `\(statement)`"
        }
        if let hint {
            text += ". \(hint)"
        }
        return SecretRedactor.shared.redact(text)
    }

    private static func condensed(_ sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let joined = words.joined(separator: " ")
        let limit = 300
        return joined.count > limit ? joined.prefix(limit) + "…" : joined
    }
}

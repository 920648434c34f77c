/// A Swift type that a result column can be read as, with ``SQLiteRow/decode(_:column:)``.
public protocol SQLiteColumnDecodable {
    /// Creates the value from a column, or returns nil when the storage class or range does not fit.
    init?(sqliteValue: SQLiteValue)
    /// The expected column content in words, for errors, such as "an integer".
    static var sqliteTypeDescription: String { get }
}

extension Int64: SQLiteColumnDecodable {
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let number) = sqliteValue else { return nil }
        self = number
    }

    public static var sqliteTypeDescription: String { "an integer" }
}

extension Int: SQLiteColumnDecodable {
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let number) = sqliteValue, let value = Int(exactly: number) else { return nil }
        self = value
    }

    public static var sqliteTypeDescription: String { "an integer" }
}

extension Int32: SQLiteColumnDecodable {
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let number) = sqliteValue, let value = Int32(exactly: number) else { return nil }
        self = value
    }

    public static var sqliteTypeDescription: String { "a 32-bit integer" }
}

extension Double: SQLiteColumnDecodable {
    /// Reads a real, or an integer converted to the nearest double, because SQLite stores integral values of
    /// untyped expressions such as `SUM()` as integers.
    public init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case .real(let number): self = number
        case .integer(let number): self = Double(number)
        default: return nil
        }
    }

    public static var sqliteTypeDescription: String { "a number" }
}

extension String: SQLiteColumnDecodable {
    public init?(sqliteValue: SQLiteValue) {
        guard case .text(let text) = sqliteValue else { return nil }
        self = text
    }

    public static var sqliteTypeDescription: String { "text" }
}

extension Array: SQLiteColumnDecodable where Element == UInt8 {
    public init?(sqliteValue: SQLiteValue) {
        guard case .blob(let bytes) = sqliteValue else { return nil }
        self = bytes
    }

    public static var sqliteTypeDescription: String { "a blob" }
}

extension Optional: SQLiteColumnDecodable where Wrapped: SQLiteColumnDecodable {
    public init?(sqliteValue: SQLiteValue) {
        if case .null = sqliteValue {
            self = .none
            return
        }
        guard let wrapped = Wrapped(sqliteValue: sqliteValue) else { return nil }
        self = .some(wrapped)
    }

    public static var sqliteTypeDescription: String { "\(Wrapped.sqliteTypeDescription) or NULL" }
}

/// A value bound to a statement parameter or read from a result column, one case per SQLite storage class.
public enum SQLiteValue: Sendable, Hashable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral
{
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }

    /// Returns `.integer`, or `.null` for nil.
    public static func integer<T: BinaryInteger>(_ value: T?) -> SQLiteValue {
        value.map { .integer(Int64($0)) } ?? .null
    }

    /// Returns `.real`, or `.null` for nil.
    public static func real(_ value: Double?) -> SQLiteValue {
        value.map { .real($0) } ?? .null
    }

    /// Returns `.text`, or `.null` for nil.
    public static func text(_ value: String?) -> SQLiteValue {
        value.map { .text($0) } ?? .null
    }

    /// Returns `.blob`, or `.null` for nil. An empty array is an empty blob, not NULL.
    public static func blob(_ value: [UInt8]?) -> SQLiteValue {
        value.map { .blob($0) } ?? .null
    }

    /// The storage class name as SQLite's `typeof()` returns it: `integer`, `real`, `text`, `blob` or `null`.
    public var typeName: String {
        switch self {
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        case .blob: "blob"
        case .null: "null"
        }
    }

    /// The storage class only. Values may be log contents or credentials, so they are never part of a
    /// description that could reach a log or an error.
    public var description: String { typeName }
}

/// A metadata value attached to a log line.
public enum LogValue: Sendable, Equatable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringInterpolation
{
    case string(String)
    case integer(Int64)
    case double(Double)
    case bool(Bool)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }

    public static func int<T: BinaryInteger>(_ value: T) -> LogValue { .integer(Int64(value)) }

    public var description: String {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        }
    }
}

/// Key/value metadata of a log line. Keys are dotted names such as `kafka.partition` or `sls.request_id`.
public typealias LogMetadata = [String: LogValue]

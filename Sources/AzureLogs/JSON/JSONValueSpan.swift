/// The kind of a JSON value, as the first byte of its text decides it.
enum JSONValueKind: UInt8, Sendable {
    case string
    case number
    case trueLiteral
    case falseLiteral
    case null
    case object
    case array

    /// The noun used in messages, for example "a JSON string".
    var phrase: String {
        switch self {
        case .string: "a JSON string"
        case .number: "a JSON number"
        case .trueLiteral, .falseLiteral: "a JSON boolean"
        case .null: "JSON null"
        case .object: "a JSON object"
        case .array: "a JSON array"
        }
    }
}

/// The position of one validated JSON value in a scanned buffer: `start..<end` covers its whole text, quotes
/// and brackets included.
///
/// A span is only meaningful together with the buffer it was scanned from.
struct JSONValueSpan: Equatable, Sendable {
    var kind: JSONValueKind
    var start: Int
    var end: Int
    /// For a string: the text contains at least one backslash escape. For an object or array: whitespace
    /// occurs between its tokens, so its compact form differs from its text. Always false for other kinds.
    var needsRewrite: Bool

    var count: Int { end - start }
}

/// One member of a JSON object: its key (a string span) and its value.
struct JSONMember: Equatable, Sendable {
    var key: JSONValueSpan
    var value: JSONValueSpan
}

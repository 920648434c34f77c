/// A configuration document as a plain tree, independent of the YAML reader that produced it.
///
/// Scalars keep their text and whether they were quoted, so that `"true"` stays text and `~` is null
/// only when unquoted. Lines are 1-based and point into the source file for error messages.
indirect enum ConfigNode: Sendable, Equatable {
    case scalar(String, quoted: Bool, line: Int)
    case sequence([ConfigNode], line: Int)
    case mapping([(key: String, value: ConfigNode)], line: Int)

    var line: Int {
        switch self {
        case .scalar(_, _, let line), .sequence(_, let line), .mapping(_, let line): line
        }
    }

    /// True for an unquoted `~`, `null` or empty scalar.
    var isNull: Bool {
        if case .scalar(let text, false, _) = self {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    var kindName: String {
        switch self {
        case .scalar: "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    static func == (lhs: ConfigNode, rhs: ConfigNode) -> Bool {
        switch (lhs, rhs) {
        case let (.scalar(a, qa, la), .scalar(b, qb, lb)):
            return a == b && qa == qb && la == lb
        case let (.sequence(a, la), .sequence(b, lb)):
            return a == b && la == lb
        case let (.mapping(a, la), .mapping(b, lb)):
            return la == lb && a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default:
            return false
        }
    }
}

/// A node of a parsed YAML document: a scalar, a sequence or a mapping.
///
/// ```swift
/// guard let root = try YAMLDocument.parse(text) else { return }  // nil for an empty file
/// let entries = try root.requireMapping()    // throws when the root is not a mapping
/// let batchSize = try root["batch_size"]?.requireScalar().integer()
/// ```
public indirect enum YAMLNode: Sendable, Equatable {
    case scalar(YAMLScalar)
    /// The items in file order, and the position where the sequence starts.
    case sequence([YAMLNode], YAMLMark)
    /// The entries in file order, with unique keys, and the position where the mapping starts.
    case mapping([YAMLMapping.Entry], YAMLMark)

    /// The position where the node starts.
    public var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(_, let mark), .mapping(_, let mark): mark
        }
    }

    /// The kind of node in words, for messages: "a scalar", "a sequence" or "a mapping".
    public var kindDescription: String {
        switch self {
        case .scalar: "a scalar"
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }

    /// Whether the node is a null scalar (see ``YAMLScalar/isNull``).
    public var isNull: Bool {
        if case .scalar(let scalar) = self { return scalar.isNull }
        return false
    }

    /// Returns the value of the entry with this key when the node is a mapping that contains it, or nil.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let entries, _) = self else { return nil }
        return entries.first(where: { $0.key == key })?.value
    }

    /// Returns the scalar, or throws ``YAMLError/invalidValue(expected:found:hint:mark:)`` with the node's mark.
    public func requireScalar() throws(YAMLError) -> YAMLScalar {
        guard case .scalar(let scalar) = self else {
            throw YAMLError.invalidValue(expected: "a scalar", found: kindDescription, hint: nil, mark: mark)
        }
        return scalar
    }

    /// Returns the sequence's items, or throws ``YAMLError/invalidValue(expected:found:hint:mark:)`` with the
    /// node's mark.
    public func requireSequence() throws(YAMLError) -> [YAMLNode] {
        guard case .sequence(let items, _) = self else {
            throw YAMLError.invalidValue(expected: "a sequence", found: kindDescription, hint: nil, mark: mark)
        }
        return items
    }

    /// Returns the mapping's entries, or throws ``YAMLError/invalidValue(expected:found:hint:mark:)`` with the
    /// node's mark.
    public func requireMapping() throws(YAMLError) -> [YAMLMapping.Entry] {
        guard case .mapping(let entries, _) = self else {
            throw YAMLError.invalidValue(expected: "a mapping", found: kindDescription, hint: nil, mark: mark)
        }
        return entries
    }
}

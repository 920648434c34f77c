import Core

/// An error in a YAML text, or a node that cannot be read as the requested kind or type. Every case carries
/// the position in the text.
public enum YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libyaml rejected the text. `problem` and `context` are libyaml's own words, such as "mapping values are
    /// not allowed in this context".
    case syntax(problem: String, context: String?, mark: YAMLMark)
    /// The text contains a second document (after `---`). Configuration and price files hold one document.
    case multipleDocuments(mark: YAMLMark)
    /// A mapping contains the same key twice.
    case duplicateKey(key: String, mark: YAMLMark, firstMark: YAMLMark)
    /// A mapping key is a sequence or a mapping. Only scalar keys are supported.
    case nonScalarKey(mark: YAMLMark)
    /// A YAML 1.1 merge key (`<<`). Merging is not supported, but an alias may copy a whole node.
    case mergeKeyUnsupported(mark: YAMLMark)
    /// An alias (`*name`) refers to no anchor defined before it, or to the node that contains the alias.
    case undefinedAlias(anchor: String, mark: YAMLMark)
    /// Copying the nodes that aliases refer to would create more than `limit` nodes.
    case aliasExpansionTooLarge(limit: Int, mark: YAMLMark)
    /// Sequences and mappings are nested more than `limit` levels deep.
    case nestingTooDeep(limit: Int, mark: YAMLMark)
    /// A sequence or mapping carries a tag other than `!!seq` or `!!map`.
    case unsupportedTag(tag: String, mark: YAMLMark)
    /// A node is not of the expected kind or type. `expected` names the type ("an integer", "a mapping"),
    /// `found` is the scalar text in quotes or the kind of node, and `hint` describes the fix.
    case invalidValue(expected: String, found: String, hint: String?, mark: YAMLMark)

    /// The position in the text where the problem is.
    public var mark: YAMLMark {
        switch self {
        case .syntax(_, _, let mark), .multipleDocuments(let mark), .duplicateKey(_, let mark, _),
             .nonScalarKey(let mark), .mergeKeyUnsupported(let mark), .undefinedAlias(_, let mark),
             .aliasExpansionTooLarge(_, let mark), .nestingTooDeep(_, let mark), .unsupportedTag(_, let mark),
             .invalidValue(_, _, _, let mark):
            return mark
        }
    }

    /// The message with the position, with any secret in a scalar's text redacted.
    public var description: String {
        let text: String
        switch self {
        case .syntax(let problem, let context, let mark):
            if let context {
                text = "invalid YAML at \(mark): \(problem) (\(context))"
            } else {
                text = "invalid YAML at \(mark): \(problem)"
            }
        case .multipleDocuments(let mark):
            text = "a second YAML document starts at \(mark), but the file must contain exactly one document"
        case .duplicateKey(let key, let mark, let firstMark):
            text = "duplicate key \(YAMLScalar.quoted(key)) at \(mark) (first set at \(firstMark))"
        case .nonScalarKey(let mark):
            text = "the mapping key at \(mark) is a sequence or a mapping, but keys must be scalars"
        case .mergeKeyUnsupported(let mark):
            text = "merge keys (<<) are not supported (found at \(mark)). "
                + "Write the entries out, or use an alias for the whole value."
        case .undefinedAlias(let anchor, let mark):
            text = "alias *\(anchor) at \(mark) refers to no anchor &\(anchor) defined before it "
                + "outside the aliased node"
        case .aliasExpansionTooLarge(let limit, let mark):
            text = "aliases would copy more than \(limit) nodes (at \(mark)). Use fewer nested aliases."
        case .nestingTooDeep(let limit, let mark):
            text = "sequences and mappings are nested more than \(limit) levels deep at \(mark)"
        case .unsupportedTag(let tag, let mark):
            text = "unsupported tag \(tag) on a sequence or mapping at \(mark). Remove the tag."
        case .invalidValue(let expected, let found, let hint, let mark):
            if let hint {
                text = "expected \(expected) at \(mark) but found \(found): \(hint)"
            } else {
                text = "expected \(expected) at \(mark) but found \(found)"
            }
        }
        return SecretRedactor.shared.redact(text)
    }
}

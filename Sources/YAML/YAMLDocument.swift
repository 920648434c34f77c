/// Reads YAML configuration and price files with libyaml (0.2.5 on Debian 12).
///
/// A file must hold at most one document. Anchors and aliases are supported by copying: an alias (`*name`)
/// becomes a copy of the node anchored `&name` earlier in the file, so the tree never shares nodes. Merge keys
/// (`<<`), recursive aliases and non-scalar mapping keys are rejected.
public enum YAMLDocument {
    /// The maximum nesting of sequences and mappings. Configuration needs a handful of levels, and the limit
    /// keeps deeply nested input from exhausting the stack of code that walks the tree recursively.
    public static let maximumDepth = 256

    /// The maximum number of nodes that aliases may copy in one document, which stops "billion laughs" input
    /// from expanding into a huge tree.
    public static let maximumAliasNodes = 100_000

    /// Parses `text` as one YAML document.
    ///
    /// - Returns: The root node, or nil when the text is empty or contains only comments, or when its one
    ///   document is empty (only `---`).
    /// - Throws: ``YAMLError`` with the line and column of the first problem: libyaml's syntax errors, a second
    ///   document, duplicate or non-scalar mapping keys, merge keys, undefined aliases, unsupported tags on
    ///   collections, and the nesting and alias limits.
    public static func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        var builder = YAMLTreeBuilder(maximumDepth: maximumDepth, maximumAliasNodes: maximumAliasNodes)
        try YAMLEventParser.forEachEvent(in: text) { event throws(YAMLError) in
            try builder.handle(event)
        }

        // An empty document, such as a lone `---`, has an empty plain scalar as its root.
        if case .scalar(let scalar) = builder.root, scalar.style == .plain, scalar.tag == nil, scalar.text.isEmpty {
            return nil
        }
        return builder.root
    }
}

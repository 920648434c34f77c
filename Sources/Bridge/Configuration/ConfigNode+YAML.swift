import YAML

extension ConfigNode {
    /// Parses YAML text; nil for an empty document. Throws the reader's error, which carries line and column.
    init?(parsingYAML text: String) throws(YAMLError) {
        guard let root = try YAMLDocument.parse(text) else { return nil }
        self.init(root)
    }

    init(_ node: YAMLNode) {
        switch node {
        case .scalar(let scalar):
            self = .scalar(scalar.text, quoted: scalar.style != .plain, line: scalar.mark.line)
        case .sequence(let items, let mark):
            self = .sequence(items.map(ConfigNode.init), line: mark.line)
        case .mapping(let entries, let mark):
            self = .mapping(entries.map { (key: $0.key, value: ConfigNode($0.value)) }, line: mark.line)
        }
    }
}

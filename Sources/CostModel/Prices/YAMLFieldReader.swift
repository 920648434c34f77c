import Foundation
import YAML

/// Reads typed fields out of a YAML tree and collects every problem, so that a broken price file is reported in
/// full at once.
final class YAMLFieldReader {
    private(set) var problems: [PriceFileProblem] = []

    func report(_ key: String, _ message: String, line: Int?) {
        problems.append(PriceFileProblem(key: key, line: line, message: message))
    }

    /// Returns a reader for the mapping `node`, or reports that it is not a mapping.
    func mapping(_ node: YAMLNode, path: String) -> YAMLMappingFields? {
        guard case .mapping(let entries, _) = node else {
            report(path.isEmpty ? "(top level)" : path, "is \(node.kindDescription), but a mapping was expected.",
                   line: node.mark.line)
            return nil
        }
        return YAMLMappingFields(reader: self, path: path, entries: entries, line: node.mark.line)
    }
}

/// The keys of one mapping: typed reads, with unknown keys reported at the end.
final class YAMLMappingFields {
    let reader: YAMLFieldReader
    let path: String
    let line: Int
    private let entries: [YAMLMapping.Entry]
    private var used: Set<String> = []

    init(reader: YAMLFieldReader, path: String, entries: [YAMLMapping.Entry], line: Int) {
        self.reader = reader
        self.path = path
        self.entries = entries
        self.line = line
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func report(_ key: String, _ message: String, line: Int? = nil) {
        reader.report(keyPath(key), message, line: line ?? self.line)
    }

    /// Returns the node of `key`, or nil when it is absent or null.
    func node(_ key: String) -> YAMLNode? {
        used.insert(key)
        guard let node = entries.first(where: { $0.key == key })?.value, !node.isNull else { return nil }
        return node
    }

    func scalar(_ key: String, required: Bool) -> YAMLScalar? {
        guard let node = node(key) else {
            if required { report(key, "is missing.") }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            report(key, "is \(node.kindDescription), but a single value was expected.", line: node.mark.line)
            return nil
        }
        return scalar
    }

    func string(_ key: String, required: Bool = false) -> String? {
        scalar(key, required: required)?.text
    }

    /// Reads a decimal number written without quotes, such as `0.0875` or `1_073_741_824`.
    func decimal(_ key: String, required: Bool = false) -> Decimal? {
        guard let scalar = scalar(key, required: required) else { return nil }
        guard scalar.style == .plain, let value = DecimalText.parse(scalar.text) else {
            report(key, "is `\(scalar.text)`, which is not a decimal number. Write it like 0.0875, without quotes.",
                   line: scalar.mark.line)
            return nil
        }
        return value
    }

    func integer(_ key: String, required: Bool = false, range: ClosedRange<Int>) -> Int? {
        guard let scalar = scalar(key, required: required) else { return nil }
        guard let value = try? scalar.integer(), range.contains(value) else {
            report(key, "is `\(scalar.text)`. Write a whole number from \(range.lowerBound) to \(range.upperBound).",
                   line: scalar.mark.line)
            return nil
        }
        return value
    }

    func bool(_ key: String) -> Bool? {
        guard let scalar = scalar(key, required: false) else { return nil }
        guard let value = try? scalar.bool() else {
            report(key, "is `\(scalar.text)`, which is not a boolean. Write true or false.", line: scalar.mark.line)
            return nil
        }
        return value
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, required: Bool = false) -> Choice?
    where Choice.RawValue == String {
        guard let scalar = scalar(key, required: required) else { return nil }
        guard let value = Choice(rawValue: scalar.text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            report(key, "is `\(scalar.text)`, which is not one of: \(allowed).", line: scalar.mark.line)
            return nil
        }
        return value
    }

    func sequence(_ key: String, required: Bool = false) -> [YAMLNode]? {
        guard let node = node(key) else {
            if required { report(key, "is missing.") }
            return nil
        }
        guard case .sequence(let items, _) = node else {
            report(key, "is \(node.kindDescription), but a list was expected.", line: node.mark.line)
            return nil
        }
        return items
    }

    func stringList(_ key: String) -> [String]? {
        guard let items = sequence(key) else { return nil }
        var values: [String] = []
        for (index, item) in items.enumerated() {
            guard case .scalar(let scalar) = item else {
                reader.report("\(keyPath(key))[\(index)]", "is \(item.kindDescription), but a single value was expected.",
                              line: item.mark.line)
                continue
            }
            values.append(scalar.text)
        }
        return values
    }

    func mapping(_ key: String) -> YAMLMappingFields? {
        guard let node = node(key) else { return nil }
        return reader.mapping(node, path: keyPath(key))
    }

    /// Reports the keys that no read asked for.
    func reportUnknownKeys() {
        for entry in entries where !used.contains(entry.key) {
            reader.report(keyPath(entry.key), "is not a known key. Remove it or correct its name.",
                          line: entry.keyMark.line)
        }
    }
}

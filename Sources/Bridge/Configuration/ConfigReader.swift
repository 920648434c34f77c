import Core
import Foundation
import Kafka

/// Reads typed values out of a ``ConfigNode`` tree and collects every problem instead of stopping at
/// the first, so that `ehbridge validate` can list them all at once.
final class ConfigReader {
    private(set) var problems: [ConfigurationProblem] = []
    let environment: EnvironmentReferences
    /// Relative `*_file` paths are resolved against this folder (the configuration file's folder).
    let baseDirectory: String

    init(environment: [String: String], baseDirectory: String) {
        self.environment = EnvironmentReferences(environment: environment)
        self.baseDirectory = baseDirectory
    }

    func report(_ key: String, _ problem: String, fix: String) {
        // A key whose value could not be read (an unset environment variable, say) is already reported;
        // calling it missing as well would only repeat the same problem.
        if problem == "is missing.", problems.contains(where: { $0.key == key }) { return }
        let fix = fix.isEmpty ? "Correct the value as described." : fix
        problems.append(ConfigurationProblem(key: key, problem: problem, fix: fix))
    }

    /// Returns a reader for the mapping at `node`, or reports that it is not a mapping.
    func mapping(_ node: ConfigNode?, path: String) -> MappingReader? {
        guard let node, !node.isNull else { return MappingReader(reader: self, path: path, entries: []) }
        guard case .mapping(let entries, _) = node else {
            report(path.isEmpty ? "(top level)" : path, "is \(node.kindName), but a mapping of keys was expected.",
                   fix: path.isEmpty
                       ? "Start the file with sections such as `source:` and `destination:`, each followed by indented `key: value` lines."
                       : "Write it as `key: value` lines indented under `\(path):`.")
            return nil
        }
        return MappingReader(reader: self, path: path, entries: entries)
    }
}

/// Reads the keys of one mapping, tracks which were used, and reports the rest as unknown.
final class MappingReader {
    let reader: ConfigReader
    let path: String
    private let entries: [(key: String, value: ConfigNode)]
    private var used: Set<String> = []

    init(reader: ConfigReader, path: String, entries: [(key: String, value: ConfigNode)]) {
        self.reader = reader
        self.path = path
        self.entries = entries
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func contains(_ key: String) -> Bool {
        entries.contains { $0.key == key && !$0.value.isNull }
    }

    /// Returns whether `key` is written with no value (`key:` or `key: ~`), which the other reads treat as absent.
    func isWrittenWithoutValue(_ key: String) -> Bool {
        entries.contains { $0.key == key && $0.value.isNull }
    }

    func node(_ key: String) -> ConfigNode? {
        used.insert(key)
        guard let node = entries.first(where: { $0.key == key })?.value, !node.isNull else { return nil }
        return node
    }

    /// Reports keys that no `read` call asked for, with the closest known key as a hint.
    func reportUnknownKeys() {
        for entry in entries where !used.contains(entry.key) {
            let suggestion = Self.closest(to: entry.key, among: used).map { " Did you mean `\($0)`?" } ?? ""
            reader.report(keyPath(entry.key), "is not a known setting (line \(entry.value.line)).",
                          fix: "Remove it or correct its name.\(suggestion)")
        }
    }

    // MARK: Scalars

    /// Returns the text of a scalar after `${NAME}` expansion, or nil when absent (reporting if required). With
    /// `isSecret`, an expansion error quotes the reference only when it is the whole value, since a reference
    /// inside other text may be part of a literal secret.
    func string(
        _ key: String, required: Bool = false, fix: @autoclosure () -> String = "", isSecret: Bool = false
    ) -> String? {
        guard let node = node(key) else {
            if required { reader.report(keyPath(key), "is missing.", fix: fix()) }
            return nil
        }
        guard case .scalar(let text, _, _) = node else {
            reader.report(keyPath(key), "is \(node.kindName), but a single value was expected.",
                          fix: singleValueFix(for: key, node: node, keyFix: fix()))
            return nil
        }
        do {
            return try reader.environment.expand(text)
        } catch {
            reportExpansion(error, key: key, quotesName: !isSecret || Self.namesVariable(error, in: text))
            return nil
        }
    }

    func int(_ key: String, default defaultValue: Int, range: ClosedRange<Int>, unit: String) -> Int {
        let rangeFix = "Write a whole number of \(unit) between \(range.lowerBound) and \(range.upperBound)."
        guard let text = string(key, fix: rangeFix) else { return defaultValue }
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard let value = Int(cleaned) else {
            if Self.isWholeNumberText(cleaned) {
                // Digits that do not fit in an Int are a number out of range, not a typing error.
                reader.report(keyPath(key), "is \(cleaned) \(unit), outside the allowed range.",
                              fix: "Use a value between \(range.lowerBound) and \(range.upperBound) \(unit).")
            } else {
                reader.report(keyPath(key), "is `\(text)`, which is not a whole number.", fix: rangeFix)
            }
            return defaultValue
        }
        guard range.contains(value) else {
            reader.report(keyPath(key), "is \(value) \(unit), outside the allowed range.",
                          fix: "Use a value between \(range.lowerBound) and \(range.upperBound) \(unit).")
            return defaultValue
        }
        return value
    }

    /// Returns whether `text` is decimal digits with an optional leading sign, which `Int.init` reads when it fits.
    private static func isWholeNumberText(_ text: String) -> Bool {
        let digits = text.utf8.first == UInt8(ascii: "-") || text.utf8.first == UInt8(ascii: "+")
            ? text.utf8.dropFirst() : text.utf8[...]
        return !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    func bool(_ key: String, default defaultValue: Bool) -> Bool {
        guard let node = node(key) else { return defaultValue }
        if case .scalar(let text, false, _) = node {
            switch text.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        let shown: String
        if case .scalar(let text, _, _) = node { shown = "`\(text)`, which is" } else { shown = node.kindName + ", which is" }
        reader.report(keyPath(key), "is \(shown) not a boolean.", fix: "Write `true` or `false` without quotes.")
        return defaultValue
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ key: String, default defaultValue: Choice? = nil, required: Bool = false
    ) -> Choice? where Choice.RawValue == String {
        let allowed = Choice.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        guard let text = string(key, required: required, fix: "Set it to one of \(allowed).") else { return defaultValue }
        guard let value = Choice(rawValue: text) else {
            reader.report(keyPath(key), "is `\(text)`, which is not a known value.", fix: "Use one of \(allowed).")
            return defaultValue
        }
        return value
    }

    /// Reads a secret given inline (usually as `${ENV_VAR}`) under `key`, or from the file named by
    /// `key_file`. The file's trailing newline is removed. Exactly one of the two may be given.
    ///
    /// With `composite`, the value is not registered with the redactor as a whole (see ``Secret/init(composite:)``).
    func secret(_ key: String, required: Bool, fix: String, composite: Bool = false) -> Secret? {
        let makeSecret: (String) -> Secret = { composite ? Secret(composite: $0) : Secret($0) }
        let fileKey = key + "_file"
        let inline = string(key, isSecret: true)
        let filePath = string(fileKey)
        switch (inline, filePath) {
        case (.some, .some):
            reader.report(keyPath(key), "is given both inline and as `\(fileKey)`.", fix: "Keep only one of the two.")
            return nil
        case (.some(let value), nil):
            if value.isEmpty {
                reader.report(keyPath(key), "is empty.", fix: fix)
                return nil
            }
            if value == SecretRedactor.placeholder {
                reader.report(keyPath(key), "is `\(value)`, the placeholder that `validate --print-config` writes in place of a secret.",
                              fix: fix)
                return nil
            }
            return makeSecret(value)
        case (nil, .some(let path)):
            let resolved = path.hasPrefix("/") ? path : reader.baseDirectory + "/" + path
            guard let data = FileManager.default.contents(atPath: resolved) else {
                reader.report(keyPath(fileKey), "names the file \(resolved), which cannot be read.",
                              fix: "Check that the file exists and that ehbridge may read it.")
                return nil
            }
            // Editors and `echo` add a line ending, Windows tools a CR LF: neither belongs to the secret.
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                reader.report(keyPath(fileKey), "names the file \(resolved), which is empty.", fix: fix)
                return nil
            }
            guard !text.contains(where: \.isNewline) else {
                reader.report(keyPath(fileKey), "names the file \(resolved), which has more than one line.",
                              fix: "Keep only the secret itself in the file, on one line.")
                return nil
            }
            return makeSecret(text)
        case (nil, nil):
            if required { reader.report(keyPath(key), "is missing.", fix: fix) }
            return nil
        }
    }

    // MARK: Collections

    /// Reads a list of texts; a single value is accepted as a list of one.
    func stringList(_ key: String) -> [String]? {
        stringListItems(key)?.map(\.value)
    }

    /// Reads a list of texts like ``stringList(_:)`` and keeps the key path of each value for messages:
    /// `source.hubs[1]` for a list item, `source.hubs` for a single value. Items that cannot be read are
    /// reported and left out, so an item's position in the result may differ from its index in the file.
    func stringListItems(_ key: String) -> [(keyPath: String, value: String)]? {
        guard let node = node(key) else { return nil }
        switch node {
        case .scalar:
            return string(key).map { [(keyPath(key), $0)] }
        case .sequence(let items, _):
            var values: [(keyPath: String, value: String)] = []
            for (index, item) in items.enumerated() {
                guard case .scalar(let text, _, _) = item else {
                    reader.report("\(keyPath(key))[\(index)]", "is \(item.kindName), but a single value was expected.",
                                  fix: "Write each list item as plain text.")
                    continue
                }
                do {
                    values.append(("\(keyPath(key))[\(index)]", try reader.environment.expand(text)))
                } catch {
                    reportExpansion(error, key: "\(key)[\(index)]")
                }
            }
            return values
        case .mapping:
            reader.report(keyPath(key), "is a mapping, but a list was expected.", fix: "Write it as `[a, b]` or as `- a` lines.")
            return nil
        }
    }

    /// Reads a mapping of texts to texts, such as raw librdkafka properties.
    func stringMap(_ key: String) -> [String: String]? {
        guard let node = node(key) else { return nil }
        guard case .mapping(let entries, _) = node else {
            reader.report(keyPath(key), "is \(node.kindName), but a mapping was expected.",
                          fix: "Write it as `name: value` lines indented under `\(key):`.")
            return nil
        }
        var values: [String: String] = [:]
        for entry in entries {
            guard case .scalar(let text, _, _) = entry.value else {
                reader.report("\(keyPath(key)).\(entry.key)", "is \(entry.value.kindName), but a single value was expected.",
                              fix: "Write the value as plain text.")
                continue
            }
            do {
                values[entry.key] = try reader.environment.expand(text)
            } catch {
                let quotesName = !Self.namesSecret(entry.key) || Self.namesVariable(error, in: text)
                reportExpansion(error, key: "\(key).\(entry.key)", quotesName: quotesName)
            }
        }
        return values
    }

    func section(_ key: String) -> MappingReader? {
        reader.mapping(node(key), path: keyPath(key))
    }

    // MARK: Helpers

    /// Returns the fix for a list or mapping given where `key` expects one value: the expected shape first, then
    /// the key's own fix when it has one. The text never writes `key:`, because the secret redactor would take
    /// what follows a secret key and a colon for its value.
    private func singleValueFix(for key: String, node: ConfigNode, keyFix: String) -> String {
        let shape = keyFix.isEmpty ? "a single string value" : "a single value"
        let unwanted = if case .mapping = node { "a mapping" } else { "a list" }
        let expected = "Give `\(key)` \(shape) on the same line as the key, not \(unwanted)."
        return keyFix.isEmpty ? expected : "\(expected) \(keyFix)"
    }

    /// Returns whether a passthrough property such as `ssl.key.password` or `sasl.oauthbearer.client.secret`
    /// contains a credential, by its name, with the rule that `--print-config` hides such values by.
    static func namesSecret(_ property: String) -> Bool {
        KafkaProperties.looksLikeCredential(property)
    }

    /// Returns whether the error of expanding a secret's `text` may quote its reference: only an unset variable
    /// named by the whole value. An invalid name is more likely part of a literal secret than a variable's name.
    static func namesVariable(_ error: EnvironmentReferences.ExpansionError, in text: String) -> Bool {
        guard case .unset = error else { return false }
        return isWholeReference(text)
    }

    /// Returns whether `text` is one `${...}` reference and nothing else.
    static func isWholeReference(_ text: String) -> Bool {
        text.hasPrefix("${") && text.hasSuffix("}") && text.dropFirst(2).dropLast().allSatisfy { $0 != "$" && $0 != "}" }
    }

    private func reportExpansion(_ error: EnvironmentReferences.ExpansionError, key: String, quotesName: Bool = true) {
        switch error {
        case .unset where !quotesName:
            reader.report(keyPath(key), "refers to an environment variable that is not set.",
                          fix: "Export the variable named inside `${...}` before starting ehbridge, or write `$${` for a literal `${` in the secret.")
        case .invalidName where !quotesName:
            reader.report(keyPath(key), "contains a `${...}` reference whose name is not a valid environment variable name.",
                          fix: "Use letters, digits and underscores, starting with a letter or underscore, or write `$${` for a literal `${` in the secret.")
        case .unset(let name):
            reader.report(keyPath(key), "refers to the environment variable \(name), which is not set.",
                          fix: "Export \(name) before starting ehbridge, or write the value in the file.")
        case .unterminated:
            reader.report(keyPath(key), "has a `${` without a closing `}`.",
                          fix: "Write environment references as ${NAME}; write `$${` for a literal `${`.")
        case .invalidName(let name):
            reader.report(keyPath(key), "refers to `${\(name)}`, which is not a valid environment variable name.",
                          fix: "Use letters, digits and underscores, starting with a letter or underscore.")
        }
    }

    private static func closest(to key: String, among candidates: Set<String>) -> String? {
        // A known key that extends the unknown one (`linger` for `linger_ms`) is the likeliest intent.
        if let extended = candidates.sorted().first(where: { $0.hasPrefix(key) || key.hasPrefix($0) }) {
            return extended
        }
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(Array(key), Array(candidate))
            if distance <= max(2, key.count / 4), distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

import Core

/// One record's source contents together with what the derived-field rules need: the value span behind each
/// content and where the known ``RecordField``s are.
///
/// `bytes` is the buffer the spans index; the view is only used while that buffer is alive.
struct RecordView {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The record's top-level fields in source order, keys unique and rewritten to the SLS key rule.
    var contents: [LogContent]
    /// The value span of each content, at the same index.
    var spans: [JSONValueSpan]
    /// For each ``RecordField`` (by raw value), the index in `contents` of the first key that matches it, or -1.
    var fieldIndexes: [Int]
    /// Keys whose string value starts with `{` but is not valid JSON, in source order.
    private(set) var unparsedJSONKeys: [String] = []
    /// How many source keys ``SLSKeyRule`` rewrote.
    private(set) var rewrittenKeyCount = 0
    /// How many `\u0000` escapes in string values became U+FFFD.
    private(set) var escapedNULCount = 0

    /// The key span of each content, at the same index, for finding repeated keys without decoding them.
    private var keySpans: [JSONValueSpan]
    /// The decoded source key of each content whose key was rewritten, at the same index; nil for the rest.
    private var sourceKeys: [String?]
    /// Whether some key starts with `ehb_`, so an added content could collide with it.
    private(set) var hasBridgePrefixedKey = false
    private let maximumKeyBytes: Int

    init(bytes: UnsafeBufferPointer<UInt8>, members: [JSONMember], maximumKeyBytes: Int) {
        self.bytes = bytes
        self.maximumKeyBytes = maximumKeyBytes
        contents = []
        contents.reserveCapacity(members.count + 8)
        spans = []
        spans.reserveCapacity(members.count)
        keySpans = []
        keySpans.reserveCapacity(members.count)
        sourceKeys = []
        sourceKeys.reserveCapacity(members.count)
        fieldIndexes = [Int](repeating: -1, count: RecordField.allCases.count)

        for member in members {
            add(member)
        }
    }

    /// Adds one member as a content. A repeated key keeps its first position and takes the later value, as
    /// JavaScript's `JSON.parse` does, because a Logstore entry cannot hold the same key twice. Distinct keys
    /// that the SLS key rule rewrites to the same key are kept apart by a numeric suffix.
    private mutating func add(_ member: JSONMember) {
        let value = contentValue(member)
        if let existing = indexOfKey(member.key) {
            contents[existing].value = value
            spans[existing] = member.value
            return
        }

        var key = JSONText.unescaped(member.key, in: bytes)
        var isAcceptable = true
        key.withUTF8 { keyBytes in
            if let field = RecordField.matching(keyBytes), fieldIndexes[field.rawValue] < 0 {
                fieldIndexes[field.rawValue] = contents.count
            }
            isAcceptable = SLSKeyRule.isAcceptable(keyBytes, maximumBytes: maximumKeyBytes)
            if isAcceptable && Self.hasBridgePrefix(keyBytes) {
                hasBridgePrefixedKey = true
            }
        }

        var sourceKey: String?
        if !isAcceptable {
            sourceKey = key
            key = SLSKeyRule.rewritten(key, maximumBytes: maximumKeyBytes)
            rewrittenKeyCount += 1
            if key.hasPrefix("ehb_") {
                hasBridgePrefixedKey = true
            }
        }
        if rewrittenKeyCount > 0 {
            key = SLSKeyRule.unique(key, maximumBytes: maximumKeyBytes) { candidate in
                contents.contains { $0.key == candidate }
            }
        }

        contents.append(LogContent(key, value))
        spans.append(member.value)
        keySpans.append(member.key)
        sourceKeys.append(sourceKey)
    }

    /// Returns whether a key starts with `ehb_`.
    @inline(__always)
    private static func hasBridgePrefix(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        key.count >= 4 && key[0] == 0x65 && key[1] == 0x68 && key[2] == 0x62 && key[3] == 0x5F
    }

    /// Returns the content text of a member's value. An escaped NUL (`\u0000`) in a string becomes U+FFFD. A
    /// string that contains a JSON object or array becomes that JSON in compact form, so that `properties` reads
    /// the same whether Azure sent it as an object or as a string. A string that starts with `{` but is not
    /// JSON stays as it is, and its key is noted.
    private mutating func contentValue(_ member: JSONMember) -> String {
        guard member.value.kind == .string else {
            return JSONText.contentValue(member.value, in: bytes)
        }
        let value = JSONText.unescapedReplacingNUL(member.value, in: bytes, nulCount: &escapedNULCount)
        guard member.value.count > 2 else {
            return value
        }
        let first = bytes[member.value.start + 1]
        guard first == ASCII.openBrace || first == ASCII.openBracket else {
            return value
        }

        switch EmbeddedJSON.inspect(value) {
        case .notJSON, .valid(compacted: nil):
            return value
        case .valid(let compacted?):
            return compacted
        case .invalidObject:
            let key = JSONText.unescaped(member.key, in: bytes)
            if !unparsedJSONKeys.contains(key) {
                unparsedJSONKeys.append(key)
            }
            return value
        }
    }

    /// Returns the index of the content whose source key equals the key at `keySpan`, comparing raw bytes
    /// unless an escape or a rewritten key is involved.
    private func indexOfKey(_ keySpan: JSONValueSpan) -> Int? {
        var decodedKey: String?
        for (index, existing) in keySpans.enumerated() {
            if existing.needsRewrite || keySpan.needsRewrite {
                if decodedKey == nil {
                    decodedKey = JSONText.unescaped(keySpan, in: bytes)
                }
                if (sourceKeys[index] ?? contents[index].key) == decodedKey {
                    return index
                }
            } else if existing.count == keySpan.count && equalBytes(existing.start, keySpan.start, count: keySpan.count) {
                return index
            }
        }
        return nil
    }

    private func equalBytes(_ first: Int, _ second: Int, count: Int) -> Bool {
        for offset in 0..<count where bytes[first + offset] != bytes[second + offset] {
            return false
        }
        return true
    }

    /// Returns the value span of a field, or nil when the record does not have it.
    func span(of field: RecordField) -> JSONValueSpan? {
        let index = fieldIndexes[field.rawValue]
        return index < 0 ? nil : spans[index]
    }

    /// Returns the text of a field for the derived-field rules, or nil when it has none: see
    /// ``FieldText/scalarText(_:in:)``. A string value reuses the already decoded content.
    func text(of field: RecordField) -> String? {
        let index = fieldIndexes[field.rawValue]
        guard index >= 0 else {
            return nil
        }
        if spans[index].kind == .string {
            let value = contents[index].value
            return value.isEmpty ? nil : value
        }
        return FieldText.scalarText(spans[index], in: bytes)
    }

    /// Returns the text of the first of `fields` that has one.
    func firstText(of fields: [RecordField]) -> String? {
        for field in fields {
            if let text = text(of: field) {
                return text
            }
        }
        return nil
    }
}

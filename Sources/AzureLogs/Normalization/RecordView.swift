import Core

/// One record's source contents together with what the derived-field rules need: the value span behind each
/// content and where the known ``RecordField``s are.
///
/// `bytes` is the buffer the spans index; the view is only used while that buffer is alive. Keys and values
/// that need no rewriting are copied from `bytes` into the packed contents as they are, without building a
/// Swift string.
struct RecordView {
    private(set) var bytes: UnsafeBufferPointer<UInt8>
    /// The record's top-level fields in source order, keys unique and rewritten to the SLS key rule.
    let contents: LogContentsBuffer
    /// The value span of each content, at the same index.
    private(set) var spans: [JSONValueSpan]
    /// For each ``RecordField`` (by raw value), the index in `contents` of the first key that matches it, or -1.
    private(set) var fieldIndexes: [Int]
    /// The entry keys whose string value starts with `{` but is not valid JSON, in source order.
    private(set) var unparsedJSONKeys: [String] = []
    /// Set by ``contentValue(_:)`` when the value it read is such a string, for ``add(key:value:members:memberIndex:)``.
    private var lastValueIsUnparsedJSON = false
    /// How many source keys ``SLSKeyRule`` rewrote.
    private(set) var rewrittenKeyCount = 0
    /// How many `\u0000` escapes in string values became U+FFFD.
    private(set) var escapedNULCount = 0
    /// Whether some key starts with `ehb_`, so an added content could collide with it.
    private(set) var hasBridgePrefixedKey = false
    /// Source keys that repeat with different values, whose earlier values the entry leaves out.
    private(set) var repeatedKeysWithLostValues: [String] = []
    /// Whether ``repeatedKeysWithLostValues`` has a key, read first so that most records skip the array.
    private(set) var hasRepeatedKeysWithLostValues = false

    /// The range of each content's value in the encoded bytes of `contents`, at the same index.
    private var valueRanges: [Range<Int>]
    private var maximumKeyBytes: Int
    /// Working arrays of ``pack(bytes:members:maximumKeyBytes:)``, kept for their capacity.
    private var scratchSources: [Int] = []
    private var scratchIsTaken: [Bool] = []

    /// Creates an empty view that packs into `contents`. ``pack(bytes:members:maximumKeyBytes:)`` fills it.
    init(contents: LogContentsBuffer) {
        self.bytes = UnsafeBufferPointer(start: nil, count: 0)
        self.maximumKeyBytes = 0
        self.contents = contents
        spans = []
        valueRanges = []
        fieldIndexes = []
    }

    /// Makes this the view of the record whose top-level `members` were scanned from `bytes`, packing its contents
    /// into `contents` after emptying it. Nothing of the previous record stays, except the arrays' capacity.
    ///
    /// A repeated key keeps its first position and takes the later value, as JavaScript's `JSON.parse` does,
    /// because a Logstore entry cannot hold the same key twice. Distinct keys that the SLS key rule rewrites to
    /// the same key are kept apart by a numeric suffix.
    ///
    /// Reusing one view keeps its arrays allocated. In profiles each allocation, which goes through the runtime's
    /// generic metadata look-up, cost more than filling the array, and a new view per record was copied out of its
    /// initializer, a retain and a release of each array.
    mutating func pack(bytes: UnsafeBufferPointer<UInt8>, members: [JSONMember], maximumKeyBytes: Int) {
        self.bytes = bytes
        self.maximumKeyBytes = maximumKeyBytes
        contents.removeAll()
        spans.removeAll(keepingCapacity: true)
        spans.reserveCapacity(members.count)
        valueRanges.removeAll(keepingCapacity: true)
        valueRanges.reserveCapacity(members.count + 8)
        fieldIndexes.removeAll(keepingCapacity: true)
        fieldIndexes.append(contentsOf: repeatElement(-1, count: RecordField.allCases.count))
        unparsedJSONKeys.removeAll(keepingCapacity: true)
        rewrittenKeyCount = 0
        escapedNULCount = 0
        hasBridgePrefixedKey = false
        repeatedKeysWithLostValues.removeAll(keepingCapacity: true)
        hasRepeatedKeysWithLostValues = false

        var sources = scratchSources
        scratchSources = []
        Self.valueSources(of: members, in: bytes, into: &sources)
        // Whether a member's value is taken by the first occurrence of its key, so that it is not read twice.
        var isTaken = scratchIsTaken
        scratchIsTaken = []
        isTaken.removeAll(keepingCapacity: true)
        isTaken.append(contentsOf: repeatElement(false, count: sources.count))
        for (index, source) in sources.enumerated() where source > index {
            isTaken[source] = true
        }
        for (index, member) in members.enumerated() {
            let source = sources[index]
            if source == index {
                add(key: member.key, value: member, members: members, memberIndex: index)
                continue
            }

            // A repeated key: its first occurrence takes the value of its last one. Every other value of the key
            // is still read for the counts and notes it adds.
            if source > index {
                _ = contentValue(member)
                add(key: member.key, value: members[source], members: members, memberIndex: index)
                if Self.losesValues(of: index, keptFrom: source, members: members, sources: sources, in: bytes) {
                    repeatedKeysWithLostValues.append(JSONText.unescaped(member.key, in: bytes))
                    hasRepeatedKeysWithLostValues = true
                }
            } else if !isTaken[index] {
                _ = contentValue(member)
            }
        }
        scratchSources = sources
        scratchIsTaken = isTaken
    }

    /// Returns whether the first occurrence of a key, at `first`, or a later one before `last` has a value other
    /// than the one at `last`, which the entry keeps. Keys and values are compared decoded, so a key or value
    /// written once with escapes and once without counts as the same.
    private static func losesValues(
        of first: Int, keptFrom last: Int, members: [JSONMember], sources: [Int], in bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        func text(_ span: JSONValueSpan) -> Slice<UnsafeBufferPointer<UInt8>> {
            bytes[span.start..<span.end]
        }
        // Two strings written differently (`"x"` and `"\u0078"`) can still hold the same text.
        func sameValue(_ value: JSONValueSpan, _ otherValue: JSONValueSpan) -> Bool {
            if text(value).elementsEqual(text(otherValue)) {
                return true
            }
            guard value.kind == .string, otherValue.kind == .string, value.needsRewrite || otherValue.needsRewrite else {
                return false
            }
            return JSONText.unescaped(value, in: bytes) == JSONText.unescaped(otherValue, in: bytes)
        }
        let keptValue = members[last].value
        if !sameValue(members[first].value, keptValue) {
            return true
        }
        // Keys are compared decoded too, so that `"\u0061"` between two `"a"` counts as the same key.
        let key = members[first].key
        for index in (first + 1)..<last where sources[index] < 0 && sameValue(members[index].key, key) {
            if !sameValue(members[index].value, keptValue) {
                return true
            }
        }
        return false
    }

    /// Returns, for each member, the index of the member whose value its content takes: the last member with
    /// the same key for the first occurrence of a key, and -1 for every later occurrence. Keys are compared as
    /// bytes, and decoded only when one of the two has an escape.
    private static func valueSources(
        of members: [JSONMember], in bytes: UnsafeBufferPointer<UInt8>, into sources: inout [Int]
    ) {
        // Comparing every pair is cheapest for the few dozen keys of a typical record. A record with many keys
        // gets a hash table, so that the work grows linearly with its keys.
        if members.count > pairwiseComparisonLimit {
            sources = hashedValueSources(of: members, in: bytes)
            return
        }
        sources.removeAll(keepingCapacity: true)
        sources.append(contentsOf: members.indices)
        var decodedKeys: [String?] = []
        // Skips the comparisons for most keys. Each earlier key without escapes sets the bit of its fingerprint, and
        // a later key without escapes can only repeat one whose bit it shares, unless an earlier key has escapes.
        var earlierFingerprints: UInt64 = 0
        var earlierHasEscapes = false
        for later in members.indices {
            let key = members[later].key
            if !key.needsRewrite {
                let bit: UInt64 = 1 << UInt64(truncatingIfNeeded: Self.fingerprint(of: key, in: bytes))
                let mayRepeat = earlierHasEscapes || earlierFingerprints & bit != 0
                earlierFingerprints |= bit
                if !mayRepeat {
                    continue
                }
            } else {
                earlierHasEscapes = true
            }
            for earlier in 0..<later where sources[earlier] >= 0 {
                let other = members[earlier].key
                let isSame: Bool
                if key.needsRewrite || other.needsRewrite {
                    if decodedKeys.isEmpty {
                        decodedKeys = [String?](repeating: nil, count: members.count)
                    }
                    isSame = decodedKey(at: later, members, bytes, &decodedKeys)
                        == decodedKey(at: earlier, members, bytes, &decodedKeys)
                } else {
                    isSame = key.count == other.count && equalBytes(bytes, key.start, other.start, count: key.count)
                }
                if isSame {
                    sources[earlier] = later
                    sources[later] = -1
                    break
                }
            }
        }
    }

    /// Returns a number from 0 to 63 made from the length and the last byte of a key span. Equal keys without
    /// escapes get equal fingerprints.
    @inline(__always)
    private static func fingerprint(of key: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // The span includes both quotes, so `end - 2` is the last byte of the key when it is not empty.
        let last = key.count > 2 ? Int(bytes[key.end - 2]) : 0
        return (key.count &* 7 &+ last) & 63
    }

    /// The member count above which ``valueSources(of:in:)`` looks keys up in a hash table.
    static let pairwiseComparisonLimit = 48

    /// Computes what ``valueSources(of:in:)`` returns with one hash table lookup per member. Keys compare as the
    /// UTF-8 of their decoded text; a key without escapes is its own decoded text.
    private static func hashedValueSources(of members: [JSONMember], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var sources = Array(members.indices)
        var firstIndexes: [[UInt8]: Int] = [:]
        firstIndexes.reserveCapacity(members.count)
        for (index, member) in members.enumerated() {
            let key = member.key
            let text = key.needsRewrite
                ? Array(JSONText.unescaped(key, in: bytes).utf8)
                : Array(bytes[(key.start + 1)..<(key.end - 1)])
            if let first = firstIndexes[text] {
                sources[first] = index
                sources[index] = -1
            } else {
                firstIndexes[text] = index
            }
        }
        return sources
    }

    private static func decodedKey(
        at index: Int, _ members: [JSONMember], _ bytes: UnsafeBufferPointer<UInt8>, _ cache: inout [String?]
    ) -> String {
        if let key = cache[index] {
            return key
        }
        let key = JSONText.unescaped(members[index].key, in: bytes)
        cache[index] = key
        return key
    }

    private static func equalBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ first: Int, _ second: Int, count: Int) -> Bool {
        for offset in 0..<count where bytes[first + offset] != bytes[second + offset] {
            return false
        }
        return true
    }

    // MARK: Adding contents

    /// Adds one content: `key` as rewritten to the SLS key rule, with the content value of `value`.
    ///
    /// A rewritten key also avoids the keys of the members after `memberIndex` that need no rewriting, so that a key
    /// the record already spells right keeps its name, also when it comes later.
    private mutating func add(
        key keySpan: JSONValueSpan, value member: JSONMember, members: [JSONMember], memberIndex: Int
    ) {
        let index = contents.count
        var keyText: String?
        var isAcceptable = true
        if keySpan.needsRewrite {
            var decoded = JSONText.unescaped(keySpan, in: bytes)
            isAcceptable = decoded.withUTF8 { noteKey($0, index: index) }
            keyText = decoded
        } else {
            isAcceptable = noteKey(rawContent(of: keySpan), index: index)
        }

        if !isAcceptable {
            let source = keyText ?? JSONText.unescaped(keySpan, in: bytes)
            let rewritten = SLSKeyRule.rewritten(source, maximumBytes: maximumKeyBytes)
            rewrittenKeyCount += 1
            if rewritten.hasPrefix("ehb_") {
                hasBridgePrefixedKey = true
            }
            keyText = rewritten
        }
        if rewrittenKeyCount > 0 {
            let candidate = keyText ?? JSONText.unescaped(keySpan, in: bytes)
            if isAcceptable {
                keyText = SLSKeyRule.unique(candidate, maximumBytes: maximumKeyBytes) { contents.containsKey($0) }
            } else {
                keyText = SLSKeyRule.unique(candidate, maximumBytes: maximumKeyBytes) { key in
                    contents.containsKey(key) || isAcceptableKey(key, amongKeysOf: members[(memberIndex + 1)...])
                }
            }
        }

        lastValueIsUnparsedJSON = false
        let valueText = needsValueText(member.value) ? contentValue(member) : nil
        if lastValueIsUnparsedJSON {
            // The entry's key, after the key rule, so that the marker names contents a query can find.
            let entryKey = keyText ?? String(decoding: rawContent(of: keySpan), as: UTF8.self)
            if !unparsedJSONKeys.contains(entryKey) {
                unparsedJSONKeys.append(entryKey)
            }
        }
        let valueRange: Range<Int>
        switch (keyText, valueText) {
        case (nil, nil):
            valueRange = contents.append(key: rawContent(of: keySpan), value: rawValue(of: member.value))
        case (var key?, nil):
            valueRange = key.withUTF8 { contents.append(key: $0, value: rawValue(of: member.value)) }
        case (nil, var value?):
            valueRange = value.withUTF8 { contents.append(key: rawContent(of: keySpan), value: $0) }
        case (var key?, var value?):
            valueRange = key.withUTF8 { keyBytes in value.withUTF8 { contents.append(key: keyBytes, value: $0) } }
        }
        spans.append(member.value)
        valueRanges.append(valueRange)
    }

    /// Returns whether `key` is written, without escapes, as the key of one of `members` and meets the SLS key rule.
    /// It runs only for a rewritten key, so records whose keys all meet the rule never pay for this walk.
    private func isAcceptableKey(_ key: String, amongKeysOf members: ArraySlice<JSONMember>) -> Bool {
        var key = key
        return key.withUTF8 { wanted in
            members.contains { member in
                guard !member.key.needsRewrite else { return false }
                let written = rawContent(of: member.key)
                return written.elementsEqual(wanted) && SLSKeyRule.isAcceptable(written, maximumBytes: maximumKeyBytes)
            }
        }
    }

    /// Records which field a source key names and whether it starts with `ehb_`, and returns whether the key meets
    /// the SLS key rule unchanged.
    private mutating func noteKey(_ key: UnsafeBufferPointer<UInt8>, index: Int) -> Bool {
        if let field = RecordField.matching(key), fieldIndexes[field.rawValue] < 0 {
            fieldIndexes[field.rawValue] = index
        }
        let isAcceptable = SLSKeyRule.isAcceptable(key, maximumBytes: maximumKeyBytes)
        if isAcceptable && Self.hasBridgePrefix(key) {
            hasBridgePrefixedKey = true
        }
        return isAcceptable
    }

    /// Returns whether a key starts with `ehb_`.
    @inline(__always)
    private static func hasBridgePrefix(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        key.count >= 4 && key[0] == 0x65 && key[1] == 0x68 && key[2] == 0x62 && key[3] == 0x5F
    }

    /// Returns whether a value's content text differs from its bytes in the record (or from a string's bytes
    /// between the quotes): a string with an escape or that may hold JSON, or an object or array with
    /// whitespace.
    private func needsValueText(_ span: JSONValueSpan) -> Bool {
        switch span.kind {
        case .string:
            guard !span.needsRewrite, span.count > 2 else {
                return span.needsRewrite
            }
            let first = bytes[span.start + 1]
            return first == ASCII.openBrace || first == ASCII.openBracket
        case .object, .array:
            return span.needsRewrite
        case .number, .trueLiteral, .falseLiteral, .null:
            return false
        }
    }

    /// Returns the bytes between the quotes of a string span.
    private func rawContent(of span: JSONValueSpan) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[(span.start + 1)..<(span.end - 1)])
    }

    /// Returns the content text of a value that ``needsValueText(_:)`` rejects, as it is in the record.
    private func rawValue(of span: JSONValueSpan) -> UnsafeBufferPointer<UInt8> {
        span.kind == .string ? rawContent(of: span) : UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
    }

    /// Returns the content text of a member's value. An escaped NUL (`\u0000`) in a string becomes U+FFFD. A
    /// string that contains a JSON object or array becomes that JSON in compact form, so that `properties` reads
    /// the same whether Azure sent it as an object or as a string. A string that starts with `{` but is not
    /// JSON stays as it is, and ``lastValueIsUnparsedJSON`` is set.
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
            lastValueIsUnparsedJSON = true
            return value
        }
    }

    // MARK: Reading fields

    /// Returns the value span of a field, or nil when the record does not have it.
    func span(of field: RecordField) -> JSONValueSpan? {
        let index = fieldIndexes[field.rawValue]
        return index < 0 ? nil : spans[index]
    }

    /// Returns the text of a field for the derived-field rules, or nil when it has none: see
    /// ``FieldText/scalarText(_:in:)``. A string value is read from the packed content, as decoded there.
    func text(of field: RecordField) -> String? {
        let index = fieldIndexes[field.rawValue]
        guard index >= 0 else {
            return nil
        }
        if spans[index].kind == .string {
            let range = valueRanges[index]
            return range.isEmpty ? nil : contents.string(in: range)
        }
        return FieldText.scalarText(spans[index], in: bytes)
    }

    /// Calls `body` with the UTF-8 bytes of ``text(of:)`` and returns its result, or returns nil without calling it
    /// when the field has no text. A string value, the usual case, is read in place from the packed content, and
    /// the bytes are only valid during the call.
    func withText<Result>(of field: RecordField, _ body: (UnsafeBufferPointer<UInt8>) -> Result?) -> Result? {
        let index = fieldIndexes[field.rawValue]
        guard index >= 0 else {
            return nil
        }
        if spans[index].kind == .string {
            let range = valueRanges[index]
            guard !range.isEmpty else {
                return nil
            }
            return contents.withEncodedBytes { body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        guard var text = FieldText.scalarText(spans[index], in: bytes) else {
            return nil
        }
        return text.withUTF8 { body($0) }
    }

    /// Returns ``firstText(of:)`` lower-cased as `String.lowercased()` does it. An ASCII string value, the usual
    /// case, is returned as its range in the packed contents, lower-cased when the field is written.
    func firstLowercasedText(of fields: [RecordField]) -> DerivedText? {
        for field in fields {
            let index = fieldIndexes[field.rawValue]
            guard index >= 0 else {
                continue
            }
            guard spans[index].kind == .string else {
                if let text = FieldText.scalarText(spans[index], in: bytes) {
                    return .string(text.lowercased())
                }
                continue
            }

            let range = valueRanges[index]
            guard !range.isEmpty else {
                continue
            }
            let isASCII = contents.withEncodedBytes { ASCII.isASCII(UnsafeBufferPointer(rebasing: $0[range])) }
            return isASCII ? .contents(range, lowercased: true) : .string(contents.string(in: range).lowercased())
        }
        return nil
    }

    /// Returns ``firstText(of:)``, with a string value as its range in the packed contents.
    func firstContentText(of fields: [RecordField]) -> DerivedText? {
        for field in fields {
            let index = fieldIndexes[field.rawValue]
            guard index >= 0 else {
                continue
            }
            if spans[index].kind == .string {
                let range = valueRanges[index]
                if !range.isEmpty {
                    return .contents(range, lowercased: false)
                }
                continue
            }
            if let text = FieldText.scalarText(spans[index], in: bytes) {
                return .string(text)
            }
        }
        return nil
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

/// The text the derived-field rules read from a JSON value.
enum FieldText {
    private static let valueName: [[UInt8]] = [Array("value".utf8)]

    /// Returns a string's decoded text, a number or boolean as written, or for an object the text of its
    /// `value` member (the `{"value": ..., "localizedValue": ...}` shape of Azure REST responses). Returns nil
    /// for null, arrays, other objects and empty strings, which count as absent. `span` must come from a
    /// validating scan of `bytes`, because an object is searched without checking it again.
    static func scalarText(_ span: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        switch span.kind {
        case .string:
            // An escaped NUL becomes U+FFFD, as in every value. The field the text comes from keeps the escape.
            var nulCount = 0
            let text = JSONText.unescapedReplacingNUL(span, in: bytes, nulCount: &nulCount)
            return text.isEmpty ? nil : text
        case .number, .trueLiteral, .falseLiteral:
            return JSONText.verbatim(span.start..<span.end, in: bytes)
        case .object:
            guard let found = ValidatedJSON.memberValues(in: bytes, objectStart: span.start, lowercasedNames: valueName),
                  let value = found[0], value.kind != .object
            else { return nil }
            return scalarText(value, in: bytes)
        case .null, .array:
            return nil
        }
    }

    /// Returns the ``scalarText(_:in:)`` of each named member of the object at `objectStart`, with names
    /// matched case-insensitively. A missing member gives a nil element. Returns nil when the value there is
    /// not a JSON object. The object must have passed a validating scan, such as a field of a record.
    static func memberTexts(
        inValidated bytes: UnsafeBufferPointer<UInt8>, objectStart: Int, lowercasedNames: [[UInt8]]
    ) -> [String?]? {
        guard let spans = ValidatedJSON.memberValues(in: bytes, objectStart: objectStart, lowercasedNames: lowercasedNames)
        else { return nil }
        return spans.map { span in span.flatMap { scalarText($0, in: bytes) } }
    }
}

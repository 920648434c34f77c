/// JSON text carried inside a string value, such as App Service `properties` sent as a string.
enum EmbeddedJSON {
    enum Inspection: Equatable {
        /// The text does not start with `{` or `[`.
        case notJSON
        /// The text is one JSON object or array; `compacted` is its compact form (see
        /// ``JSONText/compact(_:in:)``), or nil when the text is compact already.
        case valid(compacted: String?)
        /// The text starts with `{` but is not valid JSON, like the single-quoted `properties` of some
        /// FunctionAppLogs. Text starting with `[` that is not JSON (`[INFO] started`) counts as ``notJSON``,
        /// because log messages often start that way.
        case invalidObject
    }

    /// Checks whether `text`, which starts with `{` or `[` when this is worth calling, contains JSON.
    static func inspect(_ text: String) -> Inspection {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, first == ASCII.openBrace || first == ASCII.openBracket else {
                return .notJSON
            }

            var scanner = JSONScanner(bytes)
            do {
                let span = try scanner.scanValue()
                scanner.skipWhitespace()
                guard scanner.isAtEnd else {
                    return first == ASCII.openBrace ? .invalidObject : .notJSON
                }
                let isCompact = !span.needsRewrite && span.end == bytes.count
                return .valid(compacted: isCompact ? nil : JSONText.compact(span, in: bytes))
            } catch {
                return first == ASCII.openBrace ? .invalidObject : .notJSON
            }
        }
    }
}

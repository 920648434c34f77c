/// Removes secrets from text before it is written anywhere an operator or a report can see it.
///
/// Two mechanisms work together:
/// - every ``Secret`` registers its value here, and ``redact(_:)`` replaces each copy of it. That includes its
///   JSON-, logfmt- and URL-encoded forms and a cut copy, such as the start of a token in an error body that
///   was shortened to an excerpt (see ``minimumCutCopyLength``);
/// - values that look like credentials are replaced even when they were never registered: the value of
///   `SharedAccessKey=`, `SharedAccessSignature=` and `sig=` in connection strings and SAS tokens, and the
///   value of an `AccessKeySecret`, `access_key_secret`, `x-acs-security-token` or `sasl.password` setting,
///   also when the key is quoted as in JSON (`"x-acs-security-token": "…"`).
public final class SecretRedactor: Sendable {
    public static let shared = SecretRedactor()

    /// The text that stands in for a removed secret.
    public static let placeholder = "<redacted>"

    /// Secrets shorter than this are not registered: replacing a 2-character value everywhere would make
    /// every log line unreadable, and such a value protects nothing anyway.
    public static let minimumRegisteredLength = 4

    /// The shortest copy of the start of a registered secret that is removed where the text is cut right after
    /// it, marked by `…` or `...` as in an excerpt of a response body. The end of a text is no such mark: a log
    /// value such as `ehbridge-test` could end with the start of a secret by chance.
    public static let minimumCutCopyLength = 8

    /// The shortest copy of the start of a registered secret that is removed wherever it appears, with other
    /// text after it. Shorter starts are common to unrelated values, such as `demo-access-key-` in an AccessKey
    /// ID and its secret.
    public static let minimumPartialCopyLength = 24

    /// The registered secrets and their encoded forms, longest first.
    private let forms = Locked<[[UInt8]]>([])

    public init() {}

    public func register(_ value: String) {
        guard value.count >= Self.minimumRegisteredLength else { return }
        let newForms = Self.encodedForms(of: value)
        forms.withLock { list in
            for form in newForms where !list.contains(form) {
                list.append(form)
            }
            // Longer forms first, so that a secret containing another is removed whole.
            list.sort { $0.count > $1.count }
        }
    }

    /// Returns `text` with every registered secret, every cut copy of one and every credential-like value
    /// replaced by the placeholder.
    public func redact(_ text: String) -> String {
        let registered = forms.withLock { $0 }
        var bytes = Array(text.utf8)
        var changed = false
        for form in registered {
            changed = Self.replaceCopies(of: form, in: &bytes) || changed
        }
        let result = changed ? String(decoding: bytes, as: UTF8.self) : text
        return Self.redactCredentialPatterns(in: result)
    }

    /// Returns the forms a secret takes in the text this tool writes or receives: as it is, JSON- or
    /// logfmt-escaped (with and without `\/`, which some JSON encoders write for `/`) and percent-encoded.
    static func encodedForms(of value: String) -> [[UInt8]] {
        var escaped: [UInt8] = []
        var percentEncoded: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): escaped += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"): escaped += Array(#"\n"#.utf8)
            case UInt8(ascii: "\r"): escaped += Array(#"\r"#.utf8)
            case UInt8(ascii: "\t"): escaped += Array(#"\t"#.utf8)
            default: escaped.append(byte)
            }
            if isUnreservedInURL(byte) {
                percentEncoded.append(byte)
            } else {
                percentEncoded += [UInt8(ascii: "%"), hexDigit(byte >> 4), hexDigit(byte & 0x0F)]
            }
        }
        var escapedSlashes: [UInt8] = []
        for byte in escaped {
            if byte == UInt8(ascii: "/") { escapedSlashes.append(UInt8(ascii: "\\")) }
            escapedSlashes.append(byte)
        }

        var result: [[UInt8]] = [Array(value.utf8)]
        for form in [escaped, escapedSlashes, percentEncoded] where !result.contains(form) {
            result.append(form)
        }
        return result
    }

    /// Letters, digits and `-._~`, which percent-encoding keeps (RFC 3986, section 2.3).
    private static func isUnreservedInURL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
             UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    /// Replaces, in place, every whole copy of `form` and every cut or long partial copy of its start, and
    /// returns whether it replaced anything. ``minimumCutCopyLength`` and ``minimumPartialCopyLength`` set
    /// how long a partial copy must be.
    private static func replaceCopies(of form: [UInt8], in bytes: inout [UInt8]) -> Bool {
        let minimumMatch = Swift.min(form.count, minimumCutCopyLength)
        guard bytes.count >= minimumMatch, let first = form.first else { return false }
        var output: [UInt8] = []
        var copiedUpTo = 0
        var index = 0
        while index + minimumMatch <= bytes.count {
            guard bytes[index] == first else {
                index += 1
                continue
            }
            var length = 1
            while length < form.count, index + length < bytes.count, bytes[index + length] == form[length] {
                length += 1
            }
            let end = index + length
            let isWhole = length == form.count
            let isLongPartial = length >= minimumPartialCopyLength
            let isCut = length >= minimumMatch && isCutPoint(bytes, at: end)
            guard isWhole || isLongPartial || isCut else {
                index += 1
                continue
            }
            output += bytes[copiedUpTo..<index]
            output += placeholder.utf8
            copiedUpTo = end
            index = end
        }
        guard copiedUpTo > 0 else { return false }
        output += bytes[copiedUpTo...]
        bytes = output
        return true
    }

    /// Returns whether the text continues at `index` with `…` or `...`, the marks of a cut.
    private static func isCutPoint(_ bytes: [UInt8], at index: Int) -> Bool {
        let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]
        let dots: [UInt8] = Array("...".utf8)
        let rest = bytes[index...]
        return rest.starts(with: ellipsis) || rest.starts(with: dots)
    }

    /// Keys whose value is a credential, matched case-insensitively, followed by `=` or `:`.
    private static let credentialKeys = [
        "sharedaccesskey", "sharedaccesssignature", "sig", "accesskeysecret", "access_key_secret",
        "x-acs-security-token", "security_token", "sasl.password", "password",
    ]

    private static func redactCredentialPatterns(in text: String) -> String {
        var bytes = Array(text.utf8)
        // Only ASCII letters are lowered, so that every index stays valid in both arrays. `lowercased()`
        // changes the length of some letters, such as `İ`.
        let lowered = bytes.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }

        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if let valueStart = credentialValueStart(in: lowered, at: index) {
                output.append(contentsOf: bytes[index..<valueStart])
                var valueEnd = valueStart
                while valueEnd < bytes.count, !isValueTerminator(bytes[valueEnd]) { valueEnd += 1 }
                if isPlaceholder(bytes[valueStart..<valueEnd]) {
                    // A documentation placeholder such as `SharedAccessKey=<key>` is no secret; keep it readable.
                    output.append(contentsOf: bytes[valueStart..<valueEnd])
                } else if valueEnd > valueStart {
                    output.append(contentsOf: Self.placeholder.utf8)
                }
                index = valueEnd
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        bytes = output
        return String(decoding: bytes, as: UTF8.self)
    }

    /// If a credential key starts at `index` (at a word boundary) and is followed by an optional closing quote,
    /// `=` or `:` and optional spaces or a quote, returns the index where its value starts.
    private static func credentialValueStart(in lowered: [UInt8], at index: Int) -> Int? {
        if index > 0, isKeyCharacter(lowered[index - 1]) { return nil }
        for key in credentialKeys {
            let keyBytes = Array(key.utf8)
            let end = index + keyBytes.count
            guard end < lowered.count, lowered[index..<end].elementsEqual(keyBytes) else { continue }
            var cursor = end
            // A quoted key, as in JSON: `"x-acs-security-token": "…"`.
            if cursor < lowered.count, lowered[cursor] == UInt8(ascii: "\"") || lowered[cursor] == UInt8(ascii: "'") {
                cursor += 1
            }
            while cursor < lowered.count, lowered[cursor] == UInt8(ascii: " ") { cursor += 1 }
            guard cursor < lowered.count, lowered[cursor] == UInt8(ascii: "=") || lowered[cursor] == UInt8(ascii: ":")
            else { continue }
            cursor += 1
            while cursor < lowered.count,
                  lowered[cursor] == UInt8(ascii: " ") || lowered[cursor] == UInt8(ascii: "\"") || lowered[cursor] == UInt8(ascii: "'") {
                cursor += 1
            }
            return cursor
        }
        return nil
    }

    /// Returns whether a credential value is a documentation placeholder such as `<key>`: letters, `_` and `-`
    /// between `<` and `>`, followed by nothing or only by `.` and `)`, because a sentence such as "Write it
    /// as SharedAccessKey=<key>." ends right after it. A value with digits or other signs inside the brackets may be
    /// a real secret and stays redacted.
    private static func isPlaceholder(_ value: ArraySlice<UInt8>) -> Bool {
        guard value.first == UInt8(ascii: "<"), let close = value.firstIndex(of: UInt8(ascii: ">")),
              close > value.startIndex + 1
        else { return false }
        let isWordByte: (UInt8) -> Bool = { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        return value[(value.startIndex + 1)..<close].allSatisfy(isWordByte)
            && value[(close + 1)...].allSatisfy { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ")") }
    }

    private static func isKeyCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    private static func isValueTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: " "),
             UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }
}

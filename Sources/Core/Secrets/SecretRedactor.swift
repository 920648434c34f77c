/// Removes secrets from text before it is written anywhere an operator or a report can see it.
///
/// Two mechanisms work together:
/// - every ``Secret`` registers its exact value here, and ``redact(_:)`` replaces each occurrence;
/// - values that look like credentials are replaced even when they were never registered: the value of
///   `SharedAccessKey=`, `SharedAccessSignature=` and `sig=` in connection strings and SAS tokens, and the
///   value of an `AccessKeySecret`, `access_key_secret`, `x-acs-security-token` or `sasl.password` setting.
public final class SecretRedactor: Sendable {
    public static let shared = SecretRedactor()

    /// The text that stands in for a removed secret.
    public static let placeholder = "<redacted>"

    /// Secrets shorter than this are not registered: replacing a 2-character value everywhere would make
    /// every log line unreadable, and such a value protects nothing anyway.
    public static let minimumRegisteredLength = 4

    private let secrets = Locked<[String]>([])

    public init() {}

    public func register(_ value: String) {
        guard value.count >= Self.minimumRegisteredLength else { return }
        secrets.withLock { list in
            guard !list.contains(value) else { return }
            list.append(value)
            // Longer values first, so that a secret containing another is removed whole.
            list.sort { $0.count > $1.count }
        }
    }

    /// Returns `text` with every registered secret and every credential-like value replaced by the placeholder.
    public func redact(_ text: String) -> String {
        var result = text
        let registered = secrets.withLock { $0 }
        for secret in registered where result.contains(secret) {
            result = result.replacingAll(secret, with: Self.placeholder)
        }
        return Self.redactCredentialPatterns(in: result)
    }

    /// Keys whose value is a credential, matched case-insensitively, followed by `=` or `:`.
    private static let credentialKeys = [
        "sharedaccesskey", "sharedaccesssignature", "sig", "accesskeysecret", "access_key_secret",
        "x-acs-security-token", "security_token", "sasl.password", "password",
    ]

    private static func redactCredentialPatterns(in text: String) -> String {
        let lowered = Array(text.lowercased().utf8)
        var bytes = Array(text.utf8)
        // `lowercased()` keeps the UTF-8 length for ASCII; fall back to no pattern redaction otherwise.
        guard lowered.count == bytes.count else { return text }

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

    /// If a credential key starts at `index` (at a word boundary) and is followed by `=` or `:` and optional
    /// spaces or a quote, returns the index where its value starts.
    private static func credentialValueStart(in lowered: [UInt8], at index: Int) -> Int? {
        if index > 0, isKeyCharacter(lowered[index - 1]) { return nil }
        for key in credentialKeys {
            let keyBytes = Array(key.utf8)
            let end = index + keyBytes.count
            guard end < lowered.count, lowered[index..<end].elementsEqual(keyBytes) else { continue }
            var cursor = end
            while cursor < lowered.count, lowered[cursor] == UInt8(ascii: " ") { cursor += 1 }
            guard cursor < lowered.count, lowered[cursor] == UInt8(ascii: "=") || lowered[cursor] == UInt8(ascii: ":")
            else { continue }
            cursor += 1
            while cursor < lowered.count, lowered[cursor] == UInt8(ascii: " ") || lowered[cursor] == UInt8(ascii: "\"") {
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

extension String {
    /// Returns a copy with every occurrence of `target` replaced, without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var remainder = self[...]
        while let range = remainder.firstRange(of: target) {
            result += remainder[..<range.lowerBound]
            result += replacement
            remainder = remainder[range.upperBound...]
        }
        result += remainder
        return result
    }
}

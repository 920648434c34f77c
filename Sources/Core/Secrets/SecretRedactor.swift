/// Removes secrets from text before it is written anywhere an operator or a report can see it.
///
/// Two mechanisms work together:
/// - every ``Secret`` registers its value here, and ``redact(_:)`` replaces each copy of it. A copy is the whole
///   secret or a piece of at least ``minimumPartialCopyLength`` bytes from anywhere in it. Next to a cut mark
///   (`…`, `...`), as where an error body echoing a token was shortened to an excerpt, a piece of
///   ``minimumCutCopyLength`` bytes is enough. It looks in the text as written and in the text with its JSON,
///   URL and HTML escapes decoded (see ``EscapedText``), so `\u002F`, `%2f` and `&#x2F;` hide nothing;
/// - values that look like credentials are replaced even when they were never registered: the value of
///   `SharedAccessKey=`, `SharedAccessSignature=` and `sig=` in connection strings and SAS tokens, and the
///   value of an `AccessKeySecret`, `access_key_secret`, `x-acs-security-token` or `sasl.password` setting,
///   also when the key is quoted as in JSON (`"x-acs-security-token": "…"`).
///
/// A configured name that shares ``minimumPartialCopyLength`` bytes with a secret is cut as well. Real
/// AccessKey secrets, STS tokens and shared access keys are random, so only made-up test secrets do that.
public final class SecretRedactor: Sendable {
    public static let shared = SecretRedactor()

    /// The text that stands in for a removed secret.
    public static let placeholder = "<redacted>"

    /// Secrets shorter than this are not registered: replacing a 2-character value everywhere would make
    /// every log line unreadable, and such a value protects nothing anyway.
    public static let minimumRegisteredLength = 4

    /// The shortest piece of a registered secret that is removed where a cut mark (`…` or `...`) touches it, as
    /// in an excerpt of a response body. The end of a text is no such mark: a log value such as `ehbridge-test`
    /// could end with the start of a secret by chance.
    public static let minimumCutCopyLength = SecretFragmentIndex.windowLength

    /// The shortest piece of a registered secret that is removed wherever it appears. Shorter pieces are common
    /// to unrelated values, such as `demo-access-key-` in an AccessKey ID and its secret.
    public static let minimumPartialCopyLength = 24

    /// The registered secrets, and which of them are kept only as recent values of a rotating credential.
    private struct State: Sendable {
        var index = SecretFragmentIndex()
        var permanent: Set<[UInt8]> = []
        /// Per rotation, the forms of its recent values, oldest first.
        var rotations: [String: [[[UInt8]]]] = [:]
    }

    private let state = Locked(State())

    /// How many values of one rotating credential stay registered. A request signed with the previous value can
    /// still be in flight or retried after a rotation, so more than one is kept.
    public static let keptRotatingValues = 4

    public init() {}

    /// Registers `value`, and its form without surrounding white space, which a server that echoes a header
    /// value would send back.
    public func register(_ value: String) {
        let forms = Self.forms(of: value)
        state.withLock { state in
            for form in forms {
                state.permanent.insert(form)
                state.index.add(form)
            }
        }
    }

    /// Registers `value` as the latest value of the credential `rotation`, such as the STS token of one credentials
    /// source, and unregisters the values before the last ``keptRotatingValues``. A bridge that renews STS credentials
    /// every hour would otherwise keep every token it ever received.
    public func register(_ value: String, rotation: String) {
        let forms = Self.forms(of: value)
        state.withLock { state in
            var values = state.rotations[rotation, default: []]
            if values.last == forms {
                return
            }
            values.append(forms)
            for form in forms {
                state.index.add(form)
            }
            var expired: [[UInt8]] = []
            while values.count > Self.keptRotatingValues {
                expired += values.removeFirst()
            }
            state.rotations[rotation] = values
            guard !expired.isEmpty else {
                return
            }
            // Another rotation or a permanent secret may have the same value.
            let stillUsed = Set(state.rotations.values.joined().joined()).union(state.permanent)
            for form in expired where !stillUsed.contains(form) {
                state.index.remove(form)
            }
        }
    }

    /// The number of secret forms registered, for tests of the rotation bound.
    var registeredCount: Int { state.withLock { $0.index.secrets.count } }

    private static func forms(of value: String) -> [[UInt8]] {
        let trimmed = value.trimmingASCIIWhitespace()
        let forms = trimmed == value ? [value] : [value, trimmed]
        return forms.filter { $0.count >= minimumRegisteredLength }.map { Array($0.utf8) }
    }

    /// Returns `text` with every copy of a registered secret and every credential-like value replaced by the
    /// placeholder.
    public func redact(_ text: String) -> String {
        let secrets = state.withLock { $0.index }
        let bytes = Array(text.utf8)
        var ranges = secrets.copies(in: bytes, minimumPartialLength: Self.minimumPartialCopyLength)
        if let decoded = EscapedText.decode(bytes) {
            ranges += secrets.copies(in: decoded.bytes, minimumPartialLength: Self.minimumPartialCopyLength)
                .map(decoded.sourceRange(of:))
        }
        guard !ranges.isEmpty else {
            return Self.redactCredentialPatterns(in: text)
        }

        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var copiedUpTo = 0
        for range in SecretFragmentIndex.merged(ranges) {
            output += bytes[copiedUpTo..<range.lowerBound]
            output += Self.placeholder.utf8
            copiedUpTo = range.upperBound
        }
        output += bytes[copiedUpTo...]
        return Self.redactCredentialPatterns(in: String(decoding: output, as: UTF8.self))
    }

    /// Keys whose value is a credential, matched case-insensitively, followed by `=` or `:`.
    private static let credentialKeys = [
        "sharedaccesskey", "sharedaccesssignature", "sig", "accesskeysecret", "access_key_secret",
        "x-acs-security-token", "security_token", "sasl.password", "password",
    ]

    private static let credentialKeyBytes = credentialKeys.map { Array($0.utf8) }

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
                while valueEnd < bytes.count, !isValueTerminator(bytes[valueEnd]), !isEscapedQuote(bytes, at: valueEnd) {
                    valueEnd += 1
                }
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
        for keyBytes in credentialKeyBytes {
            let end = index + keyBytes.count
            guard end < lowered.count, lowered[index..<end].elementsEqual(keyBytes) else { continue }
            var cursor = end
            // A quoted key, as in JSON: `"x-acs-security-token": "…"`, or its quotes escaped inside a quoted log value.
            if isEscapedQuote(lowered, at: cursor) {
                cursor += 2
            } else if cursor < lowered.count, lowered[cursor] == UInt8(ascii: "\"") || lowered[cursor] == UInt8(ascii: "'") {
                cursor += 1
            }
            while cursor < lowered.count, lowered[cursor] == UInt8(ascii: " ") { cursor += 1 }
            guard cursor < lowered.count, lowered[cursor] == UInt8(ascii: "=") || lowered[cursor] == UInt8(ascii: ":")
            else { continue }
            cursor += 1
            while cursor < lowered.count {
                if isEscapedQuote(lowered, at: cursor) {
                    cursor += 2
                } else if lowered[cursor] == UInt8(ascii: " ") || lowered[cursor] == UInt8(ascii: "\"")
                    || lowered[cursor] == UInt8(ascii: "'") {
                    cursor += 1
                } else {
                    break
                }
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

    /// Returns whether a backslash and a quote start at `index`: a quote escaped in a logfmt or JSON string, which
    /// delimits a value as a bare quote does. Taking the backslash as the value would leave the quote unescaped.
    private static func isEscapedQuote(_ bytes: [UInt8], at index: Int) -> Bool {
        index + 1 < bytes.count && bytes[index] == UInt8(ascii: "\\")
            && (bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "'"))
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
    /// Returns the string without leading and trailing spaces, tabs, carriage returns and line feeds.
    func trimmingASCIIWhitespace() -> String {
        let isWhitespace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }),
              let last = bytes.lastIndex(where: { !isWhitespace($0) })
        else {
            return ""
        }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

/// A scalar node: the text exactly as the YAML file wrote it (after unquoting and folding), its style and tag.
///
/// A scalar stays text. The typed accessors ``bool()``, ``integer()``, ``double()`` and ``isNull`` interpret
/// it on request, and only when the scalar is eligible: a plain scalar without a tag, or any scalar tagged with
/// the matching YAML core tag (such as `!!int "42"`). A quoted, literal or folded scalar without a tag is
/// always text, so `"true"` is never a boolean and `''` is never null.
public struct YAMLScalar: Sendable, Equatable {
    /// The notation of a scalar in the file.
    public enum Style: Sendable, Equatable {
        case plain
        case singleQuoted
        case doubleQuoted
        /// A `|` block scalar.
        case literal
        /// A `>` block scalar.
        case folded
    }

    public var text: String
    public var style: Style
    /// The resolved tag, such as `tag:yaml.org,2002:str` for `!!str` or `!secret` for a local tag, or nil when
    /// the scalar had none.
    public var tag: String?
    /// The position where the scalar starts.
    public var mark: YAMLMark

    public init(text: String, style: Style = .plain, tag: String? = nil, mark: YAMLMark = YAMLMark(line: 1, column: 1)) {
        self.text = text
        self.style = style
        self.tag = tag
        self.mark = mark
    }
}

extension YAMLScalar {
    static let coreTagPrefix = "tag:yaml.org,2002:"
    static let nullTag = coreTagPrefix + "null"
    static let boolTag = coreTagPrefix + "bool"
    static let intTag = coreTagPrefix + "int"
    static let floatTag = coreTagPrefix + "float"

    /// Whether the text may be read as a value of the type that `coreTag` names.
    private func isResolvable(as coreTag: String) -> Bool {
        if let tag { return tag == coreTag }
        return style == .plain
    }

    /// Whether the scalar is a null: a plain, untagged `~`, `null`, `Null`, `NULL` or empty scalar, or any
    /// scalar tagged `!!null`.
    public var isNull: Bool {
        guard isResolvable(as: Self.nullTag) else { return false }
        if tag == Self.nullTag { return true }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// Reads the scalar as a boolean: `true`, `yes` and `on` are true, `false`, `no` and `off` are false, each
    /// in lower case, capitalized or upper case.
    ///
    /// - Throws: ``YAMLError/invalidValue(expected:found:hint:mark:)`` with the scalar's mark when the text is
    ///   none of these words, or when the scalar is quoted or tagged as another type.
    public func bool() throws(YAMLError) -> Bool {
        try requireResolvable(as: Self.boolTag, expected: "a boolean")

        let word = text.lowercased()
        let capitalized = word.prefix(1).uppercased() + word.dropFirst()
        let isKnownCase = text == word || text == word.uppercased() || text == capitalized
        if isKnownCase {
            switch word {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        throw YAMLError.invalidValue(
            expected: "a boolean", found: Self.quoted(text), hint: "write true or false (yes/no and on/off also work)",
            mark: mark
        )
    }

    /// Reads the scalar as an integer: decimal with an optional sign (`-12`), hexadecimal (`0x1F`) or octal
    /// (`0o17`). An underscore may separate digits (`1_000_000`).
    ///
    /// A decimal number with a leading zero (`0755`) is rejected, because YAML 1.1 reads it as octal and YAML 1.2
    /// as decimal.
    ///
    /// - Throws: ``YAMLError/invalidValue(expected:found:hint:mark:)`` with the scalar's mark when the text is not
    ///   an integer, does not fit in `Int`, or the scalar is quoted or tagged as another type.
    public func integer() throws(YAMLError) -> Int {
        try requireResolvable(as: Self.intTag, expected: "an integer")

        switch YAMLNumberSyntax.parseInteger(text) {
        case .success(let value):
            return value
        case .failure(let problem):
            throw YAMLError.invalidValue(expected: "an integer", found: Self.quoted(text), hint: problem.hint, mark: mark)
        }
    }

    /// Reads the scalar as a floating-point number: an integer or decimal number with an optional exponent
    /// (`0.0875`, `-1.5e3`, `42`), or `.inf`, `-.inf` and `.nan`. An underscore may separate digits.
    ///
    /// - Throws: ``YAMLError/invalidValue(expected:found:hint:mark:)`` with the scalar's mark when the text is not
    ///   a number, is finite but too large for `Double`, or the scalar is quoted or tagged as another type.
    public func double() throws(YAMLError) -> Double {
        try requireResolvable(as: Self.floatTag, expected: "a number")

        switch YAMLNumberSyntax.parseDouble(text) {
        case .success(let value):
            return value
        case .failure(let problem):
            throw YAMLError.invalidValue(expected: "a number", found: Self.quoted(text), hint: problem.hint, mark: mark)
        }
    }

    private func requireResolvable(as coreTag: String, expected: String) throws(YAMLError) {
        guard !isResolvable(as: coreTag) else { return }

        let hint: String
        if let tag {
            hint = "remove the tag \(tag)"
        } else {
            hint = "remove the quotes, because a quoted or block scalar is always text"
        }
        throw YAMLError.invalidValue(expected: expected, found: Self.quoted(text), hint: hint, mark: mark)
    }

    /// Returns the text in double quotes for an error message, shortened to 60 characters.
    static func quoted(_ text: String) -> String {
        let limit = 60
        let shortened = text.count > limit ? text.prefix(limit) + "…" : Substring(text)
        return "\"\(shortened)\""
    }
}

/// Opt-in repairs for producers known to write broken JSON. They run only after strict parsing failed, on
/// the failing message (or JSON line), and an entry they made readable names them in `ehb_sanitized`.
public struct SanitizerSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Reads single-quoted strings (`{'a':'b'}`, seen in FunctionAppLogs) as double-quoted ones. Only quotes
    /// outside double-quoted strings start one, so apostrophes inside proper strings stay. Inside a
    /// single-quoted string `\'` is a quote and `"` is escaped. Risky: `{'it's'}` stays broken.
    public static let singleQuotes = SanitizerSet(rawValue: 1 << 0)
    /// Escapes raw control characters (line feeds, carriage returns, tabs and the rest of U+0001 to U+001F)
    /// inside strings, as console and application logs of App Service write them.
    public static let controlCharacters = SanitizerSet(rawValue: 1 << 1)

    public static let all: SanitizerSet = [.singleQuotes, .controlCharacters]

    /// The configuration names, which are also the values of `ehb_sanitized`.
    public static let configurationNames: [(name: String, member: SanitizerSet)] = [
        ("single_quotes", .singleQuotes), ("control_characters", .controlCharacters),
    ]

    /// Creates the set named by configuration names; `all` stands for every member and `none` for no member.
    /// Throws ``OptionNameError`` for an unknown name.
    public init(configurationNames names: [String]) throws(OptionNameError) {
        self = []
        for name in names {
            switch name {
            case "all": formUnion(.all)
            case "none": break
            default:
                guard let member = Self.configurationNames.first(where: { $0.name == name })?.member else {
                    throw OptionNameError(
                        name: name, option: "sanitizer", accepted: Self.configurationNames.map(\.name) + ["all", "none"]
                    )
                }
                formUnion(member)
            }
        }
    }
}

/// The severity levels of Azure resource logs, which `ehb_level` is written as.
enum AzureLevel: String, Sendable {
    case critical = "Critical"
    case error = "Error"
    case warning = "Warning"
    case informational = "Informational"
    case verbose = "Verbose"

    /// Maps a `level` value: the numbers 1 to 5 (as JSON numbers or digit strings) in the order of the cases,
    /// the case names in any letter case, and the Activity Log's `Information`. Returns nil for anything else.
    init?(levelText text: String) {
        switch text.lowercased() {
        case "1", "critical": self = .critical
        case "2", "error": self = .error
        case "3", "warning": self = .warning
        case "4", "informational", "information": self = .informational
        case "5", "verbose": self = .verbose
        default: return nil
        }
    }

    /// Maps a Defender for Cloud alert `Severity`: `Low`, `Medium` and `High` in any letter case, and
    /// `Informational`. Returns nil for anything else.
    init?(severityText text: String) {
        switch text.lowercased() {
        case "informational", "low": self = .informational
        case "medium": self = .warning
        case "high": self = .error
        default: return nil
        }
    }
}

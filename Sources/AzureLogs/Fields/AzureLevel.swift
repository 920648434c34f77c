/// The severity levels of Azure resource logs, which `ehb_level` is written as.
enum AzureLevel: String, Sendable {
    case critical = "Critical"
    case error = "Error"
    case warning = "Warning"
    case informational = "Informational"
    case verbose = "Verbose"

    /// Maps a `level` value: the numbers 1 to 5 (as JSON numbers or digit strings) in the order of the cases,
    /// and words in any letter case. Besides the case names, the Activity Log's `Information` and the usual
    /// logging words map to the nearest case. `Fatal`, `Emergency`, `Alert` and `Crit` are Critical, `Err` is
    /// Error and `Warn` is Warning. `Info` and `Notice` are Informational, `Debug` and `Trace` are Verbose.
    /// Returns nil for anything else, such as the audit policy level `Metadata` of Kubernetes audit events.
    init?(levelText text: String) {
        switch text.lowercased() {
        case "1", "critical", "crit", "fatal", "emergency", "emerg", "alert": self = .critical
        case "2", "error", "err": self = .error
        case "3", "warning", "warn": self = .warning
        case "4", "informational", "information", "info", "notice": self = .informational
        case "5", "verbose", "debug", "trace": self = .verbose
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

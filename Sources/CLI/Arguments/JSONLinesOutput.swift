import Core
import Foundation

/// Text output that writes each line as a JSON log record, for commands whose configuration sets
/// `logging.format: json`, so that a log shipper parsing standard error as JSON also reads their summaries and
/// stop messages.
struct JSONLinesOutput: TextOutput {
    let base: any TextOutput
    /// The logger name of the records.
    var label = "ehbridge"

    func write(_ text: String) {
        var rendered = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let record = LogRecord(
                timestamp: Date().timeIntervalSince1970, level: .notice, label: label, message: String(line), metadata: [:]
            )
            rendered += LogFormat.json.render(record) + "\n"
        }
        if !rendered.isEmpty {
            base.write(rendered)
        }
    }

    /// Returns `base` wrapped when `format` is JSON, and `base` itself otherwise.
    static func wrapping(_ base: any TextOutput, format: LogFormat) -> any TextOutput {
        format == .json ? JSONLinesOutput(base: base) : base
    }
}

import CostModel
import Foundation
import Reporting
import Storage

/// The reports that `ehbridge demo` writes into `Reports/`: a Markdown summary and a self-contained HTML cost
/// report.
enum DemoReport {
    /// Writes `demo-report.md` and `demo-cost-report.html` into `directory` (created if missing) and returns their
    /// paths.
    static func write(
        result: DemoRun.Result, estimate: CostEstimate, meterPath: String, directory: String
    ) throws -> (markdown: String, html: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("demo-report.md")
        let htmlPath = (directory as NSString).appendingPathComponent("demo-cost-report.html")
        let reader = try MeterReader(paths: [meterPath])
        let totals = try reader.totals()
        reader.close()

        var lines = [
            "# ehbridge demo report",
            "",
            "Generated \(ISO8601DateFormatter().string(from: Date())) by `ehbridge demo`.",
            "",
            "The demo produced \(result.messagesProduced) Kafka messages (\(result.rawBytesProduced) bytes of Azure log JSON) to librdkafka's in-process mock cluster and forwarded them once per destination mode to a local SLS-compatible server on 127.0.0.1.",
            "",
            "## Meter totals per mode",
            "",
            MeterSummaryMarkdown.table(totals),
            "",
            "Raw bytes are Kafka message values as received; normalized bytes are the LogGroup protobuf before compression (`x-log-bodyrawsize`); compressed bytes are the lz4 bodies sent.",
            "",
            "## Verification",
            "",
            "| Mode | Project | Logstore | Consumed | Delivered | Empty | Dead-lettered | Logs stored by the server | Meter matches server |",
            "|---|---|---|---:|---:|---:|---:|---:|---|",
        ]
        for mode in result.modes {
            lines.append("| \(mode.mode.rawValue) | \(mode.project) | \(mode.logstore) | \(mode.summary.consumed) | \(mode.summary.delivered) | \(mode.summary.empty) | \(mode.summary.deadLettered) | \(mode.server.logs) | \(mode.verified ? "yes" : "no") |")
        }

        lines += [
            "",
            "## Cost comparison",
            "",
            "A dry run over the same messages metered both modes without sending. Its measured mix is scaled to a "
                + "day of traffic; `demo-cost-report.html` has the line items, tier arithmetic, assumptions and sources.",
            "",
        ]
        lines += CostReportMarkdown.comparisonTable(estimate)
        // Listed here because the lower bounds in the comparison table and the demo's output refer to them.
        lines += ["", "## Warnings", ""]
        lines += estimate.notes.warnings.isEmpty ? ["None."] : estimate.notes.warnings.map { "- \($0)" }
        lines.append("")

        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try CostReportHTML.render(estimate).write(toFile: htmlPath, atomically: true, encoding: .utf8)
        return (path, htmlPath)
    }
}

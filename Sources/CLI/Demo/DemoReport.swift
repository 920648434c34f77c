import Foundation
import Reporting
import Storage

/// The Markdown report that `ehbridge demo` writes into `Reports/`.
enum DemoReport {
    /// Writes `demo-report.md` into `directory` (created if missing) and returns its path.
    static func write(result: DemoRun.Result, meterPath: String, directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("demo-report.md")
        let totals = try MeterReader(paths: [meterPath]).totals()
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
        lines.append("")
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

import Storage

/// Renders meter totals per destination mode as a Markdown table.
public enum MeterSummaryMarkdown {
    /// Returns the table with one row per (mode, delivery) and a header; sizes in bytes.
    public static func table(_ totals: [MeterTotals]) -> String {
        var lines = [
            "| Mode | Delivery | Requests | Attempts | Records | Entries | Raw bytes (Kafka) | Normalized bytes | Compressed bytes |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in totals.sorted(by: { ($0.mode.rawValue, $0.delivery.rawValue) < ($1.mode.rawValue, $1.delivery.rawValue) }) {
            let amounts = row.amounts
            lines.append("| \(row.mode.rawValue) | \(row.delivery.rawValue) | \(amounts.requests) | \(amounts.attempts) | \(amounts.records) | \(amounts.entries) | \(amounts.rawBytes) | \(amounts.normalizedBytes) | \(amounts.compressedBytes) |")
        }
        return lines.joined(separator: "\n")
    }
}

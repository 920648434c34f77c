/// Builds the text of the terminal status line from two successive ``BridgeStatus`` totals.
enum StatusLineFormatter {
    /// Returns `records/s 1200 | MB/s 3.45 | lag 5000 | in flight 320 | errors 2 | ready`. Rates are over the
    /// `seconds` between the two totals; MB is 10⁶ bytes. Lag reads `-` until librdkafka sent statistics.
    static func line(previous: BridgeStatus?, current: BridgeStatus, seconds: Double) -> String {
        let elapsed = max(seconds, 0.001)
        let records = Double(current.recordsIn - min(previous?.recordsIn ?? 0, current.recordsIn)) / elapsed
        let megabytes = Double(current.bytesIn - min(previous?.bytesIn ?? 0, current.bytesIn)) / elapsed / 1_000_000
        let lag = current.lag.map(String.init) ?? "-"
        let parts = [
            "records/s \(Int(records.rounded()))",
            "MB/s \(formatTwoDecimals(megabytes))",
            "lag \(lag)",
            "in flight \(current.recordsInFlight)",
            "errors \(current.errors)",
            current.isReady ? "ready" : "NOT READY",
        ]
        return parts.joined(separator: " | ")
    }

    private static func formatTwoDecimals(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

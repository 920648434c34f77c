import Foundation

/// Renders the results as the Markdown that `docs/benchmarks.md` quotes: corpus, machine, one table per partition
/// count and the ratios between pipelines.
struct MarkdownReport {
    let command: String
    let machine: MachineInfo
    let corpus: CorpusStatistics
    let seed: UInt64
    let results: [RunResult]
    /// Reasons why some pipelines did not run, one sentence each.
    var skipped: [String] = []

    func render() -> String {
        var lines: [String] = []
        let date = ISO8601DateFormatter().string(from: Date())
        lines.append("Command: `\(command)`")
        lines.append("")
        lines.append("Date: \(date). Machine: \(machine.cpuModel), \(machine.cores) cores, "
            + "\(format(machine.memoryGiB, 1)) GiB RAM, \(machine.kernel); librdkafka \(machine.librdkafka).")
        lines.append("")
        lines.append("Corpus (seed \(seed)): \(corpus.messages) messages, \(corpus.records) records, "
            + "\(format(Double(corpus.bytes) / 1_000_000, 1)) MB; \(format(corpus.meanRecordsPerMessage, 1)) records per "
            + "message (max \(corpus.maxRecordsPerMessage)); records \(corpus.minRecordBytes) to \(corpus.maxRecordBytes) "
            + "bytes, median \(corpus.medianRecordBytes), mean \(Int(corpus.meanRecordBytes)), "
            + "\(format(corpus.recordsInSizeRange * 100, 1)) % within 0.5 to 5 KB; lz4 ratio of the JSON in 512 KiB "
            + "blocks \(format(corpus.lz4Ratio, 2)).")

        for partitions in orderedPartitions() {
            let group = results.filter { $0.partitions == partitions }
            lines.append("")
            lines.append("### \(partitions) partition\(partitions == 1 ? "" : "s")")
            lines.append("")
            lines.append("| Pipeline | MB/s | MB/s 10-90 % | CPU s | System % | CPU s per GB | MB per CPU s | Peak RSS MiB "
                + "| Delay p50 ms | Delay p99 ms | Wire ratio | Producer s | Bench CPU s |")
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for result in group {
                lines.append(row(result))
            }
            lines.append(contentsOf: ratios(group))
            for result in group where !result.problems.isEmpty {
                lines.append("")
                lines.append("Problems in \(result.pipeline.rawValue): " + result.problems.joined(separator: "; ") + ".")
            }
        }
        for reason in skipped {
            lines.append("")
            lines.append("Note: \(reason).")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func orderedPartitions() -> [Int] {
        var seen: [Int] = []
        for result in results where !seen.contains(result.partitions) {
            seen.append(result.partitions)
        }
        return seen
    }

    private func row(_ result: RunResult) -> String {
        let wireRatio = result.delivery.map { $0.compressedBytes > 0 ? format(Double($0.rawBytes) / Double($0.compressedBytes), 2) : "" } ?? ""
        let cells = [
            result.pipeline.rawValue,
            format(result.megabytesPerSecond, 1),
            result.steadyMegabytesPerSecond.map { format($0, 1) } ?? "",
            format(result.usage.cpuSeconds, 2),
            format(result.usage.cpuSeconds > 0 ? result.usage.systemSeconds / result.usage.cpuSeconds * 100 : 0, 0),
            format(result.cpuSecondsPerGB, 1),
            format(result.megabytesPerCPUSecond, 1),
            format(result.peakResidentMiB, 0),
            result.delayMilliseconds(at: 0.5).map(String.init) ?? "",
            result.delayMilliseconds(at: 0.99).map(String.init) ?? "",
            wireRatio,
            format(result.producerSeconds, 2),
            format(result.benchCPUSeconds, 2),
        ]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    /// CPU per GB of the bridge against kcat (the floor) and of each Python pipeline against the bridge.
    private func ratios(_ group: [RunResult]) -> [String] {
        guard let bridge = group.first(where: { $0.pipeline == .bridge }) else { return [] }
        var parts: [String] = []
        if let kcat = group.first(where: { $0.pipeline == .kcat }) {
            parts.append("the bridge uses \(format(bridge.cpuSecondsPerGB / kcat.cpuSecondsPerGB, 1)) times kcat's CPU per GB")
        }
        if let dryRun = group.first(where: { $0.pipeline == .bridgeDryRun }) {
            parts.append("the dry run uses \(format(dryRun.cpuSecondsPerGB / bridge.cpuSecondsPerGB, 2)) times the bridge's")
        }
        for reference in group where reference.pipeline == .pythonSDK || reference.pipeline == .pythonProducer {
            parts.append("\(reference.pipeline.rawValue) uses \(format(reference.cpuSecondsPerGB / bridge.cpuSecondsPerGB, 1)) "
                + "times the bridge's")
        }
        guard !parts.isEmpty else { return [] }
        return ["", "Ratios: " + parts.joined(separator: "; ") + "."]
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.\(digits)f", value)
    }
}

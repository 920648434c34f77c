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

    /// Corpus bytes below which the report warns that fixed costs dominate the ratios. The default corpus has
    /// 35 MB.
    static let smallCorpusBytes = 30_000_000

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
        if corpus.bytes < Self.smallCorpusBytes {
            lines.append("")
            lines.append("With a corpus this small, each pipeline's fixed cost (start-up, group join, the settle wait "
                + "and shutdown) weighs heavily on its CPU per GB, so these ratios are not comparable with those of the "
                + "default 35 MB corpus.")
        }

        let rounds = Set(results.map(\.round)).count
        if rounds > 1 {
            lines.append("")
            let median = rounds % 2 == 0 ? "the lower of the two middle runs by CPU per GB" : "the run with the median CPU per GB"
            lines.append("Each pipeline ran \(rounds) times, in interleaved rounds. A row shows \(median); the ranges cover all "
                + "runs. A ratio is taken within each round and shown as the median of the rounds (for an even count, "
                + "the lower middle one), with their range, so it need not equal the ratio of two rows.")
        }
        for partitions in orderedPartitions() {
            let group = results.filter { $0.partitions == partitions }
            let medians = medianRuns(group)
            lines.append("")
            lines.append("### \(partitions) partition\(partitions == 1 ? "" : "s")")
            lines.append("")
            lines.append("| Pipeline | MB/s | MB/s 10-90 % | CPU s | System % | CPU s per GB | MB per CPU s | Peak RSS MiB "
                + "| Delay p50 ms | Delay p99 ms | Wire ratio | Producer s | Bench CPU s |"
                + (rounds > 1 ? " CPU s per GB, all runs | Peak RSS MiB, all runs |" : ""))
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + (rounds > 1 ? "---:|---:|" : ""))
            for result in medians {
                var cells = row(result)
                if rounds > 1 {
                    let runs = group.filter { $0.pipeline == result.pipeline }
                    cells += " " + range(runs.map(\.cpuSecondsPerGB), 1) + " | " + range(runs.map(\.peakResidentMiB), 0) + " |"
                }
                lines.append(cells)
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

    /// Returns, for each pipeline in order of first appearance, its run with the median CPU per GB (the lower
    /// middle one for an even count).
    private func medianRuns(_ group: [RunResult]) -> [RunResult] {
        var pipelines: [PipelineKind] = []
        for result in group where !pipelines.contains(result.pipeline) {
            pipelines.append(result.pipeline)
        }
        return pipelines.map { pipeline in
            let runs = group.filter { $0.pipeline == pipeline }.sorted { $0.cpuSecondsPerGB < $1.cpuSecondsPerGB }
            return runs[(runs.count - 1) / 2]
        }
    }

    /// Returns the sentence of ratios: CPU per GB of the bridge against kcat (the floor) and of each Python
    /// pipeline against the bridge, each taken within a round. With several rounds, the median and the range.
    private func ratios(_ group: [RunResult]) -> [String] {
        func ratioText(_ numerator: PipelineKind, over denominator: PipelineKind, digits: Int) -> String? {
            let values = Set(group.map(\.round)).sorted().compactMap { round -> Double? in
                let runs = group.filter { $0.round == round }
                guard let top = runs.first(where: { $0.pipeline == numerator }),
                      let bottom = runs.first(where: { $0.pipeline == denominator }) else { return nil }
                return top.cpuSecondsPerGB / bottom.cpuSecondsPerGB
            }.sorted()
            guard !values.isEmpty else { return nil }
            let median = values[(values.count - 1) / 2]
            return values.count == 1 ? format(median, digits) : "\(format(median, digits)) (\(range(values, digits)))"
        }

        var parts: [String] = []
        if let value = ratioText(.bridge, over: .kcat, digits: 1) {
            parts.append("the bridge uses \(value) times kcat's CPU per GB")
        }
        if let value = ratioText(.bridgeDryRun, over: .bridge, digits: 2) {
            parts.append("the dry run uses \(value) times the bridge's")
        }
        for reference in [PipelineKind.pythonSDK, .pythonSDKPerMessage, .pythonProducer] {
            if let value = ratioText(reference, over: .bridge, digits: 1) {
                parts.append("\(reference.rawValue) uses \(value) times the bridge's")
            }
        }
        guard !parts.isEmpty else { return [] }
        return ["", "Ratios: " + parts.joined(separator: "; ") + "."]
    }

    /// Formats the smallest and the largest of `values` as "low to high".
    private func range(_ values: [Double], _ digits: Int) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        return "\(format(low, digits)) to \(format(high, digits))"
    }

    private func format(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "n/a" }
        return String(format: "%.\(digits)f", value)
    }
}

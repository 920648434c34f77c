/// The measurements of one pipeline over one partition count.
struct RunResult {
    var pipeline: PipelineKind
    var partitions: Int
    /// The round of a repeated benchmark, from 1.
    var round: Int
    var rawBytes: Int
    var messages: Int
    var records: Int
    /// From the first produce call to the end: the last acceptance by the Logstore, or kcat's exit.
    var wallSeconds: Double
    /// Seconds the producer took to hand over and deliver the corpus. A wall time close to it means that the
    /// producer, not the pipeline, set the pace.
    var producerSeconds: Double
    /// CPU time of the pipeline's process alone.
    var usage: ResourceUsage
    /// Peak resident set size of the pipeline's process, in MiB (2²⁰ bytes).
    var peakResidentMiB: Double
    /// CPU time of the bench process during the run: producer, mock cluster, local server and tracker.
    var benchCPUSeconds: Double
    /// Counts of the logs the local server received; nil for kcat.
    var delivery: AcceptanceTracker.Summary?
    /// Problems that make the numbers untrustworthy, such as missing or duplicated logs.
    var problems: [String]

    var megabytesPerSecond: Double { Double(rawBytes) / 1_000_000 / wallSeconds }
    /// The delivery rate while 10 % to 90 % of the bytes were delivered, in MB (10⁶ bytes) per second; nil for kcat.
    var steadyMegabytesPerSecond: Double? {
        delivery?.steadyBytesPerSecond(from: 0.1, to: 0.9).map { $0 / 1_000_000 }
    }
    /// CPU seconds per GB of raw input, GB meaning 10⁹ bytes.
    var cpuSecondsPerGB: Double { usage.cpuSeconds / (Double(rawBytes) / 1_000_000_000) }
    /// Raw input processed per CPU second, in MB (10⁶ bytes).
    var megabytesPerCPUSecond: Double { Double(rawBytes) / 1_000_000 / usage.cpuSeconds }

    /// Returns the delay at `fraction` (0.5 for the median) in milliseconds, or nil without deliveries.
    func delayMilliseconds(at fraction: Double) -> Int64? {
        guard let delays = delivery?.delaysMilliseconds, !delays.isEmpty else { return nil }
        let rank = Int((fraction * Double(delays.count)).rounded(.up)) - 1
        return delays[min(max(rank, 0), delays.count - 1)]
    }
}

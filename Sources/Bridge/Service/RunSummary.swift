/// The counts of a run, reconciled per partition: consumed = delivered + dead-lettered + empty + in flight.
public struct RunSummary: Sendable {
    public var partitions: [PartitionCounters]
    public var normalization: NormalizationCounters
    public var delivery: DeliveryCounters
    public var deadLetters: DeadLetterCounters
    /// Meter rows that could not be written; billing evidence is incomplete when this is not zero.
    public var meterRowsDropped: Int
    /// False when the commit at shutdown failed: records after the last successful commit are read again at
    /// the next start.
    public var finalCommitSucceeded = true

    public var consumed: Int { partitions.reduce(0) { $0 + $1.consumed } }
    public var delivered: Int { partitions.reduce(0) { $0 + $1.delivered } }
    public var deadLettered: Int { partitions.reduce(0) { $0 + $1.deadLettered } }
    public var empty: Int { partitions.reduce(0) { $0 + $1.empty } }
    public var inFlight: Int { partitions.reduce(0) { $0 + $1.inFlight } }

    /// True when every consumed record is accounted for and none is left in flight.
    public var reconciles: Bool {
        partitions.allSatisfy { $0.consumed == $0.delivered + $0.deadLettered + $0.empty + $0.inFlight } && inFlight == 0
    }

    /// Lines for the end of a run: totals, then one line per partition.
    public var lines: [String] {
        var lines = [
            "records consumed \(consumed) = delivered \(delivered) + dead-lettered \(deadLettered) + empty \(empty) + in flight \(inFlight)",
        ]
        if !finalCommitSucceeded {
            lines.append("the final offset commit failed: records after the last committed offset will be read again at the next start")
        }
        let repairs = normalization
        if repairs.adjustedTimes + repairs.truncatedValues + repairs.rewrittenKeys + repairs.repairedBytes > 0 {
            lines.append(
                "normalization: \(repairs.adjustedTimes) record times outside the SLS window replaced by the receive time, \(repairs.truncatedValues) values truncated, \(repairs.rewrittenKeys) keys rewritten, \(repairs.repairedBytes) invalid bytes replaced"
            )
        }
        for partition in partitions {
            let stored = partition.storedOffset.map(String.init) ?? "none"
            lines.append(
                "  \(partition.partition.topic)[\(partition.partition.partition)]: consumed \(partition.consumed), delivered \(partition.delivered), dead-lettered \(partition.deadLettered), empty \(partition.empty), in flight \(partition.inFlight), acknowledged to offset \(stored)"
            )
        }
        return lines
    }
}

import Storage

/// The counts of a run, reconciled per partition: consumed = delivered + dead-lettered + empty + in flight +
/// handed over (unacknowledged records of a revoked partition, which its next owner reads again).
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
    /// True for a dry run, which meters instead of delivering and commits no offset.
    public var isDryRun = false
    /// False when the group never assigned this consumer a partition: the brokers were not reached, the group
    /// had more members than the hub has partitions, or the join waited for a stopped member's session to end.
    public var wasAssigned = true
    /// The number of errors librdkafka reported during the run, such as failed connections.
    public var kafkaErrors = 0

    public var consumed: Int { partitions.reduce(0) { $0 + $1.consumed } }
    public var delivered: Int { partitions.reduce(0) { $0 + $1.delivered } }
    public var deadLettered: Int { partitions.reduce(0) { $0 + $1.deadLettered } }
    public var empty: Int { partitions.reduce(0) { $0 + $1.empty } }
    public var inFlight: Int { partitions.reduce(0) { $0 + $1.inFlight } }
    public var handedOver: Int { partitions.reduce(0) { $0 + $1.handedOver } }

    /// The time over which the records read were written to the hub, in milliseconds (see ``RecordTimeWindow``),
    /// or nil when no partition has records of two distinct times.
    public var recordTimeWindowMilliseconds: Int64? {
        recordTimeWindowMilliseconds(readMilliseconds: 0)
    }

    /// Returns ``recordTimeWindowMilliseconds`` with no partition's span shorter than `readMilliseconds`, the time
    /// the run read for (see ``RecordTimeWindow/milliseconds(_:minimumSpanMilliseconds:)``).
    public func recordTimeWindowMilliseconds(readMilliseconds: Int64) -> Int64? {
        RecordTimeWindow.milliseconds(
            partitions.map { (Int64($0.recordTimes.bytes), $0.recordTimes.milliseconds) }, minimumSpanMilliseconds: readMilliseconds
        )
    }

    /// True when every consumed record is accounted for and none is left in flight.
    public var reconciles: Bool {
        partitions.allSatisfy { $0.consumed == $0.delivered + $0.deadLettered + $0.empty + $0.inFlight + $0.handedOver }
            && inFlight == 0
    }

    /// Whether the run may exit with status 0: every record is accounted for and none is in flight, the final
    /// commit is confirmed (a dry run commits nothing and always counts as confirmed), and the meter dropped no row.
    public var succeeded: Bool {
        reconciles && finalCommitSucceeded && meterRowsDropped == 0
    }

    /// Lines for the end of a run: totals, then one line per partition.
    public var lines: [String] {
        // A dry run counts as delivered the records it metered, though nothing reached a Logstore.
        let deliveredWord = isDryRun ? "metered" : "delivered"
        let handedOverText = handedOver > 0 ? " + handed over \(handedOver)" : ""
        var lines = [
            "records consumed \(consumed) = \(deliveredWord) \(delivered) + dead-lettered \(deadLettered) + empty \(empty) + in flight \(inFlight)\(handedOverText)",
        ]
        if !finalCommitSucceeded {
            lines.append("the final offset commit failed: records after the last committed offset will be read again at the next start")
        }
        if meterRowsDropped > 0 {
            lines.append("the meter misses \(meterRowsDropped) rows that could not be written; the billing figures of this run are too low")
        }
        if deadLetters.rawCopies > 0 {
            // `dlq list --config` opens the run's store, so the dry run's store is named by the line that follows.
            let store = isDryRun ? "the dry run's dead-letter store" : "the dead-letter store"
            let hint = isDryRun ? "" : "; list them with `ehbridge dlq list`"
            lines.append(
                "raw copies: \(deadLetters.rawCopies) records \(deliveredWord) with an entry that lost part of them are kept whole in \(store)\(hint)"
            )
        }
        let repairs = normalization
        if repairs.adjustedTimes + repairs.truncatedValues + repairs.rewrittenKeys + repairs.repairedBytes + repairs.parseErrors > 0 {
            lines.append(
                "normalization: \(repairs.adjustedTimes) log times outside the SLS window replaced by the receive time, \(repairs.truncatedValues) values truncated, \(repairs.rewrittenKeys) keys rewritten, \(repairs.repairedBytes) invalid or NUL bytes replaced or dropped, \(repairs.parseErrors) unreadable messages \(isDryRun ? "metered" : "sent") as raw entries"
            )
        }
        for partition in partitions {
            let stored = partition.storedOffset.map(String.init) ?? "none"
            // A dry run commits nothing, so its last offset only shows how far it read.
            let position = isDryRun ? "processed to offset \(stored)" : "acknowledged to offset \(stored)"
            lines.append(
                "  \(partition.partition.topic)[\(partition.partition.partition)]: consumed \(partition.consumed), \(deliveredWord) \(partition.delivered), dead-lettered \(partition.deadLettered), empty \(partition.empty), in flight \(partition.inFlight)\(partition.handedOver > 0 ? ", handed over \(partition.handedOver)" : ""), \(position)"
            )
        }
        return lines
    }
}

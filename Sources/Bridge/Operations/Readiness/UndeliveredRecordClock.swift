import Core
import Kafka

/// Remembers when the bridge read each run of records, so that the age of the oldest record not yet
/// delivered (or dead-lettered, or found empty) can be computed at any time.
///
/// Within a partition the stored offset only moves over acknowledged records, so the oldest undelivered
/// record of a partition is the one at its stored offset. Runs below the stored offset are forgotten, and
/// so are the runs of a partition this instance gave up.
final class UndeliveredRecordClock: Sendable {
    /// Records of one partition read by one poll: offsets `first...last`, read at `readAtNanoseconds`.
    private struct Run: Sendable {
        var first: Int64
        var last: Int64
        var readAtNanoseconds: UInt64
    }

    private struct Partition: Sendable {
        var runs: [Run] = []
        /// The next offset to read after every acknowledged record, once one was stored.
        var acknowledgedOffset: Int64?
    }

    /// The oldest undelivered record found by ``oldest(nowNanoseconds:)``.
    struct OldestRecord: Sendable, Equatable {
        var partition: TopicPartition
        var offset: Int64
        var ageNanoseconds: UInt64
    }

    private let partitions = Locked<[TopicPartition: Partition]>([:])

    /// Notes that `records` (in offset order within each partition) were read at `nowNanoseconds`.
    func recordsRead(_ records: [KafkaRecord], nowNanoseconds: UInt64) {
        guard !records.isEmpty else { return }
        var ranges: [TopicPartition: (first: Int64, last: Int64)] = [:]
        for record in records {
            let key = record.topicPartition
            if let range = ranges[key] {
                ranges[key] = (min(range.first, record.offset), max(range.last, record.offset))
            } else {
                ranges[key] = (record.offset, record.offset)
            }
        }
        partitions.withLock { partitions in
            for (key, range) in ranges {
                partitions[key, default: Partition()].runs.append(
                    Run(first: range.first, last: range.last, readAtNanoseconds: nowNanoseconds)
                )
            }
        }
    }

    /// Notes that every record of the partition before `offset.offset` is acknowledged.
    func acknowledged(_ offset: TopicPartitionOffset) {
        partitions.withLock { partitions in
            var partition = partitions[offset.topicPartition, default: Partition()]
            partition.acknowledgedOffset = max(partition.acknowledgedOffset ?? offset.offset, offset.offset)
            partition.runs.removeAll { $0.last < offset.offset }
            partitions[offset.topicPartition] = partition
        }
    }

    /// Forgets partitions this instance no longer owns: their records are read again by the next owner.
    func release(_ released: [TopicPartition]) {
        partitions.withLock { partitions in
            for partition in released { partitions.removeValue(forKey: partition) }
        }
    }

    /// Returns the undelivered record that was read longest ago, or nil when every record read so far is
    /// acknowledged.
    func oldest(nowNanoseconds: UInt64) -> OldestRecord? {
        partitions.withLock { partitions in
            var oldest: OldestRecord?
            for (key, partition) in partitions {
                guard let run = partition.runs.first else { continue }
                let age = nowNanoseconds >= run.readAtNanoseconds ? nowNanoseconds - run.readAtNanoseconds : 0
                if oldest == nil || age > oldest!.ageNanoseconds {
                    let offset = max(run.first, partition.acknowledgedOffset ?? run.first)
                    oldest = OldestRecord(partition: key, offset: offset, ageNanoseconds: age)
                }
            }
            return oldest
        }
    }
}

import Core
import Kafka
import SLS
import Testing
@testable import Bridge

@Suite struct BatchTests {
    private func record(offset: Int64, bytes: Int) -> KafkaRecord {
        KafkaRecord(topic: "hub", partition: 0, offset: offset, timestamp: nil, key: nil,
                    value: [UInt8](repeating: 0x61, count: bytes), headers: [])
    }

    /// With shard routing, a batch can hold the first entry of an earlier record and a later entry of the next
    /// one. The events billed here belong to the first, not to the last records.
    @Test func firstEntrySizesFollowFirstEntries() {
        var batch = Batch(partition: TopicPartition(topic: "hub", partition: 0), id: 1, openedAtMilliseconds: 0)
        batch.records = [record(offset: 1, bytes: 300_000), record(offset: 2, bytes: 10_000)]
        batch.entryRecords = [0, 1]
        batch.entryIsFirst = [true, false]
        batch.firstEntryRecordCount = 1

        #expect(batch.firstEntryRecordValueSizes == [300_000])
    }

    @Test func slicedHalvesKeepFirstEntrySizes() {
        var batch = Batch(partition: TopicPartition(topic: "hub", partition: 0), id: 1, openedAtMilliseconds: 0)
        batch.records = [record(offset: 1, bytes: 70_000), record(offset: 2, bytes: 5)]
        batch.entries = (0..<4).map { LogEntry(time: 1_700_000_000, contents: [LogContent("n", "\($0)")]) }
        batch.entryRecords = [0, 0, 1, 1]
        batch.entryIsFirst = [true, false, true, false]
        batch.firstEntryRecordCount = 2

        let halves = [batch.slice(0..<1, id: 2), batch.slice(1..<4, id: 3)]

        #expect(halves.map(\.firstEntryRecordValueSizes) == [[70_000], [5]])
    }
}

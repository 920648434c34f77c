@testable import Bridge
import Kafka
import Testing

/// Tests of the window of record times that a run read, which prices a dry run that read a backlog.
@Suite struct RunSummaryTests {
    private func partition(_ number: Int32, times: [Int64], bytesEach: Int) -> PartitionCounters {
        var span = RecordTimeSpan()
        for time in times {
            span.add(timestampMilliseconds: time, bytes: bytesEach)
        }
        return PartitionCounters(
            partition: TopicPartition(topic: "hub", partition: number), consumed: times.count, delivered: times.count,
            deadLettered: 0, empty: 0, inFlight: 0, storedOffset: nil, recordTimes: span
        )
    }

    private func summary(_ partitions: [PartitionCounters]) -> RunSummary {
        RunSummary(
            partitions: partitions, normalization: NormalizationCounters(), delivery: DeliveryCounters(),
            deadLetters: DeadLetterCounters(), meterRowsDropped: 0
        )
    }

    @Test func windowOfEvenPartitionsIsTheirSpan() {
        let hour: Int64 = 3_600_000
        let window = summary([
            partition(0, times: [0, hour], bytesEach: 100), partition(1, times: [0, hour], bytesEach: 100),
        ]).recordTimeWindowMilliseconds

        #expect(window == hour)
    }

    @Test func windowWeighsPartitionsByTheirRates() {
        // 200 bytes over 1 h and 200 bytes over 2 h: 300 bytes per hour together, so 400 bytes took 80 minutes.
        let hour: Int64 = 3_600_000
        let window = summary([
            partition(0, times: [0, hour], bytesEach: 100), partition(1, times: [0, 2 * hour], bytesEach: 100),
        ]).recordTimeWindowMilliseconds

        #expect(window == Int64(80 * 60_000))
    }

    @Test func windowNeedsTwoDistinctTimes() {
        #expect(summary([partition(0, times: [5_000], bytesEach: 100)]).recordTimeWindowMilliseconds == nil)
        #expect(summary([partition(0, times: [5_000, 5_000], bytesEach: 100)]).recordTimeWindowMilliseconds == nil)
        #expect(summary([]).recordTimeWindowMilliseconds == nil)
    }

    @Test func recordsWithoutTimestampAreLeftOut() {
        var span = RecordTimeSpan()
        span.add(timestampMilliseconds: nil, bytes: 50)
        span.add(timestampMilliseconds: -1, bytes: 50)
        span.add(timestampMilliseconds: 10, bytes: 50)

        #expect(span.bytes == 50)
        #expect(span.milliseconds == 0)
    }
}

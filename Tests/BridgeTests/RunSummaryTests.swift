@testable import Bridge
import Kafka
import Testing

/// Tests of the window of record times that a run read, which prices a dry run that read a backlog.
@Suite struct RunSummaryTests {
    /// The read time of the spans below, 2026-12-05, so that their record times lie within the 90 days that count.
    private static let readAt: Int64 = 1_796_428_800_000

    private func partition(_ number: Int32, times: [Int64], bytesEach: Int) -> PartitionCounters {
        var span = RecordTimeSpan()
        for time in times {
            span.add(timestampMilliseconds: time, bytes: bytesEach, readAtMilliseconds: Self.readAt)
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
            partition(0, times: [Self.readAt - hour, Self.readAt], bytesEach: 100), partition(1, times: [Self.readAt - hour, Self.readAt], bytesEach: 100),
        ]).recordTimeWindowMilliseconds

        #expect(window == hour)
    }

    @Test func windowWeighsPartitionsByTheirRates() {
        // 200 bytes over 1 h and 200 bytes over 2 h: 300 bytes per hour together, so 400 bytes took 80 minutes.
        let hour: Int64 = 3_600_000
        let window = summary([
            partition(0, times: [Self.readAt - hour, Self.readAt], bytesEach: 100), partition(1, times: [Self.readAt - 2 * hour, Self.readAt], bytesEach: 100),
        ]).recordTimeWindowMilliseconds

        #expect(window == Int64(80 * 60_000))
    }

    @Test func windowSpansAtLeastTheReadTime() {
        let hour: Int64 = 3_600_000
        let partitions = summary([
            partition(0, times: [Self.readAt - 24 * hour, Self.readAt], bytesEach: 1_000_000),
            partition(1, times: [Self.readAt - 3, Self.readAt], bytesEach: 1_000_000),
        ])

        #expect(partitions.recordTimeWindowMilliseconds ?? 0 < 10)
        #expect(partitions.recordTimeWindowMilliseconds(readMilliseconds: 2 * 60_000) ?? 0 > 3 * 60_000)
    }

    @Test func windowNeedsTwoDistinctTimes() {
        #expect(summary([partition(0, times: [Self.readAt], bytesEach: 100)]).recordTimeWindowMilliseconds == nil)
        #expect(summary([partition(0, times: [Self.readAt, Self.readAt], bytesEach: 100)]).recordTimeWindowMilliseconds == nil)
        #expect(summary([]).recordTimeWindowMilliseconds == nil)
    }

    @Test func handedOverRecordsReconcile() {
        var revoked = partition(0, times: [Self.readAt], bytesEach: 100)
        revoked.consumed = 5
        revoked.delivered = 2
        revoked.handedOver = 3
        let lines = summary([revoked]).lines

        #expect(summary([revoked]).reconciles)
        #expect(lines.first == "records consumed 5 = delivered 2 + dead-lettered 0 + empty 0 + in flight 0 + handed over 3")
        #expect(lines.contains { $0.contains("in flight 0, handed over 3,") })
    }

    @Test func droppedMeterRowsFailTheRun() {
        let complete = summary([partition(0, times: [Self.readAt], bytesEach: 100)])
        var dropped = complete
        dropped.meterRowsDropped = 2

        #expect(complete.succeeded)
        #expect(!dropped.succeeded)
        #expect(dropped.reconciles, "the records themselves are accounted for")
        #expect(dropped.lines.contains { $0.contains("the meter misses 2 rows") })
    }

    @Test func dryRunLinesSayMeteredNotSent() {
        var run = summary([partition(0, times: [Self.readAt], bytesEach: 100)])
        run.normalization.parseErrors = 3
        run.deadLetters.rawCopies = 2
        var dryRun = run
        dryRun.isDryRun = true

        #expect(run.lines.contains { $0.hasSuffix("3 unreadable messages sent as raw entries") })
        #expect(run.lines.contains { $0.hasSuffix("kept whole in the dead-letter store; list them with `ehbridge dlq list`") })
        #expect(dryRun.lines.contains { $0.hasSuffix("3 unreadable messages metered as raw entries") })
        // `dlq list --config` would open the run's store, so the dry run's command gives the store's path instead.
        #expect(dryRun.lines.contains { $0.hasSuffix("kept whole in the dry run's dead-letter store") })
    }

    @Test func failedFinalCommitFailsTheRun() {
        var summary = summary([partition(0, times: [Self.readAt], bytesEach: 100)])
        summary.finalCommitSucceeded = false

        #expect(!summary.succeeded)
    }

    @Test func recordsWithoutTimestampAreLeftOut() {
        var span = RecordTimeSpan()
        span.add(timestampMilliseconds: nil, bytes: 50, readAtMilliseconds: Self.readAt)
        span.add(timestampMilliseconds: -1, bytes: 50, readAtMilliseconds: Self.readAt)
        span.add(timestampMilliseconds: 0, bytes: 50, readAtMilliseconds: Self.readAt)
        span.add(timestampMilliseconds: Self.readAt - 91 * 86_400_000, bytes: 50, readAtMilliseconds: Self.readAt)
        span.add(timestampMilliseconds: Self.readAt + 2 * 3_600_000, bytes: 50, readAtMilliseconds: Self.readAt)
        span.add(timestampMilliseconds: Self.readAt - 10, bytes: 50, readAtMilliseconds: Self.readAt)

        #expect(span.bytes == 50, "only the record of 10 ms ago counts")
        #expect(span.milliseconds == 0)
    }
}

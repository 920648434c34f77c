import Core
import Foundation
import Kafka
import LocalSLS
import Storage
import Testing
@testable import Bridge
import TestSupport

/// Flow control through the real consumer, pipeline and local server: a slow Logstore fills the in-flight limit,
/// partitions pause, and they resume once the backlog drains, without losing or repeating an entry.
@Suite struct FlowControlEndToEndTests {
    @Test func slowLogstorePausesAndResumesPartitions() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 2)
            // About 20 KB per message, 1.2 MB in all: several times the 128 KiB limit below.
            let values = TestMessages.envelopes(count: 60, recordsPerMessage: 2, padding: 10_000)
            try harness.produce(values)
            harness.server.injectFault(.delay(milliseconds: 150), times: 12)

            let delivery = DeliveryConfiguration(
                maxBytesInFlight: 131_072, resumeBytesInFlight: 65_536, retryBaseMilliseconds: 20,
                retryMaxMilliseconds: 400, operatorRetryMaxMilliseconds: 300, shutdownTimeoutMilliseconds: 20_000
            )
            let configuration = harness.configuration(
                batching: BatchingConfiguration(maxEntries: 8, maxBytes: 65_536, lingerMilliseconds: 20),
                maxConcurrentRequests: 1, delivery: delivery
            )
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 90_000))

            let lines = harness.logSink.lines
            #expect(lines.contains { $0.contains("partitions paused") }, "\(lines)")
            #expect(lines.contains { $0.contains("partitions resumed") }, "\(lines)")
            #expect(summary.reconciles, "\(summary.lines)")
            #expect(summary.deadLettered == 0)
            #expect(try harness.missingEntries(of: values).isEmpty)
            #expect(harness.storedEntryFingerprints() == BridgeTestHarness.expectedFingerprints(values))
            #expect(try harness.committedOffsets(group: configuration.source.consumerGroup) == harness.endOffsets())
        }
    }

    /// A meter that cannot commit (another process has the file's write lock) pauses reading, so that its queue
    /// does not overflow. Rows dropped from a full queue would have left their offsets committed without rows.
    @Test func lockedMeterPausesReadingWithoutDroppingRows() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let first = TestMessages.envelopes(count: 1, prefix: "before")
            let firstWave = TestMessages.envelopes(count: 60, recordsPerMessage: 1, prefix: "first")
            let secondWave = TestMessages.envelopes(count: 120, recordsPerMessage: 1, prefix: "second")
            try harness.produce(first)
            // One entry per batch makes one meter row per message.
            let configuration = harness.configuration(
                batching: BatchingConfiguration(maxEntries: 1, maxBytes: 524_288, lingerMilliseconds: 10)
            )
            let service = BridgeService(
                configuration: configuration, logger: harness.logger,
                meterOptions: MeterWriter.Options(queueCapacity: 100, initialRetryDelayMilliseconds: 20,
                                                  maxRetryDelayMilliseconds: 100)
            )
            let total = first.count + firstWave.count + secondWave.count
            let run = BackgroundRun(service, limits: RunLimits(maxRecords: total, durationMilliseconds: 90_000))
            let started = harness.wait(seconds: 30) { service.currentSummary()?.partitions.first?.storedOffset == 1 }
            #expect(started)

            let holder = try SQLiteDatabase(path: harness.meterPath)
            try holder.execute("BEGIN IMMEDIATE")
            try harness.produce(firstWave)
            let paused = harness.wait(seconds: 30) {
                harness.logSink.lines.contains { $0.contains("consumption paused until the meter catches up") }
            }
            #expect(paused)
            try harness.produce(secondWave)
            Thread.sleep(forTimeInterval: 1.5)
            let consumedWhileLocked = service.currentSummary()?.consumed ?? 0
            try holder.execute("ROLLBACK")
            try holder.close()
            let summary = try run.wait()

            #expect(consumedWhileLocked <= first.count + firstWave.count, "no record of the second wave is read while the meter lags: \(harness.logSink.lines.suffix(40))")
            #expect(summary.meterRowsDropped == 0, "\(summary.lines)")
            #expect(summary.reconciles, "\(summary.lines)")
            #expect(summary.delivered == total)
            #expect(try harness.meterAmounts().records == Int64(total))
            #expect(harness.logSink.lines.contains { $0.contains("meter caught up; consumption resumes") })
        }
    }

    /// librdkafka keeps a partition paused through a revoke and a new assignment, while flow control stops
    /// tracking the partitions that leave the assignment. A partition paused for the in-flight limit must still be
    /// read after a member joins and leaves the group.
    @Test func pausedPartitionIsReadAfterRebalance() async throws {
        try await blocking { try pausedPartitionAcrossRebalance() }
    }

    /// The scenario of ``pausedPartitionIsReadAfterRebalance()``, as a plain method like the rebalance tests'.
    private func pausedPartitionAcrossRebalance() throws {
        let harness = try BridgeTestHarness(partitions: 2)
        let first = TestMessages.envelopes(count: 20, recordsPerMessage: 1, padding: 10_000, prefix: "first")
        let later = TestMessages.envelopes(count: 10, recordsPerMessage: 1, padding: 10_000, prefix: "later")
        harness.server.injectFault(.delay(milliseconds: 300), times: 1_000)
        let delivery = DeliveryConfiguration(
            maxBytesInFlight: 65_536, resumeBytesInFlight: 32_768, retryBaseMilliseconds: 20,
            retryMaxMilliseconds: 400, operatorRetryMaxMilliseconds: 300, shutdownTimeoutMilliseconds: 20_000
        )
        let configuration = harness.configuration(
            batching: BatchingConfiguration(maxEntries: 2, maxBytes: 65_536, lingerMilliseconds: 20),
            maxConcurrentRequests: 1, delivery: delivery
        )
        // No record limit: records that the rebalance hands over are read twice and would count towards it.
        let run = BackgroundRun(BridgeService(configuration: configuration, logger: harness.logger),
                                limits: RunLimits(maxRecords: nil, durationMilliseconds: 90_000))
        try harness.produce(first)
        let paused = harness.wait(seconds: 30) { harness.logSink.lines.contains { $0.contains("partitions paused") } }

        // A second member of the group joins and leaves: every partition is revoked and assigned again.
        let member = try KafkaConsumer(
            configuration: try BridgeService.consumerConfiguration(configuration, kind: .run, logger: .disabled),
            logger: .disabled
        )
        try member.subscribe(topics: configuration.source.topics)
        let joined = harness.wait(seconds: 30) {
            _ = try? member.poll(maxRecords: 1, timeout: .milliseconds(100))
            return !((try? member.assignment()) ?? []).isEmpty
        }
        member.close()
        harness.server.removeAllFaults()
        try harness.produce(later)
        let everythingStored = harness.wait(seconds: 60) { ((try? harness.missingEntries(of: first + later)) ?? [""]).isEmpty }
        let summary = try run.stop()

        #expect(paused)
        #expect(joined)
        #expect(everythingStored, "\(summary.lines)")
        #expect(summary.reconciles, "\(summary.lines)")
    }
}

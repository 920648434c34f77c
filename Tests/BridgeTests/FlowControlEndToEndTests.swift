import Core
import Foundation
import LocalSLS
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
}

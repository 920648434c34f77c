import Core
import Foundation
import LocalSLS
import SLS
import Storage
import Testing
@testable import Bridge
import TestSupport

@Suite struct DeadLetterReplayerTests {
    /// Runs the bridge once with a fault that rejects the first request, so that records land in the
    /// dead-letter store; returns the harness, the values and the configuration.
    private func harnessWithDeadLetters() throws -> (BridgeTestHarness, [[UInt8]?], BridgeConfiguration) {
        let harness = try BridgeTestHarness(partitions: 1)
        let values = TestMessages.envelopes(count: 6, recordsPerMessage: 2)
        try harness.produce(values)
        harness.server.injectFault(.error(status: 400, code: "InvalidEncoding", message: "injected encoding error"), times: 1)
        let configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 4, maxBytes: 524_288, lingerMilliseconds: 20))
        let summary = try BridgeService(configuration: configuration, logger: harness.logger)
            .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))
        #expect(summary.deadLettered > 0)
        return (harness, values, configuration)
    }

    @Test func replayRemovesAcceptedLetters() async throws {
        try await blocking {
            let (harness, values, configuration) = try harnessWithDeadLetters()
            let before = try harness.deadLetters()
            let storedBefore = harness.storedLogCount

            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(summary.attempted == before.count)
            #expect(summary.replayed == before.count)
            #expect(summary.kept == 0)
            #expect(try harness.deadLetters().isEmpty)
            #expect(harness.storedLogCount == storedBefore + before.count * 2)
            #expect(try harness.missingEntries(of: values) == [])
            let replayedGroups = harness.server.logGroups(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
                .filter { $0.tags.contains(LogTag(key: "ehb_replayed", value: "true")) }
            #expect(replayedGroups.count == before.count)
            #expect(try harness.meterAmounts().records == Int64(values.count))
        }
    }

    @Test func replayKeepsLettersThatFailAgain() async throws {
        try await blocking {
            let (harness, _, configuration) = try harnessWithDeadLetters()
            let before = try harness.deadLetters()
            harness.server.injectFault(.error(status: 400, code: "InvalidTimestamp", message: "still refused"), times: before.count)

            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(summary.replayed == 0)
            #expect(summary.kept == before.count)
            #expect(summary.errors["InvalidTimestamp"] == "still refused")
            let after = try harness.deadLetters()
            #expect(after.count == before.count)
            #expect(after.allSatisfy { $0.errorCode == "InvalidTimestamp" && $0.attempts == 2 })
        }
    }
}

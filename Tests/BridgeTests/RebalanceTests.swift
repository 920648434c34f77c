import Core
import Foundation
import Kafka
import Testing
@testable import Bridge
import TestSupport

/// Two bridge instances in one consumer group: the second joins in the middle of the stream (a
/// rebalance moves partitions to it), then the first stops (its partitions move back).
@Suite struct RebalanceTests {
    @Test func joinAndLeaveLoseNothing() async throws {
        try await blocking { try joinAndLeave() }
    }

    /// The scenario of ``joinAndLeaveLoseNothing()``. It is a plain method because Swift 6.3.1's
    /// SendNonSendable pass crashes on this body when it is written inline in the `blocking` closure.
    private func joinAndLeave() throws {
        let harness = try BridgeTestHarness(partitions: 4)
        let configuration = harness.configuration(
            batching: BatchingConfiguration(maxEntries: 16, maxBytes: 524_288, lingerMilliseconds: 30)
        )
        let chunks = ChunkProducer(harness: harness)
        try chunks.produceChunk()
        let first = BackgroundRun(BridgeService(configuration: configuration, logger: harness.logger))
        #expect(harness.wait(seconds: 30) { harness.storedLogCount > 0 })

        let second = BackgroundRun(BridgeService(configuration: configuration, logger: harness.logger))
        let joined = harness.wait(seconds: 40) {
            try? chunks.produceChunk()
            Thread.sleep(forTimeInterval: 0.2)
            return (second.summarySoFar?.consumed ?? 0) > 0
        }
        #expect(joined)
        let firstSummary = try first.stop()
        try chunks.produceChunk()
        try chunks.produceChunk()

        let produced = chunks.produced
        let expectedLogs = produced.count * 2
        #expect(harness.wait(seconds: 60) { Set(harness.storedEntryFingerprints()).count == expectedLogs })
        let secondSummary = try second.stop()

        #expect(firstSummary.reconciles, "\(firstSummary.lines)")
        #expect(secondSummary.reconciles, "\(secondSummary.lines)")
        #expect(firstSummary.consumed > 0)
        #expect(secondSummary.consumed > 0)
        #expect(try harness.missingEntries(of: produced) == [])
        let committed = try harness.committedOffsets(group: configuration.source.consumerGroup)
        #expect(committed == (try harness.endOffsets()),
                "\(firstSummary.lines) \(secondSummary.lines) \(harness.logSink.lines.filter { $0.contains("partition") }.joined(separator: "\n"))")
        // Records read twice come only from partitions that moved while their records were in flight.
        let duplicates = harness.storedLogCount - expectedLogs
        #expect(duplicates >= 0)
        #expect(firstSummary.consumed + secondSummary.consumed - produced.count == duplicates / 2)
    }
}

/// Produces numbered chunks of test messages and remembers what it produced.
final class ChunkProducer: @unchecked Sendable {
    private let harness: BridgeTestHarness
    private(set) var produced: [[UInt8]?] = []
    private var chunk = 0

    init(harness: BridgeTestHarness) {
        self.harness = harness
    }

    func produceChunk() throws {
        let values = TestMessages.envelopes(count: 20, recordsPerMessage: 2, prefix: "c\(chunk)")
        try harness.produce(values, firstPartition: chunk)
        produced += values
        chunk += 1
    }
}

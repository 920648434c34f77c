import AzureLogs
import Core
import Foundation
import Kafka
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

    /// A second replay of the same store would read the letters the first one is sending and send them again.
    @Test func secondReplayOfStoreIsRefused() async throws {
        try await blocking {
            let (harness, _, configuration) = try harnessWithDeadLetters()
            let before = try harness.deadLetters()
            // Another process's replay, as the lock file shows it.
            let holder = open(configuration.deadLetterPath + ".replay-lock", O_CREAT | O_RDWR, 0o600)
            #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)

            #expect(throws: DeadLetterReplayError.alreadyRunning(lockPath: configuration.deadLetterPath + ".replay-lock")) {
                try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()
            }
            #expect(try harness.deadLetters().count == before.count)
            flock(holder, LOCK_UN)
            close(holder)
            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()
            #expect(summary.replayed == before.count)
        }
    }

    @Test func replayStopsBetweenLettersWhenAsked() async throws {
        try await blocking {
            let (harness, _, configuration) = try harnessWithDeadLetters()
            let before = try harness.deadLetters()
            #expect(before.count >= 2)
            let requestsBefore = try harness.meterAmounts().requests
            var calls = 0

            // The first two calls let one letter through, and every later call requests a stop.
            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay(
                shouldStop: {
                    calls += 1
                    return calls > 2
                }
            )

            #expect(summary.attempted == 1)
            #expect(summary.replayed == 1)
            #expect(summary.interrupted)
            #expect(try harness.deadLetters().count == before.count - 1)
            #expect(try harness.meterAmounts().requests == requestsBefore + 1, "the replayed letter's row is committed")
        }
    }

    @Test func replaySplitsRecordAtLogGroupLimit() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 1, recordsPerMessage: 10, prefix: "wide")
            try harness.produce(values)
            var configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 20, maxBytes: 524_288, lingerMilliseconds: 20))
            try runRejecting(1, harness: harness, configuration: configuration)
            let letters = try harness.deadLetters()
            try #require(letters.count == 1)

            configuration.normalization.limits.maximumLogGroupEntries = 4
            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(summary.replayed == 1)
            #expect(try harness.deadLetters().isEmpty)
            let replayed = harness.server.acceptedRequests(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
                .filter { $0.logGroup.tags.contains(LogTag(key: "ehb_replayed", value: "true")) }
            #expect(replayed.map(\.logGroup.logs.count) == [4, 4, 2])
            #expect(try harness.missingEntries(of: values) == [])
            #expect(try harness.meterAmounts().records == 1, "the record is counted once, in the request with its first entry")
        }
    }

    /// A replayed entry must look like one the pipeline delivered: the offset field, the header tags and the shard
    /// its hash key routes it to.
    @Test func replayKeepsOffsetHeaderTagsAndShardRouting() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 1, recordsPerMessage: 8, prefix: "routed")
            try harness.produce(values, headers: [KafkaHeader(name: "source-app", value: Array("billing".utf8))])
            var configuration = harness.configuration()
            configuration.destination.shardHashField = "correlationId"
            configuration.destination.shardHashBuckets = 4
            // Four rejections cover every request of the run, since the record's entries go to up to four shards.
            try runRejecting(4, harness: harness, configuration: configuration)
            let letter = try #require(try harness.deadLetters().first)
            harness.server.removeAllFaults()

            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(summary.replayed == 1)
            let replayed = harness.server.acceptedRequests(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
                .filter { $0.logGroup.tags.contains(LogTag(key: "ehb_replayed", value: "true")) }
            #expect(replayed.count > 1, "eight correlation ids over four buckets reach more than one shard")
            #expect(replayed.flatMap(\.logGroup.logs).count == 8)
            for request in replayed {
                #expect(request.logGroup.tags.contains(LogTag(key: "ehb_header_source_app", value: "billing")))
                guard case .hashKey(let key) = request.shard else {
                    Issue.record("replayed request sent without a hash key: \(request.shard)")
                    continue
                }
                for log in request.logGroup.logs {
                    #expect(ShardHashKey.key(forValue: log["correlationId"] ?? "", buckets: 4) == key)
                    #expect(log["ehb_kafka_offset"] == String(letter.kafkaOffset))
                }
            }
            #expect(try harness.missingEntries(of: values) == [])
        }
    }

    /// A record sent in one request is accepted or refused whole, so a failed replay leaves no part in the Logstore
    /// that the next replay would send again.
    @Test func replaySendsRecordInOneRequest() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 1, recordsPerMessage: 10, prefix: "whole")
            try harness.produce(values)
            var configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 4, maxBytes: 524_288, lingerMilliseconds: 20))
            try runRejecting(3, harness: harness, configuration: configuration)
            try #require(try harness.deadLetters().count == 1)
            harness.server.removeAllFaults()
            configuration.batching.maxEntries = 2

            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(summary.replayed == 1)
            let replayed = harness.server.acceptedRequests(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
                .filter { $0.logGroup.tags.contains(LogTag(key: "ehb_replayed", value: "true")) }
            #expect(replayed.map(\.logGroup.logs.count) == [10])
            #expect(try harness.missingEntries(of: values) == [])
        }
    }

    /// A record whose entries filled two batches, of which SLS refused one, keeps only the refused entries, and a
    /// replay sends those alone: the Logstore ends with each entry once.
    @Test func replaySendsOnlyRefusedEntries() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 1, recordsPerMessage: 8, prefix: "partial")
            try harness.produce(values)
            let configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 4, maxBytes: 524_288, lingerMilliseconds: 20))
            try runRejecting(1, harness: harness, configuration: configuration)
            let letter = try #require(try harness.deadLetters().first)
            let refused = try #require(letter.refusedEntries)
            #expect(["0-3", "4-7"].contains(refused.text))
            #expect(refused.recordEntryCount == 8)
            #expect(harness.storedLogCount == 4)

            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(summary.replayed == 1)
            #expect(harness.storedLogCount == 8, "the accepted entries are not sent again")
            #expect(try harness.missingEntries(of: values) == [])
            #expect(try harness.deadLetters().isEmpty)
            #expect(try harness.meterAmounts().records == 1, "the record counts once, in the request of its first entry")
        }
    }

    /// A replay whose second request fails keeps only the entries not yet accepted, so the next replay does not send
    /// the first request's entries again.
    @Test func failedReplayKeepsUnacceptedEntries() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 1, recordsPerMessage: 8, prefix: "resumed")
            try harness.produce(values)
            var configuration = harness.configuration()
            configuration.destination.shardHashField = "correlationId"
            configuration.destination.shardHashBuckets = 4
            try runRejecting(4, harness: harness, configuration: configuration)
            harness.server.removeAllFaults()
            try #require(try harness.deadLetters().count == 1)
            let client = SLSClient(configuration: BridgeService.clientConfiguration(configuration.destination), logger: .disabled)
            let secondFails = SecondRequestRejected(wrapping: client)

            let first = try DeadLetterReplayer(configuration: configuration, backend: secondFails, logger: harness.logger).replay()
            let kept = try #require(try harness.deadLetters().first)
            let second = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(first.kept == 1)
            #expect(kept.refusedEntries != nil, "the letter keeps the entries not yet accepted")
            #expect(second.replayed == 1)
            #expect(harness.storedLogCount == 8, "each entry reaches the Logstore once")
            #expect(try harness.missingEntries(of: values) == [])
            #expect(try harness.meterAmounts().records == 1)
        }
    }

    @Test func replaySkipsLettersOfOtherLogstore() async throws {
        try await blocking {
            let (harness, _, configuration) = try harnessWithDeadLetters()
            let before = try harness.deadLetters()
            let storedBefore = harness.storedLogCount
            var other = configuration
            other.destination.logstore = "another-logstore"

            let summary = try DeadLetterReplayer(configuration: other, logger: harness.logger).replay()

            #expect(summary.attempted == 0)
            #expect(summary.skippedOtherDestination == before.count)
            #expect(try harness.deadLetters().count == before.count)
            #expect(harness.storedLogCount == storedBefore)
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

    /// Wrong credentials would fail every letter the same way, so the replay stops after the first and leaves the
    /// others as they were.
    @Test func replayStopsOnRejectedCredentials() async throws {
        try await blocking {
            let (harness, _, configuration) = try harnessWithDeadLetters()
            let before = try harness.deadLetters()
            try #require(before.count >= 2)
            harness.server.injectFault(.error(status: 401, code: "Unauthorized", message: "injected bad AccessKey"), times: before.count)

            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(summary.attempted == 1)
            #expect(summary.kept == 1)
            let reason = try #require(summary.stopReason)
            #expect(reason.contains("Unauthorized"))
            #expect(reason.contains("fix the credentials"))
            let after = try harness.deadLetters()
            #expect(after.count == before.count)
            #expect(Array(after.dropFirst()) == Array(before.dropFirst()), "letters after the first are untouched")
        }
    }

    @Test func replayStopsWhenLogstoreUnreachable() async throws {
        try await blocking {
            let (harness, _, configuration) = try harnessWithDeadLetters()
            let before = try harness.deadLetters()
            try #require(before.count >= 2)
            harness.stopServer()

            let summary = try DeadLetterReplayer(configuration: configuration, maxAttempts: 2, logger: harness.logger).replay()

            #expect(summary.attempted == 1)
            #expect(summary.replayed == 0)
            let reason = try #require(summary.stopReason)
            #expect(reason.contains("run the replay again later"))
            #expect(try harness.deadLetters().count == before.count)
        }
    }

    /// Runs the bridge over the one record the harness holds, while SLS rejects the first `rejections` requests, so
    /// that the record lands in the dead-letter store.
    private func runRejecting(_ rejections: Int, harness: BridgeTestHarness, configuration: BridgeConfiguration) throws {
        harness.server.injectFault(.error(status: 400, code: "InvalidEncoding", message: "injected encoding error"), times: rejections)
        _ = try BridgeService(configuration: configuration, logger: harness.logger)
            .run(limits: RunLimits(maxRecords: 1, durationMilliseconds: 60_000))
    }

    /// Runs the bridge over `values` once with `configuration` and returns the reasons in the dead-letter store.
    private func deadLetterReasons(
        _ harness: BridgeTestHarness, values: [[UInt8]?], configuration: BridgeConfiguration
    ) throws -> [String] {
        try harness.produce(values)
        _ = try BridgeService(configuration: configuration, logger: harness.logger)
            .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))
        return try harness.deadLetters().map(\.reason.rawValue)
    }

    @Test func replayedRawCopyMetersKafkaBytesOnce() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let note = String(repeating: "x", count: 300)
            let value = #"{"records":[{"category":"Administrative","operationName":"write","note":"\#(note)"}]}"#
            var configuration = harness.configuration()
            configuration.normalization.limits.maximumValueBytes = 100
            #expect(try deadLetterReasons(harness, values: [Array(value.utf8)], configuration: configuration) == ["value_truncated"])
            let before = try harness.meterAmounts()

            configuration.normalization.limits = NormalizationLimits()
            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger)
                .replay(includeRawCopies: true)

            #expect(summary.replayed == 1)
            let after = try harness.meterAmounts()
            #expect(after.records == before.records)
            #expect(after.rawBytes == before.rawBytes)
            #expect(after.billableEvents == before.billableEvents)
            #expect(after.entries == before.entries + 1)
            #expect(after.compressedBytes > before.compressedBytes)
            // The full-text index of the replayed entry is metered as storage on top of its compressed body.
            #expect(after.storedBytes - before.storedBytes > after.compressedBytes - before.compressedBytes)
            #expect(after.rowsBeforeMeterV2 == 0)
        }
    }

    @Test func replayWithoutReasonCountsSkippedRawCopiesByReason() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let note = String(repeating: "x", count: 300)
            let long = #"{"records":[{"category":"Administrative","operationName":"write","note":"\#(note)"}]}"#
            var configuration = harness.configuration()
            configuration.normalization.limits.maximumValueBytes = 100
            let values: [[UInt8]?] = [Array(long.utf8), [0x66, 0xFF, 0xFE, 0x67]]
            let reasons = try deadLetterReasons(harness, values: values, configuration: configuration)
            #expect(reasons.sorted() == ["raw_text_not_utf8", "value_truncated"])

            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(summary.attempted == 0)
            #expect(summary.skippedRawCopies == 2)
            #expect(summary.skippedRawCopiesByReason == ["raw_text_not_utf8": 1, "value_truncated": 1])
        }
    }

    @Test func replayKeepsInvalidTextWithAdvice() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let configuration = harness.configuration()
            let reasons = try deadLetterReasons(harness, values: [[0x66, 0xFF, 0xFE, 0x67]], configuration: configuration)
            #expect(reasons == ["raw_text_not_utf8"])

            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger)
                .replay(includeRawCopies: true)

            #expect(summary.kept == 1)
            let letter = try #require(try harness.deadLetters().first)
            #expect(letter.errorCode == "NotRepairable")
            #expect(letter.errorMessage.contains("`ehbridge dlq export` writes the original bytes"))
            #expect(!letter.errorMessage.contains("max_value_bytes"))
        }
    }

    @Test func replaySendsRejectedRecordKeepsCopy() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let configuration = harness.configuration()
            harness.server.injectFault(.error(status: 400, code: "InvalidEncoding", message: "injected encoding error"), times: 1)
            let reasons = try deadLetterReasons(harness, values: [[0x66, 0xFF, 0xFE, 0x67]], configuration: configuration)
            // The refused record replaces its raw copy; the replay keeps a raw copy again once the lossy entry is in.
            #expect(reasons.sorted() == ["sls_rejected"])
            #expect(harness.storedLogCount == 0)

            let summary = try DeadLetterReplayer(configuration: configuration, logger: harness.logger).replay()

            #expect(summary.replayed == 1)
            #expect(harness.storedLogCount == 1)
            #expect(try harness.deadLetters().map(\.reason.rawValue) == ["raw_text_not_utf8"])
        }
    }
}

/// A backend that rejects its second request for its data and passes the others to `base`.
private final class SecondRequestRejected: LogstoreBackend, @unchecked Sendable {
    private let base: any LogstoreBackend
    private let count = Locked(0)

    init(wrapping base: any LogstoreBackend) {
        self.base = base
    }

    func putLogs(_ request: PutLogsRequest, completion: @escaping @Sendable (PutLogsResult) -> Void) {
        let number = count.withLock { value -> Int in
            value += 1
            return value
        }
        guard number != 2 else {
            let error = SLSServiceError(httpStatus: 400, code: "InvalidEncoding", message: "rejected by the test", requestID: nil)
            completion(.failed(.service(error, serverTime: nil)))
            return
        }
        base.putLogs(request, completion: completion)
    }

    func shutdown() {
        base.shutdown()
    }
}

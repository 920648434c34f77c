import Core
import Foundation
import Kafka
import LocalSLS
import SLS
import Storage
import Testing
@testable import Bridge
import TestSupport

/// Faults in the Logstore and in Kafka while the bridge runs. Each test checks that every produced entry is
/// in the Logstore or in the dead-letter store, that the per-partition counts reconcile, and that the
/// committed offsets reach the end of each partition.
@Suite struct FaultToleranceTests {
    private func finish(_ harness: BridgeTestHarness, _ summary: RunSummary, values: [[UInt8]?], group: String) throws {
        #expect(summary.reconciles, "\(summary.lines)")
        #expect(summary.inFlight == 0)
        let missing = try harness.missingEntries(of: values)
        #expect(missing.isEmpty, "\(missing.count) entries missing; \(summary.lines)")
        let committed = try harness.committedOffsets(group: group)
        #expect(committed == (try harness.endOffsets()), "committed \(committed); \(summary.lines)")
    }

    @Test func serverErrorBurstIsRetried() async throws {
        try await blocking {
            let harness = try BridgeTestHarness()
            let first = TestMessages.envelopes(count: 30, prefix: "a")
            let second = TestMessages.envelopes(count: 30, prefix: "b")
            try harness.produce(first)

            let configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 10, maxBytes: 524_288, lingerMilliseconds: 20))
            let run = BackgroundRun(BridgeService(configuration: configuration, logger: harness.logger),
                                    limits: RunLimits(maxRecords: 60, durationMilliseconds: 90_000))
            #expect(harness.wait(seconds: 30) { harness.storedLogCount > 0 })
            harness.server.injectFault(.internalServerError, times: 4)
            harness.server.injectFault(.tooManyRequests, times: 3)
            harness.server.injectFault(.serverBusy, times: 3)
            harness.server.injectFault(.writeQuotaExceeded, times: 2)
            try harness.produce(second)
            let summary = try run.wait()

            try finish(harness, summary, values: first + second, group: configuration.source.consumerGroup)
            #expect(harness.server.pendingFaultCount == 0)
            #expect(summary.delivery.retries >= 12)
            #expect(summary.deadLettered == 0)
            #expect(harness.storedLogCount == 180)
        }
    }

    @Test func resetAndSlowConnectionsAreRetried() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 2)
            let values = TestMessages.envelopes(count: 30)
            try harness.produce(values)
            harness.server.injectFault(.disconnect, times: 3)
            harness.server.injectFault(.delay(milliseconds: 1_500), times: 2)

            var configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 8, maxBytes: 524_288, lingerMilliseconds: 20))
            configuration.destination.requestTimeoutMilliseconds = 1_000
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 90_000))

            try finish(harness, summary, values: values, group: configuration.source.consumerGroup)
            #expect(harness.server.pendingFaultCount == 0)
            #expect(summary.delivery.transportErrors >= 5)
            #expect(summary.deadLettered == 0)
        }
    }

    @Test func quotaErrorsSlowDownAndRecover() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 2)
            let values = TestMessages.envelopes(count: 40)
            try harness.produce(values)
            harness.server.injectFault(.shardWriteQuotaExceeded, times: 8)

            let configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 6, maxBytes: 524_288, lingerMilliseconds: 20))
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 90_000))

            try finish(harness, summary, values: values, group: configuration.source.consumerGroup)
            #expect(summary.delivery.serviceErrors["ShardWriteQuotaExceed"] == 8)
            #expect(summary.deadLettered == 0)
            let hints = harness.logSink.lines.filter { $0.contains("SLS write quota exceeded") }
            #expect(hints.count == 1)
            #expect(hints.first?.contains("Split the Logstore's shards") == true)
        }
    }

    @Test func unreachableLogstoreRecovers() async throws {
        try await blocking {
            let harness = try BridgeTestHarness()
            let values = TestMessages.envelopes(count: 40)
            try harness.produce(Array(values.prefix(20)))

            let configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 12, maxBytes: 524_288, lingerMilliseconds: 20))
            let run = BackgroundRun(BridgeService(configuration: configuration, logger: harness.logger),
                                    limits: RunLimits(maxRecords: 40, durationMilliseconds: 120_000))
            #expect(harness.wait(seconds: 30) { harness.storedLogCount > 0 })
            harness.stopServer()
            try harness.produce(Array(values.suffix(20)))
            Thread.sleep(forTimeInterval: 30)
            let stalled = try #require(run.summarySoFar)
            #expect(stalled.inFlight > 0)
            try harness.restartServer()
            let summary = try run.wait()

            try finish(harness, summary, values: values, group: configuration.source.consumerGroup)
            #expect(summary.delivery.transportErrors > 0)
            #expect(summary.deadLettered == 0)
        }
    }

    @Test func stopWithLogstoreDownLeavesRecordsInFlight() async throws {
        try await blocking {
            let harness = try BridgeTestHarness()
            let values = TestMessages.envelopes(count: 20)
            try harness.produce(values)
            harness.stopServer()

            var delivery = BridgeTestHarness.fastDelivery
            delivery.shutdownTimeoutMilliseconds = 1_000
            let configuration = harness.configuration(delivery: delivery)
            let run = BackgroundRun(BridgeService(configuration: configuration, logger: harness.logger))
            #expect(harness.wait(seconds: 30) { (run.summarySoFar?.consumed ?? 0) == values.count })
            let summary = try run.stop()

            // The stop revokes the partitions, but no member takes them over. The records stay in flight, so
            // the run does not reconcile and `run` exits with 1.
            #expect(summary.inFlight == values.count, "\(summary.lines)")
            #expect(summary.handedOver == 0)
            #expect(!summary.reconciles)
            #expect(summary.lines.first?.contains("in flight \(values.count)") == true, "\(summary.lines)")
            #expect(try harness.committedOffsets(group: configuration.source.consumerGroup).values.allSatisfy { $0 <= 0 })
        }
    }

    @Test func brokerOutageDuringConsumption() async throws {
        try await blocking {
            let harness = try BridgeTestHarness()
            let values = TestMessages.envelopes(count: 60)
            try harness.produce(Array(values.prefix(30)))

            // The outage can outlast the session timeout, so the group may lose and regain its partitions and
            // read some records again: the run is stopped once every entry is stored, not after N records.
            let configuration = harness.configuration()
            let run = BackgroundRun(BridgeService(configuration: configuration, logger: harness.logger))
            #expect(harness.wait(seconds: 30) { harness.storedLogCount > 0 })
            try harness.cluster.setBrokerDown(-1)
            Thread.sleep(forTimeInterval: 3)
            try harness.cluster.setBrokerUp(-1)
            try harness.produce(Array(values.suffix(30)))
            #expect(harness.wait(seconds: 60) { Set(harness.storedEntryFingerprints()).count == 180 })
            let committed = harness.wait(seconds: 30) {
                (try? harness.committedOffsets(group: configuration.source.consumerGroup)) == (try? harness.endOffsets())
            }
            let summary = try run.stop()

            #expect(committed)
            try finish(harness, summary, values: values, group: configuration.source.consumerGroup)
            #expect(summary.consumed >= values.count)
        }
    }

    @Test func brokerOutageAtStopReportsUncommittedOffsets() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 10)
            try harness.produce(values)
            let run = BackgroundRun(BridgeService(configuration: harness.configuration(), logger: harness.logger))
            let stored = harness.wait(seconds: 30) {
                run.service.currentSummary()?.partitions.first?.storedOffset == Int64(values.count)
            }

            // Down for longer than the 6 s session timeout, so the consumer loses its partition and the commit
            // at stop finds no offset to send, although the stored one never reached the broker.
            try harness.cluster.setBrokerDown(-1)
            Thread.sleep(forTimeInterval: 8)
            let summary = try run.stop()
            try harness.cluster.setBrokerUp(-1)

            #expect(stored)
            #expect(summary.delivered == values.count)
            #expect(!summary.finalCommitSucceeded, "\(summary.lines)")
        }
    }

    @Test func oversizedBatchesSplitAndOversizedEntryIsDeadLettered() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 2, maxRawBodyBytes: 4_000)
            let normal = TestMessages.envelopes(count: 20, recordsPerMessage: 4)
            let huge = TestMessages.envelopes(count: 1, recordsPerMessage: 1, padding: 6_000, prefix: "huge")
            let values = normal + huge
            try harness.produce(values)

            let configuration = harness.configuration()
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 90_000))

            try finish(harness, summary, values: values, group: configuration.source.consumerGroup)
            let letters = try harness.deadLetters()
            #expect(letters.count == 1)
            #expect(letters.first?.reason == .entryTooLarge)
            #expect(letters.first?.errorCode == "PostBodyTooLarge")
            let keptWhole = letters.first?.kafkaValue == huge[0]
            #expect(keptWhole)
            #expect(summary.deadLettered == 1)
            #expect(harness.storedLogCount == 80)
            let requests = harness.server.acceptedRequests(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
            #expect(requests.allSatisfy { $0.rawBytes <= 4_000 })
            #expect(harness.logSink.lines.contains { $0.contains("batch split in two and sent again") })
        }
    }

    /// A record refused in part keeps only its refused entries, so its raw copy must stay: it is the one full copy
    /// of the entry that was delivered truncated.
    @Test func partlyRefusedRecordKeepsRawCopy() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let note = String(repeating: "x", count: 300)
            let records = (0..<8).map { index in
                index == 1 ? #"{"category":"Audit","id":"r\#(index)","note":"\#(note)"}"# : #"{"category":"Audit","id":"r\#(index)"}"#
            }
            let value = Array(#"{"records":[\#(records.joined(separator: ","))]}"#.utf8)
            try harness.produce([value])
            harness.server.injectFault(.error(status: 400, code: "InvalidTimestamp", message: "injected invalid time"), times: 1)

            var configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 4, maxBytes: 524_288, lingerMilliseconds: 20))
            configuration.normalization.limits.maximumValueBytes = 100
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: 1, durationMilliseconds: 60_000))

            let letters = try harness.deadLetters()
            #expect(summary.reconciles, "\(summary.lines)")
            #expect(Set(letters.map(\.reason.rawValue)) == ["sls_rejected", "value_truncated"], "\(letters.map(\.reason))")
            #expect(letters.first { $0.reason == .slsRejected }?.refusedEntries != nil)
            #expect(letters.first { $0.reason.rawValue == "value_truncated" }?.refusedEntries == nil)
        }
    }

    @Test func refusedRecordKeepsNoRawCopy() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1, maxRawBodyBytes: 4_000)
            // 300 short values: no truncation brings the entry under max_entry_bytes, so the record is kept as a raw
            // copy and sent, and then the server refuses its batch as too large.
            let fields = (0..<300).map { #""field\#($0)":"value-\#($0)""# }.joined(separator: ",")
            let wide = Array(#"{"records":[{"time":"2026-03-01T00:00:00Z","category":"Audit",\#(fields)}]}"#.utf8)
            let values: [[UInt8]?] = TestMessages.envelopes(count: 4) + [wide]
            try harness.produce(values)

            var configuration = harness.configuration()
            configuration.normalization.limits.maximumEntryBytes = 2_000
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 90_000))

            let letters = try harness.deadLetters()
            #expect(letters.map(\.reason) == [.entryTooLarge], "\(letters.map(\.reason))")
            #expect(letters.first?.kafkaValue == wide)
            #expect(summary.deadLettered == 1)
            #expect(summary.deadLetters.rawCopies == 0)
            #expect(summary.reconciles, "\(summary.lines)")
            // The store contains only the rejected record, while the written counts, which metrics export as a
            // counter, keep the raw copy written before it.
            #expect((summary.deadLetters.byReason["entry_over_limit"] ?? 0) == 0)
            #expect(summary.deadLetters.writtenByReason["entry_over_limit"] == 1)
            #expect(summary.deadLetters.writtenByReason["entry_too_large"] == 1)
        }
    }

    @Test func refusalKeepsOtherDestinationsRawCopy() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1, maxRawBodyBytes: 4_000)
            let fields = (0..<300).map { #""field\#($0)":"value-\#($0)""# }.joined(separator: ",")
            let wide = Array(#"{"records":[{"time":"2026-03-01T00:00:00Z","category":"Audit",\#(fields)}]}"#.utf8)
            try harness.produce([wide])
            // Another destination's bridge shares the file and kept its own raw copy of the same record.
            let store = try DeadLetterStore(path: harness.meterPath, logger: .disabled)
            try store.add([DeadLetter(
                createdAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000, kafkaTopic: harness.topic,
                kafkaPartition: 0, kafkaOffset: 0, kafkaValue: wide, reason: DeadLetterReason(rawValue: "entry_over_limit"),
                errorMessage: "entry over the limit", mode: .userLogService, project: "other-project",
                logstore: BridgeTestHarness.logstore, attempts: 0
            )])
            store.close()

            var configuration = harness.configuration()
            configuration.normalization.limits.maximumEntryBytes = 2_000
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: 1, durationMilliseconds: 90_000))

            let letters = try harness.deadLetters()
            #expect(summary.deadLettered == 1)
            #expect(letters.filter { $0.project == "other-project" }.map(\.reason.rawValue) == ["entry_over_limit"])
            #expect(letters.filter { $0.project == BridgeTestHarness.project }.map(\.reason) == [.entryTooLarge])
        }
    }

    @Test func rejectedDataIsDeadLetteredAndOffsetsMove() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 10)
            try harness.produce(values)
            harness.server.injectFault(.error(status: 400, code: "InvalidTimestamp", message: "injected invalid time"), times: 1)

            let configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 6, maxBytes: 524_288, lingerMilliseconds: 20))
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))

            try finish(harness, summary, values: values, group: configuration.source.consumerGroup)
            // Which records share the refused batch depends on timing; the batch holds at most 6 entries (2 records).
            let letters = try harness.deadLetters()
            #expect((1...2).contains(letters.count))
            #expect(letters.allSatisfy { $0.reason == .slsRejected && $0.errorCode == "InvalidTimestamp" })
            let offsets = letters.map(\.kafkaOffset).sorted()
            #expect(offsets == Array(offsets.first!...offsets.last!))
            #expect(summary.deadLettered == letters.count)
            #expect(summary.delivered + summary.deadLettered == values.count)
        }
    }

    @Test func recordInTwoRefusedBatchesCountsOnce() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 1, recordsPerMessage: 8, prefix: "spanning")
            try harness.produce(values)
            harness.server.injectFault(.error(status: 400, code: "InvalidTimestamp", message: "injected invalid time"), times: 2)

            // Batches of four entries put the record's eight entries in two requests, and SLS rejects both.
            let configuration = harness.configuration(batching: BatchingConfiguration(maxEntries: 4, maxBytes: 524_288, lingerMilliseconds: 20))
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))

            try finish(harness, summary, values: values, group: configuration.source.consumerGroup)
            #expect(try harness.deadLetters().count == 1)
            #expect(summary.deadLettered == 1)
            #expect(summary.deadLetters.records == 1)
            #expect(summary.deadLetters.entries == 8)
            #expect(summary.deadLetters.byReason == ["sls_rejected": 1])
            #expect(summary.deadLetters.writtenByReason == ["sls_rejected": 1])
        }
    }

    /// A record read again by a later run (another consumer group here, a restart before the commit in service)
    /// updates the row its first refusal stored, and that run counts it as written.
    @Test func recordRefusedAgainInLaterRunCounts() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 1, recordsPerMessage: 2, prefix: "again")
            try harness.produce(values)
            var summaries: [RunSummary] = []
            // Batches of one entry put the record's two entries in two requests, and SLS rejects both in each run.
            for group in ["first-run", "second-run"] {
                harness.server.injectFault(.error(status: 400, code: "InvalidTimestamp", message: "injected invalid time"), times: 2)
                let configuration = harness.configuration(
                    group: group, batching: BatchingConfiguration(maxEntries: 1, maxBytes: 524_288, lingerMilliseconds: 20)
                )
                summaries.append(try BridgeService(configuration: configuration, logger: harness.logger)
                    .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000)))
            }

            #expect(try harness.deadLetters().count == 1)
            #expect(summaries.map(\.deadLetters.records) == [1, 1])
            #expect(summaries.map { $0.deadLetters.writtenByReason["sls_rejected"] } == [1, 1])
        }
    }

    @Test func authFailureHealsWithoutRestart() async throws {
        try await blocking {
            let harness = try BridgeTestHarness()
            let values = TestMessages.envelopes(count: 30)
            try harness.produce(values)
            harness.server.injectFault(.unauthorized, times: 6)

            let configuration = harness.configuration()
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 90_000))

            try finish(harness, summary, values: values, group: configuration.source.consumerGroup)
            #expect(summary.deadLettered == 0)
            #expect(summary.delivery.serviceErrors["Unauthorized"] == 6)
            let lines = harness.logSink.lines
            #expect(lines.contains { $0.contains("Logstore write needs an operator") && $0.contains("sls.error_code=Unauthorized") })
            #expect(lines.contains { $0.contains("Logstore accepts writes again") })
        }
    }

    @Test func clockSkewIsCorrectedFromServerTime() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 5)
            try harness.produce(values)
            harness.server.setClockOffset(seconds: 3_600)

            let configuration = harness.configuration()
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))

            try finish(harness, summary, values: values, group: configuration.source.consumerGroup)
            #expect(summary.delivery.serviceErrors["RequestTimeExpired"] ?? 0 >= 1)
            #expect(harness.logSink.lines.contains { $0.contains("clock offset corrected") })
        }
    }
}

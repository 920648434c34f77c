import AzureLogs
import Core
import Foundation
import Kafka
import SLS
import Storage
import Testing
@testable import Bridge
import TestSupport

/// The normalizer's per-record outputs reach the Logstore: header tags, Kafka position fields, and the raw
/// copy of a record whose value was truncated.
@Suite struct NormalizationWiringTests {
    @Test func amqpHeadersBecomeLogGroupTags() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let tagged = TestMessages.envelopes(count: 3, prefix: "tagged")
            let plain = TestMessages.envelopes(count: 3, prefix: "plain")
            // AMQP str8 "hello", as Event Hubs passes on an application property of an AMQP producer.
            try harness.produce(tagged, headers: [KafkaHeader(name: "source-app", value: [0xA1, 0x05, 0x68, 0x65, 0x6C, 0x6C, 0x6F])])
            try harness.produce(plain)

            let configuration = harness.configuration()
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: 6, durationMilliseconds: 60_000))

            #expect(summary.reconciles)
            let groups = harness.server.logGroups(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
            let withTag = groups.filter { $0.tags.contains { $0.value == "hello" && $0.key.hasPrefix("ehb_header_") } }
            let withoutTag = groups.filter { !$0.tags.contains { $0.key.hasPrefix("ehb_header_") } }
            #expect(withTag.flatMap(\.logs).count == 9)
            #expect(withoutTag.flatMap(\.logs).count == 9)
            #expect(withTag.flatMap(\.logs).allSatisfy { $0["correlationId"]?.hasPrefix("tagged") == true })
        }
    }

    @Test func entriesCarryKafkaPosition() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            try harness.produce(TestMessages.envelopes(count: 4, recordsPerMessage: 1))

            _ = try BridgeService(configuration: harness.configuration(), logger: harness.logger)
                .run(limits: RunLimits(maxRecords: 4, durationMilliseconds: 60_000))

            let logs = harness.server.logGroups(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore).flatMap(\.logs)
            let offsets = logs.compactMap { $0[BridgeFieldKey.kafkaOffset] }.sorted()
            #expect(offsets == ["0", "1", "2", "3"])
            #expect(logs.allSatisfy { Int64($0[BridgeFieldKey.kafkaTimestamp] ?? "") ?? 0 > 1_700_000_000_000 })
        }
    }

    @Test func truncatedValueKeepsRawCopy() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let large = TestMessages.envelopes(count: 1, recordsPerMessage: 1, padding: 3_000, prefix: "large")
            let small = TestMessages.envelopes(count: 2, recordsPerMessage: 1, prefix: "small")
            try harness.produce(large + small)

            var configuration = harness.configuration()
            configuration.normalization.limits.maximumValueBytes = 1_000
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: 3, durationMilliseconds: 60_000))

            #expect(summary.reconciles)
            #expect(summary.delivered == 3)
            #expect(summary.deadLetters.rawCopies == 1)
            #expect(summary.normalization.truncatedValues == 1)
            #expect(summary.lines.contains { $0.contains("1 values truncated") })
            #expect(summary.lines.contains { $0.hasPrefix("raw copies: 1 records delivered") })
            let letters = try harness.deadLetters()
            #expect(letters.count == 1)
            #expect(letters.first?.reason.rawValue == "value_truncated")
            let keptWhole = letters.first?.kafkaValue == large[0]
            #expect(keptWhole)
            let logs = harness.server.logGroups(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore).flatMap(\.logs)
            let truncated = logs.filter { $0[BridgeFieldKey.truncated] != nil }
            #expect(truncated.count == 1)
            #expect(truncated.allSatisfy { ($0["properties"]?.utf8.count ?? 0) <= 1_000 })
            #expect(try harness.committedOffsets(group: configuration.source.consumerGroup) == harness.endOffsets())
        }
    }

    @Test func oldTimesAreReplacedAndCounted() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let old = Array(#"{"records":[{"time":"2020-01-01T00:00:00Z","category":"AuditEvent","correlationId":"old-1"}]}"#.utf8)
            let now = ISO8601DateFormatter().string(from: Date())
            let recent = Array(#"{"records":[{"time":"\#(now)","category":"AuditEvent","correlationId":"recent-1"}]}"#.utf8)
            try harness.produce([old, recent])

            let summary = try BridgeService(configuration: harness.configuration(), logger: harness.logger)
                .run(limits: RunLimits(maxRecords: 2, durationMilliseconds: 60_000))

            #expect(summary.reconciles)
            #expect(summary.normalization.adjustedTimes == 1)
            let logs = harness.server.logGroups(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
                .flatMap(\.logs)
            #expect(logs.first { $0["correlationId"] == "recent-1" }?[BridgeFieldKey.originalTime] == nil)
            let oldEntry = try #require(logs.first { $0["correlationId"] == "old-1" })
            #expect(oldEntry[BridgeFieldKey.originalTime] == "2020-01-01T00:00:00Z")
            #expect(Int64(oldEntry.time) > 1_700_000_000)
        }
    }
}

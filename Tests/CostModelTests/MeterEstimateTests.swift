import CostModel
import Foundation
import Storage
import Testing

@Suite struct MeterEstimateTests {
    /// 2026-03-01T00:00:00Z in milliseconds.
    private static let march1: Int64 = 1_772_323_200_000
    private static let hour: Int64 = 3_600_000
    private static let profile = MeterLogstoreProfile(
        indexMode: .fullText, retentionDays: 30, hotDays: 30, archiveAfterDays: nil, activeShards: 2
    )

    private static func record(at time: Int64, mode: MeterMode, delivery: MeterDelivery, raw: Int64) -> MeterRecord {
        MeterRecord(
            recordedAtMilliseconds: time, instanceID: "test", mode: mode, delivery: delivery, project: "p",
            logstore: "l", kafkaTopic: "t", kafkaPartition: 0, firstOffset: 0, lastOffset: 9, recordCount: 10,
            entryCount: 20, rawBytes: raw, normalizedBytes: raw, compressedBytes: raw / 8, compression: "lz4",
            requestCount: 1, indexedBytes: raw, storedBytes: raw / 8 + raw, billableEvents: 10,
            logstoreProfile: profile
        )
    }

    private static func writeMeter(_ path: String, records: [MeterRecord], samples: [KafkaFetchSample]) throws {
        let writer = try MeterWriter(path: path, logger: .disabled)
        records.forEach { writer.record($0) }
        samples.forEach { writer.record($0) }
        #expect(writer.close())
    }

    private static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("meter-estimate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func dryRunEstimateScalesWindowToADay() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("a.sqlite").path
        let second = folder.appendingPathComponent("b.sqlite").path
        // Two instances of one dry run, each metering both modes, six hours apart.
        try Self.writeMeter(first, records: [
            Self.record(at: Self.march1, mode: .dedicatedChannel, delivery: .dryRun, raw: 1_000),
            Self.record(at: Self.march1, mode: .userLogService, delivery: .dryRun, raw: 1_000),
        ], samples: [
            KafkaFetchSample(recordedAtMilliseconds: Self.march1, instanceID: "a", delivery: .dryRun, broker: "b/1",
                             fetchedBytes: 1_500, intervalMilliseconds: 60_000),
        ])
        try Self.writeMeter(second, records: [
            Self.record(at: Self.march1 + 6 * Self.hour, mode: .dedicatedChannel, delivery: .dryRun, raw: 3_000),
            Self.record(at: Self.march1 + 6 * Self.hour, mode: .userLogService, delivery: .dryRun, raw: 3_000),
        ], samples: [
            KafkaFetchSample(recordedAtMilliseconds: Self.march1 + Self.hour, instanceID: "b", delivery: .dryRun,
                             broker: "b/1", fetchedBytes: 2_500, intervalMilliseconds: 60_000),
        ])

        let usage = try MeterUsage.load(paths: [first, second])
        let builder = try CostEstimateBuilder(book: try PricingFixtures.book(), settings: CostSettings())
        let fallback = LogstoreAssumptions(policy: StoragePolicy(retentionDays: 7), activeShards: 9)
        let estimate = builder.estimate(meter: usage, fallbackLogstore: fallback)

        guard case .meter(let files, _, let window) = estimate.origin else {
            Issue.record("expected a meter origin")
            return
        }
        #expect(files == [first, second])
        #expect(window == 6 * Self.hour)
        #expect(estimate.scenarios.map(\.name) == ["dedicated-channel (dry-run)", "user-log-service (dry-run)"])

        let user = try #require(estimate.scenarios.last)
        // 4,000 bytes in 6 hours are 16,000 bytes a day; both modes fetched all 4,000 bytes.
        #expect(user.dailyVolume.rawBytes == 16_000)
        #expect(user.dailyVolume.kafkaFetchBytes == 16_000)
        #expect(user.dailyVolume.requests == 8)
        #expect(user.logstore.policy == StoragePolicy(retentionDays: 30))
        #expect(user.logstore.activeShards == 2)
        #expect(user.observedDays.map(\.day.description) == ["2026-03-01"])
        #expect(user.observedDays.first?.volume.kafkaFetchBytes == 4_000)
        #expect(user.observed.map(\.period) == ["2026-03"])
        #expect(user.projection.period == UsageCalculator.projectedMonthLabel)
        #expect(user.projection.days == 30)
        #expect(!estimate.notes.warnings.contains { $0.contains("No Kafka statistics sample") })
        #expect(estimate.notes.assumptions.contains("Daily rates divide the metered totals by an observation window of 6 hours."))
        #expect(estimate.sources.map(\.itemID).contains("ctdr.log_storage"))
    }

    @Test func sentRowsSplitFetchesAndWarnWithoutSamples() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("meter.sqlite").path
        try Self.writeMeter(path, records: [
            Self.record(at: Self.march1, mode: .dedicatedChannel, delivery: .sent, raw: 1_000),
            Self.record(at: Self.march1 + 24 * Self.hour, mode: .userLogService, delivery: .sent, raw: 3_000),
            Self.record(at: Self.march1, mode: .userLogService, delivery: .dryRun, raw: 500),
        ], samples: [
            KafkaFetchSample(recordedAtMilliseconds: Self.march1, instanceID: "a", delivery: .sent, broker: "b/1",
                             fetchedBytes: 8_000, intervalMilliseconds: 60_000),
        ])

        let usage = try MeterUsage.load(paths: [path])
        let builder = try CostEstimateBuilder(book: try PricingFixtures.book(), settings: CostSettings())
        let estimate = builder.estimate(
            meter: usage, fallbackLogstore: LogstoreAssumptions(policy: StoragePolicy(retentionDays: 30), activeShards: 2)
        )

        let byName = Dictionary(uniqueKeysWithValues: estimate.scenarios.map { ($0.name, $0) })
        // Sent rows of two modes come from two instances: 8,000 fetched bytes split 1:3 by raw bytes over one day.
        #expect(byName["dedicated-channel (sent)"]?.dailyVolume.kafkaFetchBytes == 2_000)
        #expect(byName["user-log-service (sent)"]?.dailyVolume.kafkaFetchBytes == 6_000)
        #expect(byName["user-log-service (dry-run)"]?.dailyVolume.kafkaFetchBytes == nil)
        #expect(estimate.notes.warnings.contains {
            $0.hasPrefix("No Kafka statistics sample covers user-log-service (dry-run)")
        })
        #expect(byName["user-log-service (sent)"]?.observed.map(\.period) == ["2026-03"])
        #expect(byName["user-log-service (sent)"]?.observedDays.map(\.day.description) == ["2026-03-02"])
    }
}

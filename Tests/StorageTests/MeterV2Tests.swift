import Foundation
import Testing
@testable import Storage

@Suite struct MeterV2Tests {
    private static let profile = MeterLogstoreProfile(
        indexMode: .fullText, retentionDays: 90, hotDays: 30, archiveAfterDays: nil, activeShards: 2
    )

    private static func record(
        at recordedAt: Int64 = MeterFixtures.march1 + 3_600_000, mode: MeterMode = .userLogService,
        logstore: String = "azure-audit", stored: Int64 = 300, shards: Int = 2,
        profile: MeterLogstoreProfile? = MeterV2Tests.profile
    ) -> MeterRecord {
        var shardProfile = profile
        shardProfile?.activeShards = shards
        return MeterRecord(
            recordedAtMilliseconds: recordedAt, instanceID: "bridge-a", mode: mode, delivery: .dryRun,
            project: "ctdr-prod", logstore: logstore, kafkaTopic: "insights-logs-auditevent", kafkaPartition: 0,
            firstOffset: 0, lastOffset: 3, recordCount: 4, entryCount: 8, rawBytes: 1_000, normalizedBytes: 900,
            compressedBytes: 100, compression: "lz4", requestCount: 2, indexedBytes: stored - 100, storedBytes: stored,
            billableEvents: 5, logstoreProfile: shardProfile
        )
    }

    private static func writeFile(_ path: String, records: [MeterRecord], samples: [KafkaFetchSample] = []) throws {
        let writer = try MeterWriter(path: path, logger: .disabled)
        for record in records {
            writer.record(record)
        }
        for sample in samples {
            writer.record(sample)
        }
        #expect(writer.close())
    }

    private static func sample(at recordedAt: Int64, bytes: Int64, delivery: MeterDelivery = .dryRun) -> KafkaFetchSample {
        KafkaFetchSample(
            recordedAtMilliseconds: recordedAt, instanceID: "bridge-a", delivery: delivery, broker: "localhost:9092/1",
            fetchedBytes: bytes, intervalMilliseconds: 60_000
        )
    }

    @Test func newColumnsRoundTrip() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        try Self.writeFile(path, records: [Self.record(stored: 300), Self.record(stored: 500)])

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let amounts = try #require(try reader.totals().first?.amounts)

        #expect(amounts.indexedBytes == 600)
        #expect(amounts.storedBytes == 800)
        #expect(amounts.billableEvents == 10)
        #expect(amounts.attempts == 4)
        #expect(amounts.rowsBeforeMeterV2 == 0)
        #expect(amounts.firstRecordedAtMilliseconds == MeterFixtures.march1 + 3_600_000)
        #expect(amounts.lastRecordedAtMilliseconds == MeterFixtures.march1 + 3_600_000)
    }

    @Test func version1RowsReadWithLowerBounds() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")

        // A file as the walking skeleton wrote it: only meter_v1, one row.
        let database = try SQLiteDatabase(path: path)
        var version1 = Migrations(feature: MeterSchema.feature)
        version1.register(MeterSchema.migrations.migrations[0])
        try version1.apply(to: database)
        try database.execute(
            """
            INSERT INTO meter_writes (recorded_at_ms, instance_id, mode, delivery, project, logstore, kafka_topic,
                kafka_partition, first_offset, last_offset, record_count, entry_count, raw_bytes, normalized_bytes,
                compressed_bytes, compression, request_count)
            VALUES (?, 'old', 'user-log-service', 'sent', 'p', 'l', 't', 0, 0, 2, 3, 6, 1000, 900, 120, 'lz4', 1)
            """, [.integer(MeterFixtures.march1)]
        )
        try database.close()

        // Opening it for writing applies meter_v2; the old row keeps NULL in the new columns.
        try Self.writeFile(path, records: [Self.record(stored: 300)])

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let totals = try reader.totals()
        let old = try #require(totals.first { $0.delivery == .sent }?.amounts)
        #expect(old.rowsBeforeMeterV2 == 1)
        #expect(old.indexedBytes == 0)
        #expect(old.storedBytes == 120)
        #expect(old.billableEvents == 3)

        let storage = try reader.dailyStorage()
        let oldStorage = try #require(storage.first { $0.delivery == .sent })
        #expect(oldStorage.profile == nil)
        #expect(oldStorage.storedBytes == 120)
    }

    @Test func readerReadsVersion1FileUnchanged() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        let database = try SQLiteDatabase(path: path)
        var version1 = Migrations(feature: MeterSchema.feature)
        version1.register(MeterSchema.migrations.migrations[0])
        try version1.apply(to: database)
        try database.execute(
            """
            INSERT INTO meter_writes (recorded_at_ms, instance_id, mode, delivery, project, logstore, kafka_topic,
                kafka_partition, first_offset, last_offset, record_count, entry_count, raw_bytes, normalized_bytes,
                compressed_bytes, compression, request_count)
            VALUES (?, 'old', 'user-log-service', 'sent', 'p', 'l', 't', 0, 0, 2, 3, 6, 1000, 900, 120, 'lz4', 1)
            """, [.integer(MeterFixtures.march1)]
        )
        try database.close()

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let amounts = try #require(try reader.totals().first?.amounts)

        #expect(amounts.rawBytes == 1_000)
        #expect(amounts.storedBytes == 120)
        #expect(amounts.rowsBeforeMeterV2 == 1)
        #expect(try reader.dailyStorage().map(\.profile) == [nil])
        #expect(try reader.dailyKafkaFetch().isEmpty)
        #expect(try reader.streamTotals().map(\.amounts.records) == [3])

        // The file itself is not migrated.
        let check = try SQLiteDatabase(path: path, options: SQLiteDatabase.Options(access: .readOnly))
        #expect(try MeterSchema.migrations.recordedNames(in: check) == ["meter_v1"])
        try check.close()
    }

    @Test func dailyStorageKeepsProfilesApartAndTakesMaxShards() throws {
        let folder = try TemporaryDirectory()
        let first = folder.file("bridge-a.sqlite")
        let second = folder.file("bridge-b.sqlite")
        var shortRetention = Self.profile
        shortRetention.retentionDays = 7
        shortRetention.hotDays = 7
        try Self.writeFile(first, records: [
            Self.record(stored: 100, shards: 2),
            Self.record(stored: 200, shards: 4),
            Self.record(logstore: "azure-short", stored: 50, profile: shortRetention),
        ])
        try Self.writeFile(second, records: [
            Self.record(stored: 400, shards: 3),
            Self.record(at: MeterFixtures.march1 + MeterFixtures.millisecondsPerDay, stored: 800, shards: 2),
        ])

        let reader = try MeterReader(paths: [first, second])
        defer { reader.close() }
        let storage = try reader.dailyStorage()

        #expect(storage.map(\.day.description) == ["2026-03-01", "2026-03-01", "2026-03-02"])
        #expect(storage.map(\.logstore) == ["azure-audit", "azure-short", "azure-audit"])
        #expect(storage.map(\.storedBytes) == [700, 50, 800])
        #expect(storage.map { $0.profile?.activeShards } == [4, 2, 2])
        #expect(storage.map { $0.profile?.retentionDays } == [90, 7, 90])
        #expect(storage.first?.profile?.indexMode == .fullText)
        #expect(storage.first?.profile?.hotDays == 30)
        #expect(storage.first?.profile?.archiveAfterDays == nil)
    }

    @Test func kafkaFetchSamplesSumPerDayAndDelivery() throws {
        let folder = try TemporaryDirectory()
        let first = folder.file("bridge-a.sqlite")
        let second = folder.file("bridge-b.sqlite")
        let nextDay = MeterFixtures.march1 + MeterFixtures.millisecondsPerDay
        try Self.writeFile(first, records: [], samples: [
            Self.sample(at: MeterFixtures.march1, bytes: 10),
            Self.sample(at: nextDay - 1, bytes: 20),
            Self.sample(at: nextDay, bytes: 40),
        ])
        try Self.writeFile(second, records: [], samples: [
            Self.sample(at: MeterFixtures.march1 + 5, bytes: 80),
            Self.sample(at: MeterFixtures.march1 + 5, bytes: 160, delivery: .sent),
        ])

        let reader = try MeterReader(paths: [first, second])
        defer { reader.close() }
        let fetches = try reader.dailyKafkaFetch()

        #expect(fetches.map(\.day.description) == ["2026-03-01", "2026-03-01", "2026-03-02"])
        #expect(fetches.map(\.delivery) == [.dryRun, .sent, .dryRun])
        #expect(fetches.map(\.fetchedBytes) == [110, 160, 40])
        #expect(fetches.map(\.samples) == [3, 1, 1])

        let range = MeterTimeRange(startMilliseconds: nextDay)
        #expect(try reader.dailyKafkaFetch(in: range).map(\.fetchedBytes) == [40])
    }

    @Test func timeSpanCoversEveryFile() throws {
        let folder = try TemporaryDirectory()
        let first = folder.file("bridge-a.sqlite")
        let second = folder.file("bridge-b.sqlite")
        try Self.writeFile(first, records: [Self.record(at: 5_000), Self.record(at: 9_000)])
        try Self.writeFile(second, records: [Self.record(at: 2_000)])

        let reader = try MeterReader(paths: [first, second])
        defer { reader.close() }
        let amounts = try #require(try reader.totals().first?.amounts)
        #expect(amounts.firstRecordedAtMilliseconds == 2_000)
        #expect(amounts.lastRecordedAtMilliseconds == 9_000)
    }
}

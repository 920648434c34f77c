import Foundation
import Testing
@testable import Storage

@Suite struct MeterV3Tests {
    private static func record(
        partition: Int32 = 0, firstOffset: Int64 = 0, lastOffset: Int64 = 3, recordCount: Int = 4, rawBytes: Int64 = 1_000,
        recordTimes: (first: Int64, last: Int64)?, delivery: MeterDelivery = .dryRun, instanceID: String = "bridge-a",
        recordedAt: Int64 = MeterFixtures.march1
    ) -> MeterRecord {
        MeterRecord(
            recordedAtMilliseconds: recordedAt, instanceID: instanceID, mode: .dedicatedChannel,
            delivery: delivery, project: "ctdr-prod", logstore: "azure-audit", kafkaTopic: "insights-logs-auditevent",
            kafkaPartition: partition, firstOffset: firstOffset, lastOffset: lastOffset, recordCount: recordCount,
            entryCount: recordCount, rawBytes: rawBytes, normalizedBytes: 900, compressedBytes: 100, compression: "lz4",
            requestCount: 1, firstRecordTimeMilliseconds: recordTimes?.first, lastRecordTimeMilliseconds: recordTimes?.last
        )
    }

    private static func write(_ records: [MeterRecord], to path: String) throws {
        let writer = try MeterWriter(path: path, logger: .disabled)
        for record in records {
            writer.record(record)
        }
        #expect(writer.close())
    }

    /// Writes a file as the previous release left it: `meter_v1` and `meter_v2`, and one row of 1,000 raw bytes.
    private static func writeVersion2File(_ path: String, mode: String, delivery: String, partition: Int64) throws {
        let database = try SQLiteDatabase(path: path)
        var version2 = Migrations(feature: MeterSchema.feature)
        version2.register(MeterSchema.migrations.migrations[0])
        version2.register(MeterSchema.migrations.migrations[1])
        try version2.apply(to: database)
        try database.execute(
            """
            INSERT INTO meter_writes (recorded_at_ms, instance_id, mode, delivery, project, logstore, kafka_topic,
                kafka_partition, first_offset, last_offset, record_count, entry_count, raw_bytes, normalized_bytes,
                compressed_bytes, compression, request_count)
            VALUES (?, 'old', ?, ?, 'p', 'l', 't', ?, 0, 2, 3, 6, 1000, 900, 120, 'lz4', 1)
            """, [.integer(MeterFixtures.march1), .text(mode), .text(delivery), .integer(partition)]
        )
        try database.close()
    }

    @Test func recordTimeWindowWeighsPartitionRates() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        // Partition 0: 2,000 bytes over 10 s. Partition 1: 1,000 bytes over 1 s. A row without times is left out.
        try Self.write([
            Self.record(partition: 0, rawBytes: 1_000, recordTimes: (1_000, 6_000)),
            Self.record(partition: 0, firstOffset: 4, lastOffset: 7, rawBytes: 1_000, recordTimes: (6_000, 11_000)),
            Self.record(partition: 1, rawBytes: 1_000, recordTimes: (50_000, 51_000)),
            Self.record(partition: 2, rawBytes: 5_000, recordTimes: nil),
        ], to: path)

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let window = try reader.totals().first?.recordTimeWindowMilliseconds

        // 3,000 bytes over (2,000 / 10,000 + 1,000 / 1,000) bytes per millisecond.
        #expect(window == 2_500)
    }

    /// A partition whose few records came within milliseconds must not shrink the window of a day of backlog,
    /// read over two minutes, to under a second.
    @Test func burstPartitionSpansAtLeastTheReadTime() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        let day: Int64 = 86_400_000
        let twoMinutes: Int64 = 120_000
        try Self.write([
            Self.record(partition: 0, rawBytes: 100_000_000, recordTimes: (0, day)),
            Self.record(partition: 1, rawBytes: 100_000_000, recordTimes: (0, day), recordedAt: MeterFixtures.march1 + twoMinutes),
            Self.record(partition: 2, rawBytes: 2_500_000, recordTimes: (day - 3, day)),
        ], to: path)

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let window = try #require(try reader.totals().first?.recordTimeWindowMilliseconds)

        // Partition 2 counts over the two minutes of reading, not over its 3 ms: 202.5 MB at 2.3 + 20.8 bytes per
        // millisecond is about 2.4 hours, where 3 ms would have given about a quarter of a second.
        #expect(window > 2 * 3_600_000)
        #expect(window < 3 * 3_600_000)
    }

    @Test func rowsWithoutRecordTimesHaveNoWindow() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        try Self.write([Self.record(recordTimes: nil), Self.record(recordTimes: (5_000, 5_000))], to: path)

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }

        #expect(try reader.totals().first?.recordTimeWindowMilliseconds == nil)
    }

    @Test func readerReadsVersion2FileUnchanged() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        try Self.writeVersion2File(path, mode: "user-log-service", delivery: "sent", partition: 0)

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let totals = try reader.totals()

        #expect(totals.map(\.amounts.rawBytes) == [1_000])
        #expect(totals.map(\.recordTimeWindowMilliseconds) == [nil])
        let check = try SQLiteDatabase(path: path, options: SQLiteDatabase.Options(access: .readOnly))
        #expect(try MeterSchema.migrations.recordedNames(in: check) == ["meter_v1", "meter_v2"])
        try check.close()
    }

    @Test func writerMigratesVersion2File() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        try Self.writeVersion2File(path, mode: "dedicated-channel", delivery: "dry-run", partition: 5)

        try Self.write([Self.record(rawBytes: 2_000, recordTimes: (1_000, 5_000))], to: path)

        let check = try SQLiteDatabase(path: path, options: SQLiteDatabase.Options(access: .readOnly))
        let rows = try check.query("SELECT raw_bytes, first_record_time_ms FROM meter_writes ORDER BY id")
        #expect(try MeterSchema.migrations.recordedNames(in: check) == ["meter_v1", "meter_v2", "meter_v3"])
        #expect(try rows.map { try $0.decode(Int64?.self, column: "first_record_time_ms") } == [nil, 1_000])
        try check.close()
        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let total = try #require(try reader.totals().first)
        #expect(total.amounts.rawBytes == 3_000)
        #expect(total.recordTimedRawBytes == 2_000)
    }

    @Test func overlappingDryRunRowsCountAsRepeated() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        // Two dry runs read offsets 0 to 9 of partition 0, and a sent run read them twice. Sent rows are not counted.
        try Self.write([
            Self.record(firstOffset: 0, lastOffset: 9, recordCount: 10, recordTimes: nil),
            Self.record(firstOffset: 0, lastOffset: 4, recordCount: 5, recordTimes: nil),
            Self.record(firstOffset: 5, lastOffset: 9, recordCount: 5, recordTimes: nil),
            Self.record(firstOffset: 0, lastOffset: 9, recordCount: 10, recordTimes: nil, delivery: .sent),
            Self.record(firstOffset: 0, lastOffset: 9, recordCount: 10, recordTimes: nil, delivery: .sent),
        ], to: path)

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }

        #expect(try reader.repeatedDryRunRecordCount() == 10)
    }

    @Test func sentRowsReadAgainCountAsRepeated() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        // A run sent offsets 0 to 9 and crashed before the commit; the next start read 5 to 14 again.
        try Self.write([
            Self.record(firstOffset: 0, lastOffset: 9, recordCount: 10, recordTimes: nil, delivery: .sent),
            Self.record(firstOffset: 5, lastOffset: 14, recordCount: 10, recordTimes: nil, delivery: .sent),
            Self.record(firstOffset: 0, lastOffset: 9, recordCount: 10, recordTimes: nil),
        ], to: path)

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }

        #expect(try reader.repeatedSentRecordCount() == 5)
        #expect(try reader.repeatedDryRunRecordCount() == 0)
    }

    @Test func dryRunsInSeparateFilesCountAsRepeated() throws {
        let folder = try TemporaryDirectory()
        let first = folder.file("first.sqlite")
        let second = folder.file("second.sqlite")
        try Self.write([Self.record(firstOffset: 0, lastOffset: 9, recordCount: 10, recordTimes: nil)], to: first)
        try Self.write([Self.record(firstOffset: 0, lastOffset: 9, recordCount: 10, recordTimes: nil)], to: second)

        let reader = try MeterReader(paths: [first, second])
        defer { reader.close() }

        #expect(try reader.repeatedDryRunRecordCount() == 10)
    }

    @Test func dryRunsOfTwoInstancesAreRepeatedOnlyAcross() throws {
        let folder = try TemporaryDirectory()
        let first = folder.file("first.sqlite")
        let second = folder.file("second.sqlite")
        try Self.write([Self.record(firstOffset: 0, lastOffset: 9, recordCount: 10, recordTimes: nil)], to: first)
        try Self.write([
            Self.record(firstOffset: 0, lastOffset: 9, recordCount: 10, recordTimes: nil, instanceID: "bridge-b"),
        ], to: second)

        let reader = try MeterReader(paths: [first, second])
        defer { reader.close() }

        #expect(try reader.repeatedDryRunRecordCount() == 0)
        #expect(try reader.repeatedDryRunRecordCount(acrossInstances: true) == 10)
    }

    @Test func recordsWithoutEntriesAreNotRepeats() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        // Offsets 4 and 5 gave no entries, so the rows count fewer records than their offsets span.
        try Self.write([
            Self.record(firstOffset: 0, lastOffset: 3, recordCount: 4, recordTimes: nil),
            Self.record(firstOffset: 6, lastOffset: 9, recordCount: 4, recordTimes: nil),
        ], to: path)

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }

        #expect(try reader.repeatedDryRunRecordCount() == 0)
    }

    /// A partition whose records share one time gives no rate, but its bytes are covered by the others' window.
    @Test func timedBytesIncludeSingleTimePartitions() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        try Self.write([
            Self.record(partition: 0, rawBytes: 1_000, recordTimes: (1_000, 11_000)),
            Self.record(partition: 1, rawBytes: 2_000, recordTimes: (5_000, 5_000)),
            Self.record(partition: 2, rawBytes: 4_000, recordTimes: nil),
        ], to: path)

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let total = try #require(try reader.totals().first)

        #expect(total.recordTimeWindowMilliseconds == 10_000)
        #expect(total.recordTimedRawBytes == 3_000)
        #expect(total.amounts.rawBytes == 7_000)
    }
}

import Foundation
import Testing
@testable import Storage

@Suite struct MeterReaderTests {
    /// Writes `records` into a new meter file at `path` and closes it.
    private static func writeFile(_ path: String, _ records: [MeterRecord]) throws {
        let writer = try MeterWriter(path: path, logger: .disabled)
        for record in records {
            writer.record(record)
        }
        #expect(writer.close())
    }

    @Test func totalsSplitByModeAndDelivery() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        try Self.writeFile(path, [
            MeterFixtures.record(mode: .userLogService, delivery: .sent, rawBytes: 100),
            MeterFixtures.record(mode: .userLogService, delivery: .sent, rawBytes: 200),
            MeterFixtures.record(mode: .userLogService, delivery: .dryRun, rawBytes: 400),
            MeterFixtures.record(mode: .dedicatedChannel, delivery: .sent, rawBytes: 800),
        ])

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let totals = try reader.totals()

        #expect(totals.map(\.mode) == [.dedicatedChannel, .userLogService, .userLogService])
        #expect(totals.map(\.delivery) == [.sent, .dryRun, .sent])
        #expect(totals.map(\.amounts.requests) == [1, 1, 2])
        #expect(totals.map(\.amounts.rawBytes) == [800, 400, 300])
        #expect(totals.map(\.amounts.normalizedBytes) == [400, 200, 150])
        #expect(totals.map(\.amounts.compressedBytes) == [80, 40, 30])
        #expect(totals.map(\.amounts.records) == [10, 10, 20])
        #expect(totals.map(\.amounts.entries) == [20, 20, 40])
        #expect(totals.map(\.amounts.attempts) == [1, 1, 2])
    }

    @Test func dailyTotalsSplitAtUTCMidnight() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        let midnight = MeterFixtures.march1 + MeterFixtures.millisecondsPerDay
        try Self.writeFile(path, [
            MeterFixtures.record(at: MeterFixtures.march1, rawBytes: 1),
            MeterFixtures.record(at: midnight - 1, rawBytes: 2),
            MeterFixtures.record(at: midnight, rawBytes: 4),
            MeterFixtures.record(at: midnight, mode: .dedicatedChannel, rawBytes: 8),
        ])

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let days = try reader.dailyTotals()

        #expect(days.map(\.day.description) == ["2026-03-01", "2026-03-02", "2026-03-02"])
        #expect(days.map(\.mode) == [.userLogService, .dedicatedChannel, .userLogService])
        #expect(days.map(\.amounts.rawBytes) == [3, 8, 4])
        #expect(days.first?.day.startMilliseconds == MeterFixtures.march1)
    }

    @Test func dayBeforeEpochUsesFloor() {
        #expect(MeterDay(containing: -1).description == "1969-12-31")
        #expect(MeterDay(containing: 0).description == "1970-01-01")
        #expect(MeterDay(containing: MeterFixtures.march1 - 1).description == "2026-02-28")
    }

    @Test func streamTotalsKeepOffsetRange() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        try Self.writeFile(path, [
            MeterFixtures.record(partition: 0, offsets: 10...19),
            MeterFixtures.record(partition: 0, offsets: 0...9),
            MeterFixtures.record(partition: 0, offsets: 20...24),
            MeterFixtures.record(partition: 1, offsets: 500...500),
        ])

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let streams = try reader.streamTotals()

        #expect(streams.map(\.kafkaPartition) == [0, 1])
        #expect(streams.map(\.firstOffset) == [0, 500])
        #expect(streams.map(\.lastOffset) == [24, 500])
        #expect(streams.map(\.amounts.records) == [25, 1])
        #expect(streams.first?.project == "ctdr-prod")
        #expect(streams.first?.logstore == "azure-audit")
        #expect(streams.first?.kafkaTopic == "insights-logs-auditevent")
    }

    @Test func timeRangeIsHalfOpen() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        let start = MeterFixtures.march1
        try Self.writeFile(path, [
            MeterFixtures.record(at: start - 1, rawBytes: 1),
            MeterFixtures.record(at: start, rawBytes: 2),
            MeterFixtures.record(at: start + 999, rawBytes: 4),
            MeterFixtures.record(at: start + 1_000, rawBytes: 8),
        ])

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        let range = MeterTimeRange(startMilliseconds: start, endMilliseconds: start + 1_000)

        #expect(try reader.totals(in: range).first?.amounts.rawBytes == 6)
        #expect(try reader.dailyTotals(in: range).map(\.amounts.rawBytes) == [6])
        #expect(try reader.streamTotals(in: range).first?.amounts.rawBytes == 6)
        #expect(try reader.totals(in: MeterTimeRange(startMilliseconds: start)).first?.amounts.rawBytes == 14)
        #expect(try reader.totals(in: MeterTimeRange(endMilliseconds: start)).first?.amounts.rawBytes == 1)
    }

    @Test func readerMergesSeveralFiles() throws {
        let folder = try TemporaryDirectory()
        let first = folder.file("bridge-a.sqlite")
        let second = folder.file("bridge-b.sqlite")
        try Self.writeFile(first, [
            MeterFixtures.record(instance: "bridge-a", partition: 0, offsets: 0...9, rawBytes: 100),
            MeterFixtures.record(instance: "bridge-a", partition: 1, offsets: 0...9, rawBytes: 100),
        ])
        try Self.writeFile(second, [
            MeterFixtures.record(instance: "bridge-b", partition: 0, offsets: 10...29, rawBytes: 300),
        ])

        // The first file is listed twice and must count once.
        let reader = try MeterReader(paths: [first, second, first])
        defer { reader.close() }

        #expect(reader.paths == [first, second])
        let totals = try reader.totals()
        #expect(totals.count == 1)
        #expect(totals.first?.amounts.requests == 3)
        #expect(totals.first?.amounts.rawBytes == 500)

        let streams = try reader.streamTotals()
        #expect(streams.map(\.kafkaPartition) == [0, 1])
        #expect(streams.first?.firstOffset == 0)
        #expect(streams.first?.lastOffset == 29)
        #expect(streams.first?.amounts.requests == 2)
        #expect(try reader.dailyTotals().first?.amounts.rawBytes == 500)
    }

    @Test func readerRejectsFileWithoutMeter() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("other.sqlite")
        let database = try SQLiteDatabase(path: path)
        try database.execute("CREATE TABLE unrelated (id INTEGER)")
        try database.close()

        #expect {
            _ = try MeterReader(paths: [path])
        } throws: { error in
            guard case .missingMigrations(let feature, let names, _) = error as? StorageError else { return false }
            return feature == "meter" && names == ["meter_v1", "meter_v2", "meter_v3"]
        }
    }

    @Test func readerNamesDeadLetterStore() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.dry-run.sqlite")
        let store = try DeadLetterStore(path: path, logger: .disabled)
        store.close()

        #expect {
            _ = try MeterReader(paths: [path])
        } throws: { error in
            guard case .deadLetterStoreWithoutMeter(let reported) = error as? StorageError else { return false }
            return reported == path && "\(error)".contains("ehbridge dlq list --db \(path)")
        }
    }

    @Test func readerReportsMissingFile() throws {
        let folder = try TemporaryDirectory()
        #expect {
            _ = try MeterReader(paths: [folder.file("absent.sqlite")])
        } throws: { error in
            (error as? StorageError)?.sqliteError?.kind == .access
        }
    }

    @Test func readerReadsWhileWriterRuns() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("meter.sqlite")
        let writer = try MeterWriter(path: path, logger: .disabled)
        writer.record(MeterFixtures.record(rawBytes: 7))
        writer.flush()

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        #expect(try reader.totals().first?.amounts.rawBytes == 7)
        #expect(writer.close())
    }
}

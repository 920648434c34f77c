import CSQLite
import Core
import Foundation
import Testing
@testable import Storage
import TestSupport

@Suite struct MeterWriterTests {
    private static func capturingLogger() -> (Logger, CapturingLogSink) {
        let sink = CapturingLogSink()
        return (Logger(label: "meter", minimumLevel: .debug, sink: sink), sink)
    }

    /// Options that fail fast on a locked database and retry quickly.
    private static func failFastOptions(queueCapacity: Int = 100_000) -> MeterWriter.Options {
        MeterWriter.Options(
            queueCapacity: queueCapacity, initialRetryDelayMilliseconds: 1, maxRetryDelayMilliseconds: 10,
            database: SQLiteDatabase.Options(busyTimeoutMilliseconds: 0, busyRetry: .disabled)
        )
    }

    /// Waits until `condition` holds, checking every 5 ms for at most 60 seconds, and returns whether it held.
    private static func waitUntil(_ condition: () -> Bool) -> Bool {
        for _ in 0..<12_000 {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return condition()
    }

    @Test func flushMakesAllRowsReadable() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let path = folder.file("meter.sqlite")
            let (logger, _) = Self.capturingLogger()
            let writer = try MeterWriter(path: path, options: MeterWriter.Options(maxBatchRows: 300), logger: logger)

            for index in 0..<2_500 {
                #expect(writer.record(MeterFixtures.record(offsets: Int64(index * 10)...Int64(index * 10 + 9))))
            }
            writer.flush()

            let counters = writer.counters
            #expect(counters.rowsWritten == 2_500)
            #expect(counters.rowsPending == 0)
            #expect(counters.failures == 0)
            #expect(counters.rowsDropped == 0)

            let reader = try MeterReader(paths: [path])
            defer { reader.close() }
            let totals = try reader.totals()
            #expect(totals.count == 1)
            #expect(totals.first?.amounts.requests == 2_500)
            #expect(totals.first?.amounts.records == 25_000)
            #expect(totals.first?.amounts.rawBytes == 2_500_000)
            #expect(writer.close())
        }
    }

    @Test func storedRowMatchesRecord() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let path = folder.file("meter.sqlite")
            let writer = try MeterWriter(path: path, logger: .disabled)
            let record = MeterFixtures.record(mode: .dedicatedChannel, delivery: .dryRun, partition: 7, offsets: 100...104)
            writer.record(record)
            writer.close()

            let database = try SQLiteDatabase(path: path, options: SQLiteDatabase.Options(access: .readOnly))
            defer { try? database.close() }
            let row = try #require(try database.query("SELECT * FROM meter_writes").first)
            #expect(try row.decode(Int64.self, column: "recorded_at_ms") == record.recordedAtMilliseconds)
            #expect(try row.decode(String.self, column: "instance_id") == "bridge-a")
            #expect(try row.decode(String.self, column: "mode") == "dedicated-channel")
            #expect(try row.decode(String.self, column: "delivery") == "dry-run")
            #expect(try row.decode(Int32.self, column: "kafka_partition") == 7)
            #expect(try row.decode(Int64.self, column: "first_offset") == 100)
            #expect(try row.decode(Int64.self, column: "last_offset") == 104)
            #expect(try row.decode(Int.self, column: "record_count") == 5)
            #expect(try row.decode(Int.self, column: "entry_count") == 10)
            #expect(try row.decode(Int64.self, column: "normalized_bytes") == 500)
            #expect(try row.decode(Int64.self, column: "compressed_bytes") == 100)
            #expect(try row.decode(String.self, column: "compression") == "lz4")
            #expect(try row.decode(Int.self, column: "request_count") == 1)

            let indexes = try database.query(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'meter_writes'"
            ).map { try $0.decode(String.self, column: "name") }
            #expect(indexes.contains("meter_writes_mode_recorded_at"))
        }
    }

    @Test func writerRecoversAfterLockedDatabase() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let path = folder.file("meter.sqlite")
            let (logger, sink) = Self.capturingLogger()
            let writer = try MeterWriter(path: path, options: Self.failFastOptions(), logger: logger)

            let holder = try SQLiteDatabase(path: path)
            try holder.execute("BEGIN IMMEDIATE")
            for index in 0..<3 {
                writer.record(MeterFixtures.record(offsets: Int64(index)...Int64(index)))
            }
            let failed = Self.waitUntil { writer.counters.failures >= 1 }
            try holder.execute("ROLLBACK")
            try holder.close()

            #expect(failed)
            #expect(writer.flush(timeoutMilliseconds: 60_000))
            let counters = writer.counters
            #expect(counters.rowsWritten == 3)
            #expect(counters.rowsPending == 0)
            #expect(counters.failures >= 1)
            #expect(counters.rowsDropped == 0)
            #expect(sink.lines.contains { $0.contains("meter commit failed") && $0.contains("sqlite.code=5 ") })
            #expect(sink.lines.contains { $0.contains("meter commits recovered") })
            #expect(writer.close())
        }
    }

    @Test func durableCallbackWaitsForCommit() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let path = folder.file("meter.sqlite")
            let writer = try MeterWriter(path: path, options: Self.failFastOptions(), logger: .disabled)
            let holder = try SQLiteDatabase(path: path)
            try holder.execute("BEGIN IMMEDIATE")
            let calls = Locked(0)

            writer.record(MeterFixtures.record(), whenDurable: { calls.withLock { $0 += 1 } })
            let failed = Self.waitUntil { writer.counters.failures >= 2 }
            let callsWhileLocked = calls.withLock { $0 }
            try holder.execute("ROLLBACK")
            try holder.close()

            #expect(failed)
            #expect(callsWhileLocked == 0, "a row that is not committed is not durable")
            #expect(Self.waitUntil { calls.withLock { $0 } == 1 })
            #expect(writer.counters.rowsWritten == 1)
            #expect(writer.close())
        }
    }

    @Test func droppedRowsCallDurableCallback() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let path = folder.file("meter.sqlite")
            var options = Self.failFastOptions(queueCapacity: 1)
            options.commitIntervalMilliseconds = 600_000
            let writer = try MeterWriter(path: path, options: options, logger: .disabled)
            let calls = Locked(0)
            let count: @Sendable () -> Void = { calls.withLock { $0 += 1 } }

            // Rows of accepted requests fill twice the capacity before they are rejected.
            #expect(writer.record(MeterFixtures.record(), whenDurable: count))
            #expect(writer.record(MeterFixtures.record(), whenDurable: count))
            #expect(!writer.record(MeterFixtures.record(), whenDurable: count))
            let callsAfterFullQueue = calls.withLock { $0 }
            let holder = try SQLiteDatabase(path: path)
            defer { try? holder.close() }
            try holder.execute("BEGIN IMMEDIATE")
            #expect(!writer.close(timeoutMilliseconds: 50))
            try holder.execute("ROLLBACK")

            #expect(callsAfterFullQueue == 1, "the rejected row is reported at once")
            #expect(calls.withLock { $0 } == 3, "the rows discarded at close are reported too")
        }
    }

    @Test func fullQueueDropsAndCounts() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let (logger, sink) = Self.capturingLogger()
            // A long commit interval keeps the rows queued, so the fifth row meets a full queue.
            let options = MeterWriter.Options(queueCapacity: 2, commitIntervalMilliseconds: 600_000)
            let writer = try MeterWriter(path: folder.file("meter.sqlite"), options: options, logger: logger)

            for _ in 0..<4 {
                #expect(writer.record(MeterFixtures.record()))
            }
            #expect(!writer.record(MeterFixtures.record()))

            #expect(writer.counters.rowsDropped == 1)
            #expect(sink.lines.contains { $0.contains("meter row dropped") && $0.contains("\"queue full\"") })
            writer.flush()
            #expect(writer.counters.rowsWritten == 4)
            writer.close()
        }
    }

    @Test func fullQueueDropsFetchSamplesFirst() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let options = MeterWriter.Options(queueCapacity: 2, commitIntervalMilliseconds: 600_000)
            let writer = try MeterWriter(path: folder.file("meter.sqlite"), options: options, logger: .disabled)
            let sample = KafkaFetchSample(
                recordedAtMilliseconds: 1_772_326_800_000, instanceID: "bridge-a", delivery: .sent,
                broker: "localhost:9092/1", fetchedBytes: 1_000, intervalMilliseconds: 60_000
            )

            #expect(writer.record(sample))
            #expect(writer.record(MeterFixtures.record()))
            #expect(!writer.record(sample), "a sample meets the capacity")
            #expect(writer.record(MeterFixtures.record()), "a row of an accepted request still fits")

            #expect(writer.counters.rowsDropped == 1)
            writer.flush()
            #expect(writer.counters.rowsWritten == 3)
            writer.close()
        }
    }

    @Test func recordAfterCloseIsDropped() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let (logger, sink) = Self.capturingLogger()
            let writer = try MeterWriter(path: folder.file("meter.sqlite"), logger: logger)
            #expect(writer.close())

            #expect(!writer.record(MeterFixtures.record()))
            #expect(writer.counters.rowsDropped == 1)
            #expect(sink.lines.contains { $0.contains("meter row dropped") && $0.contains("\"writer closed\"") })
        }
    }

    @Test func closeTimeoutDiscardsAndCounts() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let path = folder.file("meter.sqlite")
            let (logger, sink) = Self.capturingLogger()
            let writer = try MeterWriter(path: path, options: Self.failFastOptions(), logger: logger)
            let holder = try SQLiteDatabase(path: path)
            defer { try? holder.close() }
            try holder.execute("BEGIN IMMEDIATE")

            writer.record(MeterFixtures.record())
            writer.record(MeterFixtures.record())
            #expect(!writer.close(timeoutMilliseconds: 50))

            let counters = writer.counters
            #expect(counters.rowsWritten == 0)
            #expect(counters.rowsDropped == 2)
            #expect(counters.rowsPending == 0)
            #expect(sink.lines.contains { line in
                line.contains("meter rows discarded at close") && line.contains("meter.rows_discarded=2")
            })
            try holder.execute("ROLLBACK")
        }
    }

    @Test func writerRejectsNewerFile() async throws {
        try await blocking {
            let folder = try TemporaryDirectory()
            let path = folder.file("meter.sqlite")
            let writer = try MeterWriter(path: path, logger: .disabled)
            writer.close()
            let database = try SQLiteDatabase(path: path)
            try database.execute(
                "INSERT INTO schema_migrations (name, feature, applied_at_ms) VALUES (?, ?, ?)", ["meter_v9", "meter", 1]
            )
            try database.close()

            #expect {
                _ = try MeterWriter(path: path, logger: .disabled)
            } throws: { error in
                guard case .unknownMigrations(_, let names, _) = error as? StorageError else { return false }
                return names == ["meter_v9"]
            }
        }
    }
}

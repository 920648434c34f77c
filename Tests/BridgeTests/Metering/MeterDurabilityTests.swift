import Foundation
import Storage
import Testing
@testable import Bridge
import TestSupport

/// Offsets of accepted requests are stored only once their meter rows are committed, so that a crash cannot
/// leave requests the Logstore accepted without a row.
@Suite struct MeterDurabilityTests {
    @Test func lockedMeterHoldsBackOffsets() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let first = TestMessages.envelopes(count: 2, prefix: "before")
            let second = TestMessages.envelopes(count: 3, prefix: "locked")
            try harness.produce(first)
            let configuration = harness.configuration(
                batching: BatchingConfiguration(maxEntries: 3, maxBytes: 524_288, lingerMilliseconds: 20)
            )
            let run = BackgroundRun(BridgeService(configuration: configuration, logger: harness.logger),
                                    limits: RunLimits(maxRecords: first.count + second.count, durationMilliseconds: 90_000))
            let firstStored = harness.wait(seconds: 30) {
                run.service.currentSummary()?.partitions.first?.storedOffset == Int64(first.count)
            }

            // Another connection holds the write lock, as a backup tool or a second process might.
            let holder = try SQLiteDatabase(path: harness.meterPath)
            try holder.execute("BEGIN IMMEDIATE")
            try harness.produce(second)
            let secondAccepted = harness.wait(seconds: 30) { harness.storedLogCount == (first.count + second.count) * 3 }
            Thread.sleep(forTimeInterval: 0.5)
            let offsetWhileLocked = run.service.currentSummary()?.partitions.first?.storedOffset
            try holder.execute("ROLLBACK")
            try holder.close()
            let summary = try run.wait()

            #expect(firstStored)
            #expect(secondAccepted)
            #expect(offsetWhileLocked == Int64(first.count), "offsets wait for the meter")
            #expect(summary.reconciles)
            #expect(summary.partitions.first?.storedOffset == Int64(first.count + second.count))
            #expect(try harness.meterAmounts().records == Int64(first.count + second.count))
        }
    }

    /// Rows wait up to the meter's commit interval, and a second stop signal ends the process without the
    /// clean stop's close: it commits them first, or the meter would miss requests that SLS accepted and bills.
    @Test func rowsQueuedAtForcedExitAreCommitted() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 4, prefix: "queued")
            try harness.produce(values)
            let configuration = harness.configuration(
                batching: BatchingConfiguration(maxEntries: 3, maxBytes: 524_288, lingerMilliseconds: 20)
            )
            // A commit interval far longer than the test keeps the rows queued until something commits them.
            let service = BridgeService(
                configuration: configuration, logger: harness.logger,
                meterOptions: MeterWriter.Options(commitIntervalMilliseconds: 600_000)
            )
            let run = BackgroundRun(service, limits: RunLimits(maxRecords: nil, durationMilliseconds: 90_000))
            let accepted = harness.wait(seconds: 30) { harness.storedLogCount == values.count * 3 }
            let rowsBefore = try harness.meterAmounts().requests

            let committed = service.commitMeterBeforeExit(timeoutMilliseconds: 5_000)
            let rowsAfter = try harness.meterAmounts().requests
            let summary = try run.stop()

            #expect(accepted)
            #expect(rowsBefore == 0, "the rows were still queued")
            #expect(committed)
            #expect(rowsAfter == 4, "one row per accepted request of 3 entries")
            #expect(summary.reconciles)
        }
    }

    @Test func unreadableMeterFileNamesItsKey() throws {
        let harness = try BridgeTestHarness(partitions: 1)
        // A file that is not an SQLite database, such as a configuration named by mistake.
        try Data(String(repeating: "source:\n  hub: x\n", count: 200).utf8)
            .write(to: URL(fileURLWithPath: harness.meterPath))
        let service = BridgeService(configuration: harness.configuration(), logger: harness.logger)

        #expect {
            _ = try service.run(limits: RunLimits(maxRecords: 1, durationMilliseconds: 10_000))
        } throws: { error in
            guard let open = error as? StorageOpenError else { return false }
            return open.key == "meter.path" && "\(open)".hasPrefix("cannot open the file of meter.path: ")
        }
    }

    @Test func lockedMeterPausesConsumption() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let first = TestMessages.envelopes(count: 1, prefix: "before")
            let later = TestMessages.envelopes(count: 120, recordsPerMessage: 1, padding: 1_000, prefix: "locked")
            try harness.produce(first)
            var configuration = harness.configuration(
                batching: BatchingConfiguration(maxEntries: 4, maxBytes: 524_288, lingerMilliseconds: 20)
            )
            configuration.delivery.maxBytesInFlight = 8_192
            configuration.delivery.resumeBytesInFlight = 4_096
            let run = BackgroundRun(BridgeService(configuration: configuration, logger: harness.logger),
                                    limits: RunLimits(maxRecords: first.count + later.count, durationMilliseconds: 120_000))
            let started = harness.wait(seconds: 30) { run.service.currentSummary()?.partitions.first?.storedOffset == 1 }

            let holder = try SQLiteDatabase(path: harness.meterPath)
            try holder.execute("BEGIN IMMEDIATE")
            try harness.produce(later)
            Thread.sleep(forTimeInterval: 6)
            let consumedWhileLocked = run.service.currentSummary()?.consumed ?? 0
            try holder.execute("ROLLBACK")
            try holder.close()
            let summary = try run.wait()

            #expect(started)
            // A quarter of each accepted batch stays counted until its rows are committed, so about four times the
            // 8 KiB limit of 1 KB records waits for the meter before reading pauses.
            #expect(consumedWhileLocked < 60, "read \(consumedWhileLocked) records while the meter was locked")
            #expect(summary.reconciles)
            #expect(summary.delivered == first.count + later.count)
        }
    }
}

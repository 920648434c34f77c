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

    private static func record(
        at time: Int64, mode: MeterMode, delivery: MeterDelivery, raw: Int64, instanceID: String = "test"
    ) -> MeterRecord {
        MeterRecord(
            recordedAtMilliseconds: time, instanceID: instanceID, mode: mode, delivery: delivery, project: "p",
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
        // Two rows six hours apart: the window starts one interval before the first row, so it is 12 hours.
        #expect(window == 12 * Self.hour)
        #expect(estimate.scenarios.map(\.name) == ["dedicated-channel (dry-run)", "user-log-service (dry-run)"])

        let user = try #require(estimate.scenarios.last)
        // 4,000 bytes in 12 hours are 8,000 bytes a day; both modes fetched all 4,000 bytes.
        #expect(user.dailyVolume.rawBytes == 8_000)
        #expect(user.dailyVolume.kafkaFetchBytes == 8_000)
        #expect(user.dailyVolume.requests == 4)
        #expect(user.logstore.policy == StoragePolicy(retentionDays: 30))
        #expect(user.logstore.activeShards == 2)
        #expect(user.observedDays.map(\.day.description) == ["2026-03-01"])
        #expect(user.observedDays.first?.volume.kafkaFetchBytes == 4_000)
        #expect(user.observed.map(\.period) == ["2026-03"])
        #expect(user.projection.period == UsageCalculator.projectedMonthLabel)
        #expect(user.projection.days == 30)
        #expect(!estimate.notes.warnings.contains { $0.contains("No Kafka statistics sample") })
        #expect(estimate.notes.assumptions.contains("Daily rates divide the metered totals by an observation window of "
            + "12 hours (the first to the last meter row, extended by one average interval between rows)."))
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

    /// Estimates `records` from one meter file with the repository's prices and default settings.
    private static func estimate(
        _ records: [MeterRecord], windowMilliseconds: Int64? = nil, range: MeterTimeRange = .all,
        scaledRawBytesPerDay: Decimal? = nil
    ) throws -> CostEstimate {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("meter.sqlite").path
        try writeMeter(path, records: records, samples: [])
        let builder = try CostEstimateBuilder(book: try PricingFixtures.book(), settings: CostSettings())
        return builder.estimate(
            meter: try MeterUsage.load(paths: [path], range: range),
            fallbackLogstore: LogstoreAssumptions(policy: StoragePolicy(retentionDays: 30), activeShards: 2),
            windowMilliseconds: windowMilliseconds, scaledRawBytesPerDay: scaledRawBytesPerDay
        )
    }

    @Test func hourlyRowsGiveTheirDailyTotal() throws {
        // 24 rows, one at the end of each hour of a day, 1,000 bytes each.
        let rows = (1...24).map {
            Self.record(at: Self.march1 + Int64($0) * Self.hour, mode: .userLogService, delivery: .sent, raw: 1_000)
        }

        let scenario = try #require(try Self.estimate(rows).scenarios.first)

        #expect(scenario.dailyVolume.rawBytes == 24_000)
    }

    @Test func eachScenarioHasItsOwnWindow() throws {
        // A one-hour dry run (a row every 6 minutes), then two days of a real run (a row every hour), both at
        // 24,000 raw bytes a day.
        let dryRun = (1...10).map {
            Self.record(at: Self.march1 + Int64($0) * Self.hour / 10, mode: .userLogService, delivery: .dryRun, raw: 100)
        }
        let sent = (1...48).map {
            Self.record(at: Self.march1 + 14 * 24 * Self.hour + Int64($0) * Self.hour, mode: .userLogService,
                        delivery: .sent, raw: 1_000)
        }

        let estimate = try Self.estimate(dryRun + sent)
        let byName = Dictionary(uniqueKeysWithValues: estimate.scenarios.map { ($0.name, $0) })

        #expect(byName["user-log-service (dry-run)"]?.dailyVolume.rawBytes == 24_000)
        #expect(byName["user-log-service (sent)"]?.dailyVolume.rawBytes == 24_000)
        #expect(estimate.notes.assumptions.contains { $0.hasPrefix("Daily rates of user-log-service (dry-run) divide") })
    }

    @Test func backlogUsesRecordTimeWindow() throws {
        // A dry run read in one minute 1,000 bytes of records written over an hour: 24,000 bytes a day, not 1,440,000.
        var first = Self.record(at: Self.march1, mode: .userLogService, delivery: .dryRun, raw: 500)
        first.lastOffset = 4
        first.recordCount = 5
        first.firstRecordTimeMilliseconds = Self.march1 - Self.hour
        first.lastRecordTimeMilliseconds = Self.march1 - Self.hour / 2
        var second = Self.record(at: Self.march1 + 60_000, mode: .userLogService, delivery: .dryRun, raw: 500)
        second.firstOffset = 5
        second.recordCount = 5
        second.firstRecordTimeMilliseconds = Self.march1 - Self.hour / 2
        second.lastRecordTimeMilliseconds = Self.march1

        let estimate = try Self.estimate([first, second])

        #expect(estimate.scenarios.first?.dailyVolume.rawBytes == 24_000)
        #expect(estimate.notes.assumptions.contains { $0.contains("(the time over which the metered Kafka records were written") })
        #expect(estimate.notes.warnings.allSatisfy { !$0.contains("more than once") })
    }

    @Test func rowsWithoutRecordTimesKeepTheirRate() throws {
        // Sent rows of one day: 24,000 bytes of older rows without record times, and 1,000 bytes with record times
        // over three days (a backlog). The 25 rows span 23 hours, extended by one interval of 23/24 hours.
        var rows = (1...24).map {
            Self.record(at: Self.march1 + Int64($0) * Self.hour, mode: .userLogService, delivery: .sent, raw: 1_000)
        }
        for index in rows.indices {
            rows[index].firstOffset = Int64(index) * 10
            rows[index].lastOffset = Int64(index) * 10 + 9
        }
        var backlog = Self.record(at: Self.march1 + Self.hour, mode: .userLogService, delivery: .sent, raw: 1_000)
        backlog.firstOffset = 1_000
        backlog.lastOffset = 1_009
        backlog.firstRecordTimeMilliseconds = Self.march1 - 3 * 24 * Self.hour
        backlog.lastRecordTimeMilliseconds = Self.march1

        let estimate = try Self.estimate(rows + [backlog])
        let rawBytes = try #require(estimate.scenarios.first?.dailyVolume.rawBytes)

        // 24,000 bytes over 23 23/24 hours and 1,000 over 72 hours: 24,041.7 + 333.3 = 24,375 bytes a day. The
        // 25,000 bytes over the row window alone would give 25,043.
        #expect(abs(rawBytes - 24_375) < 5)
        #expect(estimate.notes.assumptions.contains { $0.contains("(a combined window: rows with record times") })
    }

    @Test func repeatedDryRunRowsAreWarned() throws {
        // Two dry runs of the same ten records.
        let rows = [Self.march1, Self.march1 + Self.hour].map {
            Self.record(at: $0, mode: .userLogService, delivery: .dryRun, raw: 1_000)
        }

        let estimate = try Self.estimate(rows)

        #expect(estimate.notes.warnings.contains {
            $0.hasPrefix("The dry-run rows count at least 10 Kafka records more than once. Each dry run reads the hub again")
        })
    }

    @Test func sentRecordsReadAgainAreWarned() throws {
        // One run's ten records, sent again after a crash before their offsets were committed.
        let rows = [Self.march1, Self.march1 + Self.hour].map {
            Self.record(at: $0, mode: .userLogService, delivery: .sent, raw: 1_000)
        }

        let estimate = try Self.estimate(rows)

        #expect(estimate.notes.warnings.contains {
            $0.hasPrefix("The sent rows count at least 10 Kafka records more than once: records read again after a crash")
        })
    }

    @Test func overlapOfTwoInstancesIsWarnedAsPossible() throws {
        // Dry runs of the same ten records under two instance ids, as after a change of meter.instance_id.
        let rows = [("bridge-a", Self.march1), ("bridge-b", Self.march1 + Self.hour)].map {
            Self.record(at: $0.1, mode: .userLogService, delivery: .dryRun, raw: 1_000, instanceID: $0.0)
        }

        let estimate = try Self.estimate(rows)

        #expect(!estimate.notes.warnings.contains { $0.hasPrefix("The dry-run rows count at least") })
        #expect(estimate.notes.warnings.contains {
            $0.hasPrefix("Dry-run rows of different instances cover the same offsets of hubs with the same names, at least 10")
        })
    }

    @Test func rangeBeyondRowsIsWarned() throws {
        // Rows from 00:00 to 01:00 on 1 March, reported over the whole day.
        let rows = [Self.march1, Self.march1 + Self.hour].map {
            Self.record(at: $0, mode: .userLogService, delivery: .sent, raw: 1_000)
        }
        let day = MeterTimeRange(startMilliseconds: Self.march1, endMilliseconds: Self.march1 + 24 * Self.hour)

        let estimate = try Self.estimate(rows, range: day)
        let covered = try Self.estimate(rows, range: MeterTimeRange(startMilliseconds: Self.march1,
                                                                      endMilliseconds: Self.march1 + Self.hour))

        #expect(estimate.notes.warnings.contains {
            $0.hasPrefix("The report's range reaches 23 hours beyond the meter rows (0 before the first, 23 after the last")
        })
        #expect(!covered.notes.warnings.contains { $0.hasPrefix("The report's range reaches") })
    }

    @Test func measuredWindowHasNoMinimum() throws {
        // A dry run that measured 10 seconds: 1,000 bytes in 10 s are 8,640,000 bytes a day.
        let rows = [Self.record(at: Self.march1, mode: .userLogService, delivery: .dryRun, raw: 1_000)]

        let estimate = try Self.estimate(rows, windowMilliseconds: 10_000)

        #expect(estimate.scenarios.first?.dailyVolume.rawBytes == 8_640_000)
        #expect(estimate.notes.warnings.contains { $0.hasPrefix("The meter covers 10 seconds") })
    }

    @Test func oneTimeDryRunKeepsToItsDelivery() throws {
        // A day of a real run, then a dry run of one batch per mode, both rows at one time two weeks later.
        let sent = (1...24).map {
            Self.record(at: Self.march1 + Int64($0) * Self.hour, mode: .userLogService, delivery: .sent, raw: 1_000)
        }
        let later = Self.march1 + 14 * 24 * Self.hour
        let dryRun = [MeterMode.dedicatedChannel, .userLogService].map {
            Self.record(at: later, mode: $0, delivery: .dryRun, raw: 1_000)
        }

        let estimate = try Self.estimate(sent + dryRun)
        let byName = Dictionary(uniqueKeysWithValues: estimate.scenarios.map { ($0.name, $0) })

        // The dry run's window cannot be measured, so it is the one-minute minimum, not the real run's two weeks.
        #expect(byName["user-log-service (dry-run)"]?.dailyVolume.rawBytes == 1_440_000)
        #expect(byName["user-log-service (sent)"]?.dailyVolume.rawBytes == 24_000)
        #expect(estimate.notes.warnings.contains { $0.hasPrefix("The meter rows of user-log-service (dry-run) were all written at one time") })
    }

    /// Returns the measured month `month` (`YYYY-MM`) of the scenario named `name`.
    private static func month(_ month: String, of name: String, in estimate: CostEstimate) -> PeriodCost? {
        estimate.scenarios.first { $0.name == name }?.observed.first { $0.period == month }
    }

    private static let day: Int64 = 24 * hour

    @Test func rangeKeepsStorageOfEarlierWrites() throws {
        // One row a day from 10 February to 10 March. Storage in March contains February's writes, whether or not
        // the report's range starts on 1 March.
        let rows = (-19...9).map {
            Self.record(at: Self.march1 + Int64($0) * Self.day + Self.hour, mode: .userLogService, delivery: .sent,
                        raw: 1_000_000_000)
        }
        let march = MeterTimeRange(startMilliseconds: Self.march1, endMilliseconds: Self.march1 + 31 * Self.day)

        let whole = try #require(Self.month("2026-03", of: "user-log-service (sent)", in: try Self.estimate(rows)))
        let ranged = try #require(
            Self.month("2026-03", of: "user-log-service (sent)", in: try Self.estimate(rows, range: march))
        )
        let storage = try #require(ranged.lines.first { $0.itemID == "sls.pbf.storage_hot" })

        #expect(ranged.days == 10)
        #expect(ranged == whole)
        // 10 days holding 20 to 29 days of writes of 1.125 GB (compressed plus indexed bytes, 1 GB = 1024³ bytes).
        #expect(storage.usedQuantity == Decimal(245) * Decimal(1_125_000_000) / Decimal(1_073_741_824))
    }

    @Test func daysWithoutRowsStillBill() throws {
        // Sent rows on 1 and 4 March only: 2 and 3 March still hold storage, shards and Event Hubs units.
        let rows = [0, 3].map {
            Self.record(at: Self.march1 + Int64($0) * Self.day + Self.hour, mode: .userLogService, delivery: .sent,
                        raw: 1_000_000_000)
        }

        let estimate = try Self.estimate(rows)
        let scenario = try #require(estimate.scenarios.first { $0.name == "user-log-service (sent)" })
        let march = try #require(scenario.observed.first)
        let units = try #require(march.lines.first { $0.itemID == "eventhubs.standard.throughput_units" })
        let storage = try #require(march.lines.first { $0.itemID == "sls.pbf.storage_hot" })

        #expect(scenario.observedDays.map(\.day.description) == ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"])
        #expect(scenario.observedDays.map(\.volume.rawBytes) == [1_000_000_000, 0, 0, 1_000_000_000])
        #expect(scenario.observedDays.map(\.activeShards) == [2, 2, 2, 2])
        #expect(march.days == 4)
        #expect(units.usedQuantity == 96)
        // 1, 1, 1 and 2 days of writes held: 5 × 1.125 GB.
        #expect(storage.usedQuantity == Decimal(5) * Decimal(1_125_000_000) / Decimal(1_073_741_824))
    }

    @Test func monthRangeMatchesWholeFile() throws {
        // Rows on 10 to 20 February and 5 to 10 March. The bridge ran on 21 to 28 February too, without writes, so
        // a report of February alone bills those days as the whole file does.
        let february1: Int64 = Self.march1 - 28 * Self.day
        let days = Array(9...19) + Array(32...37)
        let rows = days.map {
            Self.record(at: february1 + Int64($0) * Self.day + Self.hour, mode: .userLogService, delivery: .sent,
                        raw: 1_000_000_000)
        }
        let february = MeterTimeRange(startMilliseconds: february1, endMilliseconds: Self.march1)
        let march = MeterTimeRange(startMilliseconds: Self.march1, endMilliseconds: Self.march1 + 31 * Self.day)
        let name = "user-log-service (sent)"

        let whole = try Self.estimate(rows)
        let wholeFebruary = try #require(Self.month("2026-02", of: name, in: whole))
        let wholeMarch = try #require(Self.month("2026-03", of: name, in: whole))
        let rangedFebruary = try #require(Self.month("2026-02", of: name, in: try Self.estimate(rows, range: february)))
        let rangedMarch = try #require(Self.month("2026-03", of: name, in: try Self.estimate(rows, range: march)))

        #expect(wholeFebruary.days == 19)
        #expect(rangedFebruary == wholeFebruary)
        #expect(wholeMarch.days == 10)
        #expect(rangedMarch == wholeMarch)
    }

    @Test func dryRunDaysAreNotFilled() throws {
        // Dry runs on 1 and 4 March: the days between were not metered, so they are not billed.
        let rows = [0, 3].map {
            Self.record(at: Self.march1 + Int64($0) * Self.day, mode: .userLogService, delivery: .dryRun, raw: 1_000)
        }

        let scenario = try #require(try Self.estimate(rows).scenarios.first)

        #expect(scenario.observedDays.map(\.day.description) == ["2026-03-01", "2026-03-04"])
        #expect(scenario.observed.first?.days == 2)
    }

    @Test func ctdrQuotaCoversBusiestDayOfMonth() throws {
        // 5, 15, 5 and 15 GB on four days: a subscription quota for the month must cover 15 GB every day.
        let gigabyte: Int64 = 1_073_741_824
        let rows = [5, 15, 5, 15].enumerated().map { offset, size in
            Self.record(at: Self.march1 + Int64(offset) * Self.day + Self.hour, mode: .userLogService, delivery: .sent,
                        raw: Int64(size) * gigabyte)
        }

        let estimate = try Self.estimate(rows)
        let march = try #require(Self.month("2026-03", of: "user-log-service (sent)", in: estimate))
        let ingestion = try #require(march.lines.first { $0.itemID == "ctdr.log_ingestion" })

        #expect(estimate.notes.warnings.contains {
            $0.hasPrefix("The busiest measured day of user-log-service (sent), 2026-03-02, ingested 15 GB against a measured average of 10 GB a day")
        })
        #expect(ingestion.usedQuantity == 60)
        // 15 GB/day is in the second tier, 0.48 USD per GB-day: 60 × 0.48.
        #expect(ingestion.amount == Decimal(string: "28.80"))
    }

    @Test func scaledEvenDaysGetNoPeakWarning() throws {
        // Four even days scaled down to a tenth: no day is above the average it is compared with.
        let rows = (0..<4).map {
            Self.record(at: Self.march1 + Int64($0) * Self.day + Self.hour, mode: .userLogService, delivery: .sent,
                        raw: 1_073_741_824)
        }

        let estimate = try Self.estimate(rows, scaledRawBytesPerDay: 107_374_182)

        #expect(!estimate.notes.warnings.contains { $0.hasPrefix("The busiest measured day") })
    }

    @Test func rowsWithinAMinuteCountAsOneMinute() throws {
        // Three sent rows within 30 ms, as a smoke test writes them: a rate over their 45 ms would be 1,333 times the
        // rate over one minute.
        let rows = [0, 15, 30].map {
            Self.record(at: Self.march1 + Int64($0), mode: .userLogService, delivery: .sent, raw: 1_000)
        }

        let estimate = try Self.estimate(rows)
        let scenario = try #require(estimate.scenarios.first)

        #expect(scenario.windowMilliseconds == 60_000)
        #expect(scenario.dailyVolume.rawBytes == 4_320_000)
        #expect(estimate.notes.warnings.contains {
            $0.hasPrefix("The meter rows span only 45 milliseconds, too short for a daily rate")
        })
    }
}

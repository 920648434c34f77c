import CostModel
import Foundation
import Storage
import Testing

@Suite struct FreeQuotaAndMonthTests {
    @Test func requestsAboveFreeQuotaAreBilled() throws {
        let estimator = try PricingFixtures.estimator()
        var notes = CostNotes()
        let periods = estimator.price(
            mode: .userLogService, days: [PricingFixtures.day([.requests: 1_500_000])], notes: &notes
        )
        let line = try #require(PricingFixtures.line("sls.pbf.requests", in: periods))

        #expect(line.usedQuantity == Decimal(string: "1.5"))
        #expect(line.freeQuantity == 1)
        #expect(line.billedQuantity == Decimal(string: "0.5"))
        // 0.5 x 0.03 = 0.015, rounded half up to 0.02.
        #expect(line.exactAmount == Decimal(string: "0.015"))
        #expect(line.amount == Decimal(string: "0.02"))
    }

    @Test func shardDaysAboveThirtyOneAreBilled() throws {
        let estimator = try PricingFixtures.estimator()
        var notes = CostNotes()
        let days = (1...30).map { PricingFixtures.day([.shardDays: 2], label: "day \($0)") }

        let periods = estimator.price(mode: .userLogService, days: days, notes: &notes)
        let line = try #require(PricingFixtures.line("sls.pbf.active_shards", in: periods))

        #expect(line.usedQuantity == 60)
        #expect(line.billedQuantity == 29)
        #expect(line.amount == Decimal(string: "0.29"))
    }

    @Test func freeQuotasOffWhenResourcePlan() throws {
        let estimator = try PricingFixtures.estimator(CostSettings(freeQuotas: false))
        var notes = CostNotes()
        let periods = estimator.price(
            mode: .userLogService, days: [PricingFixtures.day([.requests: 1_500_000])], notes: &notes
        )

        #expect(PricingFixtures.line("sls.pbf.requests", in: periods)?.billedQuantity == Decimal(string: "1.5"))
        #expect(notes.assumptions.contains { $0.contains("free quotas are not applied") })
    }

    /// Two days in January and two in February: each month gets its own free quota, and January's writes stay
    /// in storage into February.
    @Test func monthBoundaryResetsFreeQuotaAndKeepsStorage() throws {
        let settings = CostSettings()
        let estimator = try PricingFixtures.estimator(settings)
        let january30 = MeterDay(daysSinceEpoch: 20_483)
        #expect(january30.description == "2026-01-30")
        let observed = (0..<4).map { offset in
            UsageCalculator.ObservedDay(
                day: MeterDay(daysSinceEpoch: january30.daysSinceEpoch + Int64(offset)),
                volume: DailyVolume(storedBytes: PricingFixtures.gigabyte, requests: 600_000), activeShards: 2
            )
        }
        let days = UsageCalculator.observedDays(observed, policy: StoragePolicy(retentionDays: 30), settings: settings)
        var notes = CostNotes()

        let periods = estimator.price(mode: .userLogService, days: days, notes: &notes)

        #expect(periods.map(\.period) == ["2026-01", "2026-02"])
        #expect(periods.map(\.days) == [2, 2])
        let requests = periods.map { $0.lines.first { $0.itemID == "sls.pbf.requests" } }
        #expect(requests.map { $0?.billedQuantity } == [Decimal(string: "0.2"), Decimal(string: "0.2")])
        // Storage: January holds 1 + 2 GB-days; February 3 + 4, because January's writes are still kept.
        let storage = periods.map { $0.lines.first { $0.itemID == "sls.pbf.storage_hot" } }
        #expect(storage.map { $0?.usedQuantity } == [3, 7])
        #expect(storage.map { $0?.freeQuantity } == [Decimal(string: "0.48828125"), Decimal(string: "0.48828125")])
    }

    @Test func payByIngestedDataBillsStorageFromDayThirty() throws {
        let settings = CostSettings(slsBilling: .payByIngestedData, daysPerMonth: 30)
        let estimator = try PricingFixtures.estimator(settings)
        let daily = DailyVolume(storedBytes: PricingFixtures.gigabyte)
        var notes = CostNotes()

        let thirty = UsageCalculator.projectedMonth(
            daily: daily, logstore: LogstoreAssumptions(policy: StoragePolicy(retentionDays: 30), activeShards: 2),
            settings: settings
        )
        let ninety = UsageCalculator.projectedMonth(
            daily: daily, logstore: LogstoreAssumptions(policy: StoragePolicy(retentionDays: 90), activeShards: 2),
            settings: settings
        )

        let within = estimator.price(mode: .userLogService, days: thirty, notes: &notes)
        let beyond = estimator.price(mode: .userLogService, days: ninety, notes: &notes)
        #expect(PricingFixtures.line("sls.pbi.storage_hot", in: within)?.amount == 0)
        // 60 GB held beyond day 30, every day of a 30-day month: 1800 GB-days at 0.002875.
        #expect(PricingFixtures.line("sls.pbi.storage_hot", in: beyond)?.billedQuantity == 1_800)
        #expect(PricingFixtures.line("sls.pbi.storage_hot", in: beyond)?.amount == Decimal(string: "5.18"))
        #expect(PricingFixtures.line("sls.pbf.active_shards", in: beyond) == nil)
    }

    @Test func ctdrIngestionFollowsTheConfiguredByteBasis() throws {
        // 10 GB of raw Kafka values a day become 12 GB of normalized LogGroups.
        let daily = DailyVolume(rawBytes: 10 * PricingFixtures.gigabyte, normalizedBytes: 12 * PricingFixtures.gigabyte)
        let logstore = LogstoreAssumptions(policy: StoragePolicy(retentionDays: 30), activeShards: 2)
        func ingestion(_ basis: IngestionBasis) throws -> CostLineItem? {
            let settings = CostSettings(ctdrIngestionBasis: basis, daysPerMonth: 30)
            var notes = CostNotes()
            let days = UsageCalculator.projectedMonth(daily: daily, logstore: logstore, settings: settings)
            let periods = try PricingFixtures.estimator(settings).price(mode: .userLogService, days: days, notes: &notes)
            return PricingFixtures.line("ctdr.log_ingestion", in: periods)
        }

        let raw = try #require(try ingestion(.raw))
        let normalized = try #require(try ingestion(.normalized))
        // A GB-day quota bought for each day's volume: 10 or 12 GB a day over 30 days.
        #expect(raw.usedQuantity == 300)
        #expect(normalized.usedQuantity == 360)
        // The daily quantity picks the tier, with volume tiers when the vendor does not state a mode. 10 GB a day
        // is bought as 11 GB, the first size of the second tier, whose 0.48 for every GB (5.28) costs less than 10 GB
        // at 0.60; 12 GB is in the second tier too.
        #expect(raw.amount == Decimal(string: "158.4"))
        #expect(normalized.amount == Decimal(string: "172.8"))
    }

    @Test func gigabyteMonthFollowsCalendarMonth() throws {
        // 300 GB held every day of February and of March is 300 GB-months in each, not 280 and 310.
        let estimator = try PricingFixtures.estimator()
        var notes = CostNotes()
        for (month, days) in [("2026-02", 28), ("2026-03", 31), ("2028-02", 29)] {
            let usage = (1...days).map {
                PricingFixtures.day([.ctdrStoredByteDays: 300 * PricingFixtures.gigabyte], label: "day \($0)", month: month)
            }
            let periods = estimator.price(mode: .dedicatedChannel, days: usage, notes: &notes)
            let line = try #require(PricingFixtures.line("ctdr.log_storage", in: periods))

            // Each day adds 300/28 (or /31, /29) GB-months, whose decimal sum ends a few units below 300 in the
            // 38th digit.
            #expect(abs(line.usedQuantity - 300) < Decimal(string: "1e-30")!, "\(month)")
            #expect(line.amount == 30, "\(month)")
        }
    }
}

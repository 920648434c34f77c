import CostModel
import Foundation
import Storage
import Testing

/// The vendors' own worked examples, priced with the repository's price files.
@Suite struct VendorExampleTests {
    /// SLS pay-by-ingested-data: "10 TB at 0.061 USD/GB is 624.64 USD", which holds with 1 TB = 1024 GB
    /// (https://www.alibabacloud.com/help/en/sls/product-overview/billing-per-amount-of-data-written).
    @Test func payByIngestedDataTenTerabytes() throws {
        let settings = CostSettings(slsBilling: .payByIngestedData)
        let estimator = try PricingFixtures.estimator(settings)
        let tenTerabytes = 10 * 1024 * PricingFixtures.gigabyte
        var notes = CostNotes()

        let periods = estimator.price(
            mode: .userLogService, days: [PricingFixtures.day([.normalizedBytes: tenTerabytes])], notes: &notes
        )
        let line = try #require(PricingFixtures.line("sls.pbi.raw_data", in: periods))

        #expect(line.billedQuantity == 10_240)
        #expect(line.unitPrice == Decimal(string: "0.061"))
        #expect(line.exactAmount == Decimal(string: "624.64"))
        #expect(line.amount == Decimal(string: "624.64"))
        #expect(line.currency == .usd)
        #expect(line.payer == .sls)
    }

    /// SLS pay-by-feature, billing example 2 (https://alibabacloud.com/help/en/sls/product-overview/billing-examples):
    /// 18.6 GB of logs a day, 5:1 compression, a full-text index of 20 GB, 2 shards, 3 days of retention and no
    /// free quota cost USD 2.171985 a day. The page lists 3.72 GB of write traffic for USD 0.1674; the other lines
    /// follow from the prices, and the request line (1 million at USD 0.03) is what remains of the daily total.
    @Test func payByFeatureExampleTwoDailyFee() throws {
        let gigabyte = PricingFixtures.gigabyte
        let settings = CostSettings(internetReadBytesPerDay: 0, freeQuotas: false, daysPerMonth: 1)
        let estimator = try PricingFixtures.estimator(settings)
        let compressed = Decimal(string: "3.72")! * gigabyte
        let indexed = 20 * gigabyte
        let daily = DailyVolume(
            rawBytes: Decimal(string: "18.6")! * gigabyte, normalizedBytes: Decimal(string: "18.6")! * gigabyte,
            compressedBytes: compressed, indexedBytes: indexed, storedBytes: compressed + indexed, requests: 1_000_000
        )
        let logstore = LogstoreAssumptions(policy: StoragePolicy(retentionDays: 3), activeShards: 2)
        let days = UsageCalculator.projectedMonth(daily: daily, logstore: logstore, settings: settings)
        var notes = CostNotes()

        let periods = estimator.price(mode: .userLogService, days: days, notes: &notes)
        let exact = { (id: String) in PricingFixtures.line(id, in: periods)?.exactAmount }

        #expect(exact("sls.pbf.write_traffic") == Decimal(string: "0.1674"))
        #expect(exact("sls.pbf.index_traffic") == Decimal(string: "1.75"))
        #expect(PricingFixtures.line("sls.pbf.storage_hot", in: periods)?.billedQuantity == Decimal(string: "71.16"))
        #expect(exact("sls.pbf.storage_hot") == Decimal(string: "0.204585"))
        #expect(exact("sls.pbf.active_shards") == Decimal(string: "0.02"))
        #expect(exact("sls.pbf.requests") == Decimal(string: "0.03"))

        let slsLines = try #require(periods.first?.lines.filter { $0.payer == .sls })
        let exactTotal = slsLines.reduce(Decimal(0)) { $0 + ($1.exactAmount ?? 0) }
        #expect(exactTotal == Decimal(string: "2.171985"))
        // Rounded per line: 0.17 + 1.75 + 0.20 + 0.02 + 0.03.
        #expect(periods.first?.total(for: .sls)?.amount == Decimal(string: "2.17"))
    }

    /// SLS pay-by-feature, billing example 1: 10 MB of logs a day, 5:1 compression, a full-text index, 1 shard and
    /// 1 day of retention stay within the free quotas for a 31-day month (31 shard-days, 310 MB of index traffic,
    /// 372 MB of storage).
    @Test func payByFeatureExampleOneIsFree() throws {
        let megabyte: Decimal = 1_048_576
        let settings = CostSettings()
        let estimator = try PricingFixtures.estimator(settings)
        let march = (1...31).map { MeterDay(daysSinceEpoch: 20_512 + Int64($0)) }
        let observed = march.map { day in
            UsageCalculator.ObservedDay(
                day: day,
                volume: DailyVolume(
                    rawBytes: 10 * megabyte, normalizedBytes: 10 * megabyte, compressedBytes: 2 * megabyte,
                    indexedBytes: 10 * megabyte, storedBytes: 12 * megabyte, requests: 1_440
                ),
                activeShards: 1
            )
        }
        let days = UsageCalculator.observedDays(observed, policy: StoragePolicy(retentionDays: 1), settings: settings)
        var notes = CostNotes()

        let periods = estimator.price(mode: .userLogService, days: days, notes: &notes)
        let month = try #require(periods.first)

        #expect(periods.count == 1)
        #expect(month.period == "2026-03")
        #expect(month.days == 31)
        let storage = try #require(PricingFixtures.line("sls.pbf.storage_hot", in: periods))
        #expect(storage.usedQuantity == 372 / Decimal(1024))
        #expect(storage.freeQuantity == storage.usedQuantity)
        #expect(PricingFixtures.line("sls.pbf.index_traffic", in: periods)?.usedQuantity == 310 / Decimal(1024))
        #expect(PricingFixtures.line("sls.pbf.active_shards", in: periods)?.usedQuantity == 31)
        for line in month.lines where line.payer == .sls {
            #expect(line.amount == 0, "\(line.itemID)")
        }
    }
}

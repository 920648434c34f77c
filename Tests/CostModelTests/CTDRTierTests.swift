import CostModel
import Foundation
import Storage
import Testing

/// CTDR's Log Ingestion Traffic tiers: up to 10 GB a day 0.60, up to 50 GB 0.48, up to 100 GB 0.45, above 0.42
/// USD per GB-day, bought in whole GB.
@Suite struct CTDRTierTests {
    private static func dailyAmount(gigabytes: Decimal, mode: TierMode) throws -> CostLineItem {
        let settings = CostSettings(unstatedTierMode: mode)
        let estimator = try PricingFixtures.estimator(settings)
        var notes = CostNotes()
        let day = PricingFixtures.day([.ctdrIngestionQuota: gigabytes * PricingFixtures.gigabyte])
        let periods = estimator.price(mode: .userLogService, days: [day], notes: &notes)
        return try #require(PricingFixtures.line("ctdr.log_ingestion", in: periods))
    }

    /// Under volume pricing the top of a tier costs more than the first GB of the next one, so a quota of 10, 50 or
    /// 100 GB is bought as 11, 51 or 101 GB.
    @Test(arguments: [
        ("10", "5.28", "6.00"),
        ("11", "5.28", "6.48"),
        ("50", "22.95", "25.20"),
        ("51", "22.95", "25.65"),
        ("100", "42.42", "47.70"),
        ("101", "42.42", "48.12"),
    ])
    func boundariesVolumeAndGraduated(gigabytes: String, volume: String, graduated: String) throws {
        let quantity = try #require(Decimal(string: gigabytes))
        #expect(try Self.dailyAmount(gigabytes: quantity, mode: .volume).amount == Decimal(string: volume))
        #expect(try Self.dailyAmount(gigabytes: quantity, mode: .graduated).amount == Decimal(string: graduated))
    }

    @Test func quotaRoundsUpToWholeGigabytes() throws {
        let line = try Self.dailyAmount(gigabytes: Decimal(string: "10.001")!, mode: .volume)

        #expect(line.usedQuantity == Decimal(string: "10.001"))
        #expect(line.billedQuantity == 11)
        #expect(line.unitPrice == Decimal(string: "0.48"))
        #expect(line.amount == Decimal(string: "5.28"))
        #expect(line.tierNote == "volume (assumed), tier 2 of 4")
    }

    @Test func volumeQuotaBuysCheaperLargerSize() throws {
        let volume = try Self.dailyAmount(gigabytes: 10, mode: .volume)
        let graduated = try Self.dailyAmount(gigabytes: 10, mode: .graduated)

        // 11 GB at 0.48 (5.28) costs less than 10 GB at 0.60 (6.00) and covers the day.
        #expect(volume.usedQuantity == 10)
        #expect(volume.billedQuantity == 11)
        #expect(volume.tierNote == "volume (assumed), tier 2 of 4")
        // Graduated pricing never gains from buying more.
        #expect(graduated.billedQuantity == 10)
    }

    @Test func zeroVolumeCostsNothing() throws {
        let line = try Self.dailyAmount(gigabytes: 0, mode: .volume)
        #expect(line.billedQuantity == 0)
        #expect(line.amount == 0)
    }

    @Test func daysAreTieredSeparately() throws {
        let estimator = try PricingFixtures.estimator()
        var notes = CostNotes()
        let days = [Decimal(5), Decimal(60)].map {
            PricingFixtures.day([.ctdrIngestionQuota: $0 * PricingFixtures.gigabyte])
        }

        let periods = estimator.price(mode: .dedicatedChannel, days: days, notes: &notes)
        let line = try #require(PricingFixtures.line("ctdr.log_ingestion", in: periods))

        // 5 x 0.60 + 60 x 0.45, not 65 GB at one tier.
        #expect(line.amount == Decimal(string: "30.00"))
        #expect(line.unitPrice == nil)
        #expect(line.tierNote == "volume (assumed), tier 1, 3 of 4")
    }

    @Test func explanationShowsBothReadings() throws {
        let settings = CostSettings(unstatedTierMode: .graduated, daysPerMonth: 30)
        let builder = try CostEstimateBuilder(book: try PricingFixtures.book(), settings: settings)
        let traffic = AssumedTraffic(rawBytesPerDay: Decimal(string: "10.5")! * PricingFixtures.gigabyte)

        let estimate = builder.estimate(assumed: traffic)
        let scenario = try #require(estimate.scenarios.first { $0.mode == .userLogService })
        let explanation = try #require(scenario.tiers.first { $0.itemID == "ctdr.log_ingestion" })

        #expect(explanation.usedQuantity == Decimal(string: "10.5"))
        #expect(explanation.billedQuantity == 11)
        #expect(explanation.tierReached == 2)
        #expect(explanation.tierRange == "more than 10 up to 50")
        #expect(explanation.volumeAmount == Decimal(string: "5.28"))
        #expect(explanation.graduatedAmount == Decimal(string: "6.48"))
        #expect(explanation.graduatedSlices.map(\.quantity) == [10, 1])
        #expect(explanation.appliedMode == .graduated)
        #expect(!explanation.modeIsStated)
        #expect(explanation.periodsPerMonth == 30)
        #expect(scenario.projection.lines.first { $0.itemID == "ctdr.log_ingestion" }?.amount == Decimal(string: "194.40"))
    }
}

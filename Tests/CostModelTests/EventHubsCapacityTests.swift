import CostModel
import Foundation
import Testing

@Suite struct EventHubsCapacityTests {
    private func warnings(gigabytesPerDay: Decimal, units: Int) throws -> [String] {
        let builder = try CostEstimateBuilder(book: try PricingFixtures.book(), settings: CostSettings(eventHubsUnits: units))
        let estimate = builder.estimate(assumed: AssumedTraffic(rawBytesPerDay: gigabytesPerDay * PricingFixtures.gigabyte))
        return estimate.notes.warnings.filter { $0.contains("Event Hubs throughput units") }
    }

    @Test func trafficAboveUnitsWarns() throws {
        // 200 GB (1024³ bytes) a day are 2.49 MB per second of ingress, which needs 3 units.
        let found = try warnings(gigabytesPerDay: 200, units: 1)

        #expect(found.count == 2)
        #expect(found.first?.contains("needs at least 3 Event Hubs throughput units") == true)
        #expect(found.first?.contains("prices 1") == true)
    }

    @Test func trafficWithinUnitsIsQuiet() throws {
        #expect(try warnings(gigabytesPerDay: 200, units: 3).isEmpty)
        #expect(try warnings(gigabytesPerDay: 20, units: 1).isEmpty)
    }

    @Test func unitsNeededFollowTheLargestLoad() {
        // 86.4 GB (10⁹ bytes) a day is exactly 1 MB per second of ingress, and one byte more needs a second unit.
        let exact = DailyVolume(rawBytes: 86_400_000_000, billableEvents: 1)
        let above = DailyVolume(rawBytes: 86_400_000_001, billableEvents: 1)
        // 100,000,000 events a day are 1,157 per second, above the 1,000 of one unit.
        let manyEvents = DailyVolume(rawBytes: 1_000, billableEvents: 100_000_000)

        #expect(CostEstimateBuilder.standardUnitsNeeded(exact) == 1)
        #expect(CostEstimateBuilder.standardUnitsNeeded(above) == 2)
        #expect(CostEstimateBuilder.standardUnitsNeeded(manyEvents) == 2)
        #expect(CostEstimateBuilder.standardUnitsNeeded(DailyVolume()) == nil)
    }
}

import CostModel
import Foundation
import Storage

/// Paths and builders shared by the cost model tests.
enum PricingFixtures {
    /// The repository's `Pricing` folder.
    static let repositoryPricing: String = {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        return tests.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Pricing").path
    }()

    static let gigabyte: Decimal = 1_073_741_824

    static func book() throws -> PriceBook {
        try PriceBook.load(directory: repositoryPricing)
    }

    static func estimator(_ settings: CostSettings = CostSettings()) throws -> CostEstimator {
        try CostEstimator(book: try book(), settings: settings)
    }

    /// One usage day in `month` with the given meter values and storage.
    static func day(
        _ values: [UsageMeter: Decimal] = [:], label: String = "day 1", month: String = "2026-03",
        storage: [StorageSlice] = []
    ) -> UsageDay {
        UsageDay(label: label, month: month, values: values, storage: storage)
    }

    /// Returns the line of `itemID` in the first period of `periods`.
    static func line(_ itemID: String, in periods: [PeriodCost]) -> CostLineItem? {
        periods.first?.lines.first { $0.itemID == itemID }
    }
}

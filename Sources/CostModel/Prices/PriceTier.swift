import Foundation

/// One step of a tiered price: the unit price for quantities up to ``upTo`` (in the item's unit, per tier
/// period), or without an upper bound for the last tier.
public struct PriceTier: Sendable, Equatable {
    /// The upper bound of the tier, inclusive, or nil for the last tier.
    public var upTo: Decimal?
    public var price: Decimal

    public init(upTo: Decimal?, price: Decimal) {
        self.upTo = upTo
        self.price = price
    }
}

/// The way tiers apply to a quantity.
public enum TierMode: String, Sendable, CaseIterable {
    /// The whole quantity is priced at the unit price of the tier it reaches (all-units pricing).
    case volume
    /// Each slice of the quantity is priced at its own tier's unit price.
    case graduated
}

/// The period whose quantity selects the tier.
public enum TierPeriod: String, Sendable, CaseIterable {
    /// Each day's quantity is tiered on its own, such as CTDR's daily ingestion quota.
    case day
    /// The month's total is tiered, such as Azure's monthly egress bands.
    case month
}

import Foundation

/// Prices a quantity with tiers. A tier's ``PriceTier/upTo`` is inclusive: with tiers up to 10 and up to 50, a
/// quantity of exactly 10 is in the first tier.
public enum TierArithmetic {
    /// One part of a quantity priced at one tier's price.
    public struct Slice: Sendable, Equatable {
        /// The 1-based tier number.
        public var tier: Int
        public var quantity: Decimal
        public var price: Decimal
        public var amount: Decimal { quantity * price }
    }

    /// Returns the 1-based number of the tier that `quantity` reaches.
    public static func tierNumber(for quantity: Decimal, tiers: [PriceTier]) -> Int {
        for (index, tier) in tiers.enumerated() {
            guard let upTo = tier.upTo else { return index + 1 }
            if quantity <= upTo { return index + 1 }
        }
        return tiers.count
    }

    /// Returns the exact amount for `quantity`.
    public static func amount(for quantity: Decimal, tiers: [PriceTier], mode: TierMode) -> Decimal {
        switch mode {
        case .volume:
            return quantity * tiers[tierNumber(for: quantity, tiers: tiers) - 1].price
        case .graduated:
            return slices(for: quantity, tiers: tiers).reduce(Decimal(0)) { $0 + $1.amount }
        }
    }

    /// Returns the parts of `quantity` per tier, as graduated pricing bills them. Tiers the quantity does not
    /// reach are left out.
    public static func slices(for quantity: Decimal, tiers: [PriceTier]) -> [Slice] {
        var slices: [Slice] = []
        var lowerBound: Decimal = 0
        for (index, tier) in tiers.enumerated() where quantity > lowerBound {
            let upper = tier.upTo.map { min($0, quantity) } ?? quantity
            slices.append(Slice(tier: index + 1, quantity: upper - lowerBound, price: tier.price))
            guard let upTo = tier.upTo else { break }
            lowerBound = upTo
        }
        return slices
    }
}

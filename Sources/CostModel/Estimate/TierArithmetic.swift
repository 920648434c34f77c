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

    /// Returns the quantity to buy, in whole multiples of `increment`, that covers `quantity` at the lowest volume
    /// price. Under volume pricing a larger quantity can cost less: with 0.60 up to 10 and 0.48 above, 10 costs 6.00
    /// and 11 costs 5.28. So the first multiple of each higher tier is a candidate too, and the cheapest wins, the
    /// smallest on a tie.
    public static func cheapestVolumeQuantity(
        covering quantity: Decimal, increment: Decimal, tiers: [PriceTier]
    ) -> Decimal {
        guard increment > 0, quantity > 0 else { return quantity }
        var best = DecimalText.ceiling(quantity / increment) * increment
        var bestAmount = amount(for: best, tiers: tiers, mode: .volume)
        for upTo in tiers.compactMap(\.upTo) where upTo >= best {
            // The smallest multiple of the increment above `upTo`, the first quantity of the next tier.
            let candidate = (-DecimalText.ceiling(-(upTo / increment)) + 1) * increment
            let candidateAmount = amount(for: candidate, tiers: tiers, mode: .volume)
            if candidateAmount < bestAmount {
                best = candidate
                bestAmount = candidateAmount
            }
        }
        return best
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

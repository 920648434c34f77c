import Foundation
import Storage

/// The tier arithmetic of one tiered line of a projection, with both ways of applying tiers, so that a reader
/// can check which tier was reached and what the other reading of the price page would cost.
public struct TierExplanation: Sendable, Equatable {
    public var mode: MeterMode
    public var itemID: String
    public var title: String
    public var tierPeriod: TierPeriod
    public var unit: String
    public var currency: Currency
    /// The quantity of one tier period before rounding up to the purchase increment.
    public var usedQuantity: Decimal
    /// The quantity the tiers were applied to.
    public var billedQuantity: Decimal
    /// The purchase increment, or nil.
    public var purchaseIncrement: Decimal?
    public var tiers: [PriceTier]
    /// The 1-based tier reached.
    public var tierReached: Int
    /// The quantity bought under volume pricing: ``billedQuantity``, or the first quantity of a higher tier when a
    /// daily quota costs less there (see ``TierArithmetic/cheapestVolumeQuantity(covering:increment:tiers:)``).
    public var volumeQuantity: Decimal
    /// The exact amount of one tier period if the whole ``volumeQuantity`` takes its tier's price.
    public var volumeAmount: Decimal
    /// The exact amount of one tier period if each slice takes its own tier's price.
    public var graduatedAmount: Decimal
    public var graduatedSlices: [TierArithmetic.Slice]
    /// The way the estimate applied.
    public var appliedMode: TierMode
    /// Whether the price list states the way (false: assumed from the settings).
    public var modeIsStated: Bool
    /// Tier periods in the projected month.
    public var periodsPerMonth: Int

    public init(
        mode: MeterMode, itemID: String, title: String, tierPeriod: TierPeriod, unit: String, currency: Currency,
        usedQuantity: Decimal, billedQuantity: Decimal, purchaseIncrement: Decimal?, tiers: [PriceTier],
        appliedMode: TierMode, modeIsStated: Bool, periodsPerMonth: Int
    ) {
        self.mode = mode
        self.itemID = itemID
        self.title = title
        self.tierPeriod = tierPeriod
        self.unit = unit
        self.currency = currency
        self.usedQuantity = usedQuantity
        self.billedQuantity = billedQuantity
        self.purchaseIncrement = purchaseIncrement
        self.tiers = tiers
        self.tierReached = TierArithmetic.tierNumber(for: billedQuantity, tiers: tiers)
        if tierPeriod == .day, let purchaseIncrement {
            self.volumeQuantity = TierArithmetic.cheapestVolumeQuantity(
                covering: usedQuantity, increment: purchaseIncrement, tiers: tiers
            )
        } else {
            self.volumeQuantity = billedQuantity
        }
        self.volumeAmount = TierArithmetic.amount(for: volumeQuantity, tiers: tiers, mode: .volume)
        self.graduatedAmount = TierArithmetic.amount(for: billedQuantity, tiers: tiers, mode: .graduated)
        self.graduatedSlices = TierArithmetic.slices(for: billedQuantity, tiers: tiers)
        self.appliedMode = appliedMode
        self.modeIsStated = modeIsStated
        self.periodsPerMonth = periodsPerMonth
    }

    /// The reached tier's range in words, such as `more than 10 up to 50`.
    public var tierRange: String {
        let index = tierReached - 1
        let lower = index > 0 ? tiers[index - 1].upTo : nil
        let upper = tiers[index].upTo
        switch (lower, upper) {
        case (nil, let upper?): return "up to \(DecimalText.plain(upper))"
        case (let lower?, let upper?): return "more than \(DecimalText.plain(lower)) up to \(DecimalText.plain(upper))"
        case (let lower?, nil): return "more than \(DecimalText.plain(lower))"
        case (nil, nil): return "any quantity"
        }
    }
}

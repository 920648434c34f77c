import Foundation

/// One billable item of a price list: what it is charged on, its price and where the price comes from.
public struct PriceItem: Sendable, Equatable {
    /// The price of the item.
    public enum Price: Sendable, Equatable {
        /// One unit price for any quantity.
        case flat(Decimal)
        /// Unit prices by tier; see ``PriceItem/tierMode`` and ``PriceItem/tierPeriod``.
        case tiered([PriceTier])
        /// No price was found. A report that needs the item warns about it instead of counting it as zero.
        case unknown
    }

    /// A stable id such as `sls.pbf.write_traffic`. Its first part names the service.
    public var id: String
    public var title: String
    public var meter: UsageMeter
    public var unit: PriceUnit
    public var price: Price
    /// The way tiers apply, or nil when the vendor does not state it, in which case
    /// ``CostSettings/unstatedTierMode`` applies.
    public var tierMode: TierMode?
    public var tierPeriod: TierPeriod
    /// The quantity is bought in multiples of this (in ``unit``) per tier period and rounded up, or nil.
    public var purchaseIncrement: Decimal?
    /// The quantity free of charge per calendar month, in ``unit``, or nil.
    public var freePerMonth: Decimal?
    /// Only stored data at least this many days old is billed; 0 bills from the first day.
    public var billableFromAgeDays: Int
    public var byteBasis: ByteBasis
    /// Nil only when the price is unknown.
    public var confidence: PriceConfidence?
    /// The page the price comes from.
    public var source: String
    /// The date the page shows, or `undated`.
    public var pageDate: String
    /// A remark shown with the item, such as a placeholder's origin.
    public var note: String?

    public init(
        id: String, title: String, meter: UsageMeter, unit: PriceUnit, price: Price, tierMode: TierMode? = nil,
        tierPeriod: TierPeriod = .month, purchaseIncrement: Decimal? = nil, freePerMonth: Decimal? = nil,
        billableFromAgeDays: Int = 0, byteBasis: ByteBasis, confidence: PriceConfidence?, source: String,
        pageDate: String, note: String? = nil
    ) {
        self.id = id
        self.title = title
        self.meter = meter
        self.unit = unit
        self.price = price
        self.tierMode = tierMode
        self.tierPeriod = tierPeriod
        self.purchaseIncrement = purchaseIncrement
        self.freePerMonth = freePerMonth
        self.billableFromAgeDays = billableFromAgeDays
        self.byteBasis = byteBasis
        self.confidence = confidence
        self.source = source
        self.pageDate = pageDate
        self.note = note
    }

    /// Whether the price is known.
    public var isPriced: Bool {
        if case .unknown = price { return false }
        return true
    }
}

import Foundation
import Storage

/// One line of a bill: an item, its quantity in the item's unit, its price and the amount, for one mode and
/// billing period.
public struct CostLineItem: Sendable, Equatable {
    /// The pricing outcome of a line.
    public enum Status: Sendable, Equatable {
        /// Priced from a known price.
        case priced
        /// The price file marks the price `unknown`. ``CostLineItem/amount`` is nil and totals leave the line out.
        case unknownPrice
        /// Billed as part of the named item, so the line's own amount is 0.
        case included(in: String)
    }

    public var mode: MeterMode
    public var payer: Payer
    public var itemID: String
    public var title: String
    /// `2026-03` for a measured month, or ``UsageCalculator/projectedMonthLabel``.
    public var period: String
    /// The quantity used in the period, before free quotas, in ``unit``.
    public var usedQuantity: Decimal
    /// The part of ``usedQuantity`` that the free quota covered.
    public var freeQuantity: Decimal
    /// The quantity billed: used minus free, rounded up to the purchase increment where the item has one.
    public var billedQuantity: Decimal
    public var unit: String
    /// The unit price applied: the flat price, or the price of the tier reached with volume pricing. Nil for
    /// graduated tiers (see ``effectiveUnitPrice``), unknown prices and included lines.
    public var unitPrice: Decimal?
    /// The amount divided by the billed quantity, rounded to 6 places, or nil without an amount or quantity.
    public var effectiveUnitPrice: Decimal?
    public var currency: Currency
    /// The exact amount before rounding, or nil when the price is unknown.
    public var exactAmount: Decimal?
    /// The billed amount after the sheet's rounding rule, or nil when the price is unknown.
    public var amount: Decimal?
    public var status: Status
    public var confidence: PriceConfidence?
    public var byteBasis: ByteBasis
    /// The GB of the item's sheet in words, such as `1 GB = 1024³ bytes`, or nil for items not priced by bytes.
    public var gigabyte: String?
    /// The tier rule applied, such as `volume, tier 1 of 4`, or nil for a flat price.
    public var tierNote: String?

    public init(
        mode: MeterMode, payer: Payer, itemID: String, title: String, period: String, usedQuantity: Decimal,
        freeQuantity: Decimal, billedQuantity: Decimal, unit: String, unitPrice: Decimal?,
        effectiveUnitPrice: Decimal?, currency: Currency, exactAmount: Decimal?, amount: Decimal?, status: Status,
        confidence: PriceConfidence?, byteBasis: ByteBasis, gigabyte: String?, tierNote: String?
    ) {
        self.mode = mode
        self.payer = payer
        self.itemID = itemID
        self.title = title
        self.period = period
        self.usedQuantity = usedQuantity
        self.freeQuantity = freeQuantity
        self.billedQuantity = billedQuantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.effectiveUnitPrice = effectiveUnitPrice
        self.currency = currency
        self.exactAmount = exactAmount
        self.amount = amount
        self.status = status
        self.confidence = confidence
        self.byteBasis = byteBasis
        self.gigabyte = gigabyte
        self.tierNote = tierNote
    }
}

/// The sum of one payer's line items in one mode and period.
public struct PayerTotal: Sendable, Equatable {
    public var mode: MeterMode
    public var payer: Payer
    public var period: String
    public var currency: Currency
    /// The sum of the rounded amounts of the priced lines.
    public var amount: Decimal
    /// Ids of the lines whose price is unknown. When not empty, ``amount`` is a lower bound.
    public var unknownItems: [String]

    public init(mode: MeterMode, payer: Payer, period: String, currency: Currency, amount: Decimal, unknownItems: [String]) {
        self.mode = mode
        self.payer = payer
        self.period = period
        self.currency = currency
        self.amount = amount
        self.unknownItems = unknownItems
    }

    /// Whether every line of the payer had a known price.
    public var isComplete: Bool { unknownItems.isEmpty }
}

/// The bill of one mode for one period: its line items and the total per payer.
public struct PeriodCost: Sendable, Equatable {
    public var mode: MeterMode
    public var period: String
    /// Days of usage the period covers.
    public var days: Int
    public var lines: [CostLineItem]
    /// One total per payer with lines, in payer order.
    public var totals: [PayerTotal]

    public init(mode: MeterMode, period: String, days: Int, lines: [CostLineItem], totals: [PayerTotal]) {
        self.mode = mode
        self.period = period
        self.days = days
        self.lines = lines
        self.totals = totals
    }

    /// Returns the total of `payer`, or nil when the payer has no line.
    public func total(for payer: Payer) -> PayerTotal? {
        totals.first { $0.payer == payer }
    }

    /// The sum of all payers per currency, in currency order, with whether every line was priced.
    public var grandTotals: [(currency: Currency, amount: Decimal, isComplete: Bool)] {
        var sums: [Currency: (Decimal, Bool)] = [:]
        for total in totals {
            let current = sums[total.currency] ?? (0, true)
            sums[total.currency] = (current.0 + total.amount, current.1 && total.isComplete)
        }
        return sums.sorted { $0.key < $1.key }.map { ($0.key, $0.value.0, $0.value.1) }
    }
}

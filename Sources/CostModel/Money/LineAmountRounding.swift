import Foundation

/// The rounding rule of every line item: the exact amount is rounded once, per line item and billing period, to
/// 0.01 of the currency, half away from zero (so 0.125 becomes 0.13). Totals add the rounded line amounts.
///
/// This is an assumption: none of the vendors' pages read states its rounding rule. A price list may also drop
/// small line items: Alibaba Cloud's older international SLS documentation says that an item under USD 0.01 is
/// not billed, which ``minimumAmount`` models.
public struct LineAmountRounding: Sendable, Equatable {
    /// Digits after the point. 2 for cents and fen.
    public var places: Int
    /// Exact amounts below this are billed as 0, or nil to keep them.
    public var minimumAmount: Decimal?

    public init(places: Int = 2, minimumAmount: Decimal? = nil) {
        self.places = places
        self.minimumAmount = minimumAmount
    }

    /// Returns the billed amount of a line item whose exact amount is `exact`.
    public func billedAmount(_ exact: Decimal) -> Decimal {
        let exact = Self.settled(exact)
        if let minimumAmount, exact < minimumAmount {
            return 0
        }
        return DecimalText.rounded(exact, places: places)
    }

    /// Returns `exact` rounded to 12 decimal places. A day's share of a month (a thirtieth) repeats forever, and
    /// Decimal keeps 38 digits, so 30 daily shares of 0.00833... add up to 0.2499...9 instead of 0.25. Rounding
    /// that sum to cents directly would round 0.025 down. No price or quantity has digits that far down.
    public static func settled(_ exact: Decimal) -> Decimal {
        DecimalText.rounded(exact, places: 12)
    }

    /// The rule in words, for the assumptions of a report.
    public var summary: String {
        var text = "Each line item is rounded once to \(places) decimal places, half up; totals add the rounded "
            + "line items."
        if let minimumAmount {
            text += " Line items under \(DecimalText.plain(minimumAmount)) are billed as 0."
        }
        return text
    }
}

import CostModel
import Foundation
import Storage

/// The number formats shared by every report format, so that all show the same figures.
enum ReportText {
    /// An amount with two decimals and its currency, such as `18.00 USD`; `≥ 18.00 USD` when unknown prices
    /// make it a lower bound.
    static func money(_ amount: Decimal, _ currency: Currency, complete: Bool = true) -> String {
        (complete ? "" : "≥ ") + DecimalText.fixed(amount, places: 2) + " " + currency.rawValue
    }

    /// The amount of a line item with its currency, or `unknown` or `included`.
    static func amount(_ line: CostLineItem) -> String {
        switch line.status {
        case .unknownPrice: "unknown"
        case .included: "included"
        case .priced: line.amount.map { DecimalText.fixed($0, places: 2) + " " + line.currency.rawValue } ?? "unknown"
        }
    }

    /// A quantity with up to 6 decimals.
    static func quantity(_ value: Decimal) -> String {
        DecimalText.plain(value, maxPlaces: 6)
    }

    /// A unit price with up to 8 decimals, or `-` when there is none.
    static func price(_ value: Decimal?) -> String {
        value.map { DecimalText.plain($0, maxPlaces: 8) } ?? "-"
    }

    /// Whole bytes.
    static func bytes(_ value: Decimal) -> String {
        DecimalText.fixed(value, places: 0)
    }

    /// A UTC date range of a meter time range, such as `2026-03-01 to 2026-03-31`, with open ends shown as
    /// `start` and `end` of the data.
    static func range(_ range: MeterTimeRange) -> String {
        if range.startMilliseconds == nil, range.endMilliseconds == nil { return "all rows" }
        let start = range.startMilliseconds.map { MeterDay(containing: $0).description } ?? "first row"
        let end = range.endMilliseconds.map { MeterDay(containing: $0 - 1).description } ?? "last row"
        return "\(start) to \(end) (UTC, inclusive)"
    }

    /// The observation window in hours.
    static func hours(_ milliseconds: Int64) -> String {
        DecimalText.plain(Decimal(milliseconds) / 3_600_000, maxPlaces: 2)
    }

    /// The payers that appear in any scenario's projection, in payer order.
    static func payers(_ estimate: CostEstimate) -> [Payer] {
        Payer.allCases.filter { payer in estimate.scenarios.contains { $0.projection.total(for: payer) != nil } }
    }

    /// The status of a line item as one word.
    static func status(_ line: CostLineItem) -> String {
        switch line.status {
        case .priced: "priced"
        case .unknownPrice: "unknown-price"
        case .included(let item): "included-in:\(item)"
        }
    }
}

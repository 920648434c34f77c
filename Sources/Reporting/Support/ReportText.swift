import CostModel
import Foundation
import Storage

/// The number formats shared by every report format, so that all show the same figures.
enum ReportText {
    /// Returns an amount with two decimals and its currency, such as `18.00 USD`; `≥ 18.00 USD` when unknown prices
    /// make it a lower bound.
    static func money(_ amount: Decimal, _ currency: Currency, complete: Bool = true) -> String {
        (complete ? "" : "≥ ") + DecimalText.fixed(amount, places: 2) + " " + currency.rawValue
    }

    /// Returns the amount of a line item with its currency, or `unknown` or `included`.
    static func amount(_ line: CostLineItem) -> String {
        switch line.status {
        case .unknownPrice: "unknown"
        case .included: "included"
        case .priced: line.amount.map { DecimalText.fixed($0, places: 2) + " " + line.currency.rawValue } ?? "unknown"
        }
    }

    /// Returns a quantity with up to 6 decimals.
    static func quantity(_ value: Decimal) -> String {
        DecimalText.plain(value, maxPlaces: 6)
    }

    /// Returns a unit price with up to 8 decimals, or `-` when there is none.
    static func price(_ value: Decimal?) -> String {
        value.map { DecimalText.plain($0, maxPlaces: 8) } ?? "-"
    }

    /// Returns whole bytes.
    static func bytes(_ value: Decimal) -> String {
        DecimalText.fixed(value, places: 0)
    }

    /// Returns the UTC dates of a meter time range, such as `2026-03-01 to 2026-03-31 (UTC, inclusive)`. An open
    /// end reads `first row` or `last row`, and a range without bounds reads `all rows`.
    static func range(_ range: MeterTimeRange) -> String {
        if range.startMilliseconds == nil, range.endMilliseconds == nil { return "all rows" }
        let start = range.startMilliseconds.map { MeterDay(containing: $0).description } ?? "first row"
        let end = range.endMilliseconds.map { MeterDay(containing: $0 - 1).description } ?? "last row"
        return "\(start) to \(end) (UTC, inclusive)"
    }

    /// Returns the payers that appear in any scenario's projection, in payer order.
    static func payers(_ estimate: CostEstimate) -> [Payer] {
        Payer.allCases.filter { payer in estimate.scenarios.contains { $0.projection.total(for: payer) != nil } }
    }

    /// Returns the status of a line item as one word.
    static func status(_ line: CostLineItem) -> String {
        switch line.status {
        case .priced: "priced"
        case .unknownPrice: "unknown-price"
        case .included(let item): "included-in:\(item)"
        }
    }
}

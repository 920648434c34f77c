import CostModel
import Foundation

/// The side-by-side monthly comparison per payer that `dry-run` and `estimate` print: one column per scenario,
/// one row per payer, and the total per currency.
public enum CostComparisonText {
    /// Returns the comparison as aligned plain-text lines.
    public static func lines(_ estimate: CostEstimate) -> [String] {
        let days = estimate.settings.daysPerMonth
        var rows: [[String]] = [["Payer"] + estimate.scenarios.map(\.name)]
        for payer in ReportText.payers(estimate) {
            rows.append([payer.title] + estimate.scenarios.map { scenario in
                scenario.projection.total(for: payer).map {
                    ReportText.money($0.amount, $0.currency, complete: $0.isComplete)
                } ?? "-"
            })
        }
        let currencies = Set(estimate.scenarios.flatMap { $0.projection.grandTotals.map(\.currency) }).sorted()
        for currency in currencies {
            rows.append(["Total"] + estimate.scenarios.map { scenario in
                guard let total = scenario.projection.grandTotals.first(where: { $0.currency == currency }) else {
                    return "-"
                }
                return ReportText.money(total.amount, currency, complete: total.isComplete)
            })
        }

        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = ["Projected monthly cost per payer (\(days)-day month, list prices):"]
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            lines.append("  " + cells.joined(separator: "   "))
            if index == 0 {
                lines.append("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "   "))
            }
        }
        if rows.joined().contains(where: { $0.hasPrefix("≥") }) {
            lines.append("  ≥ marks a lower bound: a price it needs is unknown.")
        }
        lines.append("  " + sourceSummary(estimate))
        return lines
    }

    /// Returns where the prices come from: the price folder and the range of the price pages' dates. A page whose
    /// date is not a full `YYYY-MM-DD`, such as a year or "undated", is counted apart.
    static func sourceSummary(_ estimate: CostEstimate) -> String {
        let pageDates = estimate.sources.map(\.pageDate)
        let days = pageDates.filter(isDay).sorted()
        var parts: [String] = []
        if let first = days.first, let last = days.last {
            parts.append(first == last ? "pages dated \(first)" : "pages dated \(first) to \(last)")
        }
        let others = pageDates.count - days.count
        if others > 0 {
            parts.append("\(others) \(others == 1 ? "price" : "prices") without a page date to the day")
        }
        let dated = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        return "Prices from \(estimate.priceDirectory)\(dated); the Markdown, HTML and JSON reports give each price's "
            + "source and date."
    }

    private static func isDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}

import CostModel
import Foundation

/// Renders a ``CostEstimate`` as CSV (RFC 4180, comma-separated, CRLF line ends): one row per line item of the
/// projection and of each measured month (`record` = `line`), and one row per payer total (`record` =
/// `total`). A line's price file, source page and page date close its row. The daily series and the notes are in
/// the JSON and Markdown reports.
public enum CostReportCSV {
    static let columns = [
        "record", "scenario", "mode", "delivery", "period", "payer", "item_id", "title", "used_quantity",
        "free_quantity", "billed_quantity", "unit", "unit_price", "effective_unit_price", "currency", "amount",
        "exact_amount", "status", "confidence", "byte_basis", "gigabyte", "tiers", "price_file", "price_source",
        "price_date",
    ]

    public static func render(_ estimate: CostEstimate) -> String {
        var rows = [columns]
        var sources: [String: PriceSourceLine] = [:]
        for source in estimate.sources where sources[source.itemID] == nil {
            sources[source.itemID] = source
        }
        for scenario in estimate.scenarios {
            for period in [scenario.projection] + scenario.observed {
                for line in period.lines {
                    rows.append([
                        "line", scenario.name, line.mode.rawValue, scenario.delivery?.rawValue ?? "", line.period,
                        line.payer.rawValue, line.itemID, line.title, number(line.usedQuantity), number(line.freeQuantity),
                        number(line.billedQuantity), line.unit, number(line.unitPrice), number(line.effectiveUnitPrice),
                        line.currency.rawValue, line.amount.map { DecimalText.fixed($0, places: 2) } ?? "",
                        number(line.exactAmount), ReportText.status(line), line.confidence?.rawValue ?? "",
                        line.byteBasis.rawValue, line.gigabyte ?? "", line.tierNote ?? "",
                        sources[line.itemID]?.file ?? "", sources[line.itemID]?.source ?? "",
                        sources[line.itemID]?.pageDate ?? "",
                    ])
                }
                for total in period.totals {
                    rows.append([
                        "total", scenario.name, scenario.mode.rawValue, scenario.delivery?.rawValue ?? "", period.period,
                        total.payer.rawValue, "", "", "", "", "", "", "", "", total.currency.rawValue,
                        DecimalText.fixed(total.amount, places: 2), "",
                        total.isComplete ? "complete" : "lower-bound:" + total.unknownItems.joined(separator: " "),
                        "", "", "", "", "", "", "",
                    ])
                }
            }
        }
        return rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    private static func number(_ value: Decimal?) -> String {
        value.map { DecimalText.plain($0, maxPlaces: 12) } ?? ""
    }

    /// Quotes a field when it contains a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

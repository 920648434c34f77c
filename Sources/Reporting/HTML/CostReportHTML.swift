import CostModel
import Foundation
import Storage

/// Renders a ``CostEstimate`` as one self-contained HTML file: inline CSS, inline SVG charts of the daily
/// volume and of the cost per payer per mode, and no scripts, so that it reads offline. The markup is
/// well-formed XML.
public enum CostReportHTML {
    public static func render(_ estimate: CostEstimate) -> String {
        var body = "<h1>ehbridge cost report</h1>\n"
        body += paragraphs(CostReportMarkdown.header(estimate))
        body += "<h2>Projected month per payer</h2>\n"
        body += comparisonTable(estimate)
        body += costCharts(estimate)
        body += "<h2>Line items of the projected month</h2>\n"
        for scenario in estimate.scenarios {
            body += "<h3>\(HTMLText.escape(scenario.name))</h3>\n" + lineTable(scenario.projection.lines)
        }
        body += "<h2>Tier arithmetic</h2>\n" + list(tierSentences(estimate), empty: "No tiered item.")
        let freeQuotas = CostReportMarkdown.freeQuotaLines(estimate)
        body += "<h2>Free quotas applied</h2>\n"
        body += freeQuotas.allSatisfy { $0.hasPrefix("- ") }
            ? list(freeQuotas.map { String($0.dropFirst(2)) }, empty: "None applied.") : paragraphs(freeQuotas)
        if estimate.scenarios.contains(where: { $0.measured != nil }) {
            body += "<h2>Measured totals</h2>\n" + measuredTotalsTable(estimate)
        }
        body += "<h2>Daily volume</h2>\n" + volumeChart(estimate)
        if estimate.scenarios.contains(where: { !$0.observedDays.isEmpty }) {
            body += "<h2>Measured months</h2>\n" + measuredMonthsTable(estimate)
        }
        body += "<h2>Warnings</h2>\n" + list(estimate.notes.warnings, empty: "None.")
        body += "<h2>Assumptions</h2>\n" + list(estimate.notes.assumptions, empty: "None.")
        body += "<h2>Price sources</h2>\n" + sourceTable(estimate.sources)

        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>ehbridge cost report</title>
            <style>
            body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222222; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em 0; }
            th, td { border: 1px solid #cccccc; padding: 0.25em 0.6em; font-size: 0.9em; }
            th { background: #f2f2f2; text-align: left; }
            td.number { text-align: right; font-variant-numeric: tabular-nums; }
            code { font-size: 0.9em; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private static func paragraphs(_ lines: [String]) -> String {
        lines.filter { !$0.isEmpty }.map { "<p>\(inlineCode($0))</p>\n" }.joined()
    }

    /// Escapes `text` and turns Markdown's `code` spans into `<code>` elements.
    private static func inlineCode(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        return parts.enumerated().map { index, part in
            index % 2 == 1 ? "<code>\(HTMLText.escape(String(part)))</code>" : HTMLText.escape(String(part))
        }.joined()
    }

    private static func comparisonTable(_ estimate: CostEstimate) -> String {
        var html = "<table>\n<tr><th>Payer</th>"
        html += estimate.scenarios.map { "<th>\(HTMLText.escape($0.name))</th>" }.joined() + "</tr>\n"
        for payer in ReportText.payers(estimate) {
            html += "<tr><td>\(payer.title)</td>"
            for scenario in estimate.scenarios {
                let cell = scenario.projection.total(for: payer).map {
                    ReportText.money($0.amount, $0.currency, complete: $0.isComplete)
                } ?? "-"
                html += "<td class=\"number\">\(HTMLText.escape(cell))</td>"
            }
            html += "</tr>\n"
        }
        let currencies = Set(estimate.scenarios.flatMap { $0.projection.grandTotals.map(\.currency) }).sorted()
        for currency in currencies {
            html += "<tr><th>Total</th>"
            for scenario in estimate.scenarios {
                let cell = scenario.projection.grandTotals.first { $0.currency == currency }.map {
                    ReportText.money($0.amount, currency, complete: $0.isComplete)
                } ?? "-"
                html += "<td class=\"number\"><strong>\(HTMLText.escape(cell))</strong></td>"
            }
            html += "</tr>\n"
        }
        html += "</table>\n<p>A month of \(estimate.settings.daysPerMonth) days at list prices. ≥ marks a lower "
            + "bound: a price it needs is unknown (see the warnings).</p>\n"
        return html
    }

    private static func costCharts(_ estimate: CostEstimate) -> String {
        let payers = ReportText.payers(estimate)
        let currencies = Set(estimate.scenarios.flatMap { $0.projection.totals.map(\.currency) }).sorted()
        return currencies.map { currency in
            let groups = estimate.scenarios.map { scenario in
                SVGBarChart.Group(label: scenario.name, values: payers.map { payer in
                    guard let total = scenario.projection.total(for: payer), total.currency == currency else { return 0 }
                    return NSDecimalNumber(decimal: total.amount).doubleValue
                })
            }
            let chart = SVGBarChart(
                title: "Projected monthly cost per payer (\(currency.rawValue))", unit: currency.rawValue,
                series: payers.map(\.title), groups: groups, stacked: true
            )
            return "<figure>\(chart.render())</figure>\n"
        }.joined()
    }

    private static func volumeChart(_ estimate: CostEstimate) -> String {
        let measured = estimate.scenarios.contains { !$0.observedDays.isEmpty }
        let days = Set(estimate.scenarios.flatMap { $0.observedDays.map(\.day) }).sorted()
        let megabyte = 1_048_576.0
        let groups: [SVGBarChart.Group]
        if measured {
            groups = days.map { day in
                SVGBarChart.Group(label: day.description, values: estimate.scenarios.map { scenario in
                    let raw = scenario.observedDays.first { $0.day == day }?.volume.rawBytes ?? 0
                    return NSDecimalNumber(decimal: raw).doubleValue / megabyte
                })
            }
        } else {
            groups = [SVGBarChart.Group(label: "assumed day", values: estimate.scenarios.map {
                NSDecimalNumber(decimal: $0.dailyVolume.rawBytes).doubleValue / megabyte
            })]
        }
        let chart = SVGBarChart(
            title: measured ? "Raw Kafka bytes per day (MiB)" : "Assumed raw Kafka bytes per day (MiB)", unit: "MiB",
            series: estimate.scenarios.map(\.name), groups: groups, stacked: false
        )
        var html = "<figure>\(chart.render())</figure>\n"
        if measured {
            html += "<table>\n<tr><th>Day</th><th>Scenario</th><th>Requests</th><th>Raw bytes</th>"
                + "<th>Normalized bytes</th><th>Compressed bytes</th><th>Indexed bytes</th><th>Stored bytes</th>"
                + "<th>Kafka fetch bytes</th></tr>\n"
            for scenario in estimate.scenarios {
                for day in scenario.observedDays {
                    let volume = day.volume
                    let cells = [
                        ReportText.bytes(volume.requests), ReportText.bytes(volume.rawBytes),
                        ReportText.bytes(volume.normalizedBytes), ReportText.bytes(volume.compressedBytes),
                        ReportText.bytes(volume.indexedBytes), ReportText.bytes(volume.storedBytes),
                        volume.kafkaFetchBytes.map(ReportText.bytes) ?? "not sampled",
                    ]
                    html += "<tr><td>\(day.day)</td><td>\(HTMLText.escape(scenario.name))</td>"
                        + cells.map { "<td class=\"number\">\($0)</td>" }.joined() + "</tr>\n"
                }
            }
            html += "</table>\n"
        }
        return html
    }

    private static func measuredTotalsTable(_ estimate: CostEstimate) -> String {
        var html = "<table>\n<tr><th>Scenario</th><th>Accepted requests</th><th>Attempts</th><th>Records</th><th>Entries</th>"
            + "<th>Raw bytes</th><th>Normalized bytes</th><th>Compressed bytes</th></tr>\n"
        for scenario in estimate.scenarios {
            guard let measured = scenario.measured else { continue }
            let numbers = [measured.requests, measured.attempts, measured.records, measured.entries, measured.rawBytes,
                           measured.normalizedBytes, measured.compressedBytes]
            html += "<tr><td>\(HTMLText.escape(scenario.name))</td>"
                + numbers.map { "<td class=\"number\">\($0)</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    private static func measuredMonthsTable(_ estimate: CostEstimate) -> String {
        let payers = ReportText.payers(estimate)
        var html = "<table>\n<tr><th>Month</th><th>Scenario</th><th>Days</th>"
            + payers.map { "<th>\(HTMLText.escape($0.title))</th>" }.joined() + "</tr>\n"
        for scenario in estimate.scenarios {
            for period in scenario.observed {
                let cells = payers.map { payer in
                    period.total(for: payer).map { ReportText.money($0.amount, $0.currency, complete: $0.isComplete) } ?? "-"
                }
                html += "<tr><td>\(HTMLText.escape(period.period))</td><td>\(HTMLText.escape(scenario.name))</td>"
                    + "<td class=\"number\">\(period.days)</td>"
                    + cells.map { "<td class=\"number\">\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
            }
        }
        return html + "</table>\n" + paragraphs([CostReportMarkdown.measuredMonthsNote])
    }

    private static func lineTable(_ lines: [CostLineItem]) -> String {
        var html = "<table>\n<tr><th>Payer</th><th>Item</th><th>Used</th><th>Free</th><th>Billed</th><th>Unit</th>"
            + "<th>Unit price</th><th>Amount</th><th>Confidence</th><th>Note</th></tr>\n"
        for line in lines {
            var note = line.tierNote ?? ""
            if case .included(let item) = line.status { note = "included in \(item)" }
            let cells: [(String, Bool)] = [
                (line.payer.title, false), ("\(line.title) (\(line.itemID))", false),
                (ReportText.quantity(line.usedQuantity), true), (ReportText.quantity(line.freeQuantity), true),
                (ReportText.quantity(line.billedQuantity), true), (line.unit, false),
                (ReportText.price(line.unitPrice ?? line.effectiveUnitPrice), true),
                (ReportText.amount(line), true), (line.confidence?.rawValue ?? "-", false),
                (note, false),
            ]
            html += "<tr>" + cells.map { text, isNumber in
                "<td\(isNumber ? " class=\"number\"" : "")>\(HTMLText.escape(text))</td>"
            }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    private static func tierSentences(_ estimate: CostEstimate) -> [String] {
        estimate.scenarios.flatMap { scenario in
            scenario.tiers.map { "\($0.title), \(scenario.name): " + TierText.sentence($0) }
        }
    }

    private static func list(_ items: [String], empty: String) -> String {
        guard !items.isEmpty else { return "<p>\(HTMLText.escape(empty))</p>\n" }
        return "<ul>\n" + items.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n"
    }

    private static func sourceTable(_ sources: [PriceSourceLine]) -> String {
        var html = "<table>\n<tr><th>Item</th><th>File</th><th>Price</th><th>Currency</th><th>Unit</th><th>GB</th><th>Bytes</th>"
            + "<th>Confidence</th><th>Page date</th><th>Source</th></tr>\n"
        for source in sources {
            let cells = [
                "\(source.title) (\(source.itemID))", source.file, source.price, source.currency.rawValue,
                source.unit, source.gigabyte ?? "-", source.byteBasis.rawValue, source.confidence?.rawValue ?? "-",
                source.pageDate, source.source,
            ]
            html += "<tr>" + cells.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }
}

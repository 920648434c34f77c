import CostModel
import Foundation
import Storage

/// Renders a ``CostEstimate`` as a Markdown report: the comparison per payer, line items, tier arithmetic, the
/// daily series, measured months, free quotas, warnings, assumptions and the price sources.
public enum CostReportMarkdown {
    public static func render(_ estimate: CostEstimate) -> String {
        var lines = ["# ehbridge cost report", ""]
        lines += header(estimate)
        lines += ["", "## Projected month per payer", ""]
        lines += comparisonTable(estimate)
        lines += ["", "## Line items of the projected month", ""]
        for scenario in estimate.scenarios {
            lines += ["### \(scenario.name)", ""]
            lines += lineTable(scenario.projection.lines)
            lines.append("")
        }
        lines += ["## Tier arithmetic", ""]
        lines += tierLines(estimate)
        lines += ["", "## Free quotas applied", ""]
        lines += freeQuotaLines(estimate)
        if estimate.scenarios.contains(where: { $0.measured != nil }) {
            lines += ["", "## Measured totals", ""]
            lines += measuredTotalsTable(estimate)
        }
        if estimate.scenarios.contains(where: { !$0.observedDays.isEmpty }) {
            lines += ["", "## Daily series", ""]
            lines += dailyTable(estimate)
            lines += ["", "## Measured months", ""]
            lines += measuredTable(estimate)
        }
        lines += ["", "## Warnings", ""]
        lines += estimate.notes.warnings.isEmpty ? ["None."] : estimate.notes.warnings.map { "- \($0)" }
        lines += ["", "## Assumptions", ""]
        lines += estimate.notes.assumptions.map { "- \($0)" }
        lines += ["", "## Price sources", ""]
        lines += sourceTable(estimate.sources)
        return lines.joined(separator: "\n") + "\n"
    }

    static func header(_ estimate: CostEstimate) -> [String] {
        var lines: [String] = []
        switch estimate.origin {
        case .assumptions:
            lines.append("Usage: stated assumptions, no measurements.")
        case .meter(let files, let range, let window):
            lines.append("Meter files: \(files.map { "`\($0)`" }.joined(separator: ", ")).")
            lines.append("")
            lines.append("Rows: \(ReportText.range(range)); observation window \(WindowText.length(milliseconds: window)).")
        }
        let settings = estimate.settings
        lines += [
            "",
            "Prices: `\(estimate.priceDirectory)`, Alibaba Cloud site \(settings.site.rawValue), Azure "
                + "\(settings.azureCloud.rawValue); user-log-service Logstore billed \(settings.slsBilling.rawValue).",
        ]
        return lines
    }

    /// Returns the comparison per payer as Markdown table lines, with a note on lower bounds.
    public static func comparisonTable(_ estimate: CostEstimate) -> [String] {
        let names = estimate.scenarios.map(\.name)
        var lines = [
            "| Payer | " + names.joined(separator: " | ") + " |",
            "|---|" + String(repeating: "---:|", count: names.count),
        ]
        for payer in ReportText.payers(estimate) {
            let cells = estimate.scenarios.map { scenario in
                scenario.projection.total(for: payer).map {
                    ReportText.money($0.amount, $0.currency, complete: $0.isComplete)
                } ?? "-"
            }
            lines.append("| \(payer.title) | " + cells.joined(separator: " | ") + " |")
        }
        let currencies = Set(estimate.scenarios.flatMap { $0.projection.grandTotals.map(\.currency) }).sorted()
        for currency in currencies {
            let cells = estimate.scenarios.map { scenario in
                scenario.projection.grandTotals.first { $0.currency == currency }.map {
                    ReportText.money($0.amount, currency, complete: $0.isComplete)
                } ?? "-"
            }
            lines.append("| **Total** | " + cells.map { "**\($0)**" }.joined(separator: " | ") + " |")
        }
        lines += ["", "A month of \(estimate.settings.daysPerMonth) days at list prices. ≥ marks a lower bound: a price "
            + "it needs is unknown (see the warnings)."]
        return lines
    }

    static func lineTable(_ lines: [CostLineItem]) -> [String] {
        var table = [
            "| Payer | Item | Used | Free | Billed | Unit | Unit price | Amount | Confidence | Note |",
            "|---|---|---:|---:|---:|---|---:|---:|---|---|",
        ]
        for line in lines {
            var note = line.tierNote ?? ""
            if case .included(let item) = line.status { note = "included in \(item)" }
            table.append("| \(line.payer.title) | \(line.title) (`\(line.itemID)`) | \(ReportText.quantity(line.usedQuantity)) "
                + "| \(ReportText.quantity(line.freeQuantity)) | \(ReportText.quantity(line.billedQuantity)) "
                + "| \(line.unit) | \(ReportText.price(line.unitPrice ?? line.effectiveUnitPrice)) "
                + "| \(ReportText.amount(line)) | \(line.confidence?.rawValue ?? "-") | \(note) |")
        }
        return table
    }

    static func tierLines(_ estimate: CostEstimate) -> [String] {
        var lines: [String] = []
        for scenario in estimate.scenarios {
            for tier in scenario.tiers {
                lines.append("- \(tier.title), \(scenario.name): " + TierText.sentence(tier))
            }
        }
        return lines.isEmpty ? ["No tiered item."] : lines
    }

    static func freeQuotaLines(_ estimate: CostEstimate) -> [String] {
        var lines: [String] = []
        for scenario in estimate.scenarios {
            for line in scenario.projection.lines where line.freeQuantity > 0 {
                lines.append("- \(scenario.name), \(line.title): \(ReportText.quantity(line.freeQuantity)) "
                    + "of \(ReportText.quantity(line.usedQuantity)) \(line.unit) free.")
            }
        }
        if !estimate.settings.freeQuotas {
            return ["Free quotas are off (a resource plan offsets the fees)."]
        }
        return lines.isEmpty ? ["None applied."] : lines
    }

    /// Returns the meter totals of each measured scenario: accepted requests, attempts (retries included),
    /// Kafka records, log entries and bytes, so that they can be compared with the bridge's run summaries.
    static func measuredTotalsTable(_ estimate: CostEstimate) -> [String] {
        var lines = [
            "| Scenario | Accepted requests | Attempts | Records | Entries | Raw bytes | Normalized bytes | Compressed bytes |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for scenario in estimate.scenarios {
            guard let measured = scenario.measured else { continue }
            lines.append("| \(scenario.name) | \(measured.requests) | \(measured.attempts) | \(measured.records) "
                + "| \(measured.entries) | \(measured.rawBytes) | \(measured.normalizedBytes) | \(measured.compressedBytes) |")
        }
        lines += ["", "Attempts are what SLS bills as requests, as in the daily series: every attempt of an accepted "
            + "PutLogs request, failed ones included. Records count each Kafka record once, on the accepted request that "
            + "carried its first entry; a replayed record counts on its last request, and a replayed raw copy not at all."]
        return lines
    }

    static func dailyTable(_ estimate: CostEstimate) -> [String] {
        var lines = [
            "| Day | Scenario | Requests | Raw bytes | Normalized bytes | Compressed bytes | Indexed bytes | Stored bytes | Kafka fetch bytes |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        let rows = estimate.scenarios.flatMap { scenario in scenario.observedDays.map { (scenario.name, $0) } }
            .sorted { ($0.1.day, $0.0) < ($1.1.day, $1.0) }
        for (name, day) in rows {
            let volume = day.volume
            lines.append("| \(day.day) | \(name) | \(ReportText.bytes(volume.requests)) | \(ReportText.bytes(volume.rawBytes)) "
                + "| \(ReportText.bytes(volume.normalizedBytes)) | \(ReportText.bytes(volume.compressedBytes)) "
                + "| \(ReportText.bytes(volume.indexedBytes)) | \(ReportText.bytes(volume.storedBytes)) "
                + "| \(volume.kafkaFetchBytes.map(ReportText.bytes) ?? "not sampled") |")
        }
        return lines
    }

    /// The sentence under the measured months in the Markdown and HTML reports.
    static let measuredMonthsNote = "A month bills its measured days: for sent rows every day from the first to the "
        + "last day with rows in the meter files, within the report's range; for dry runs only the days with rows. "
        + "The projection above extrapolates them."

    static func measuredTable(_ estimate: CostEstimate) -> [String] {
        let payers = ReportText.payers(estimate)
        var lines = [
            "| Month | Scenario | Days | " + payers.map(\.title).joined(separator: " | ") + " |",
            "|---|---|---:|" + String(repeating: "---:|", count: payers.count),
        ]
        for scenario in estimate.scenarios {
            for period in scenario.observed {
                let cells = payers.map { payer in
                    period.total(for: payer).map { ReportText.money($0.amount, $0.currency, complete: $0.isComplete) } ?? "-"
                }
                lines.append("| \(period.period) | \(scenario.name) | \(period.days) | " + cells.joined(separator: " | ") + " |")
            }
        }
        lines += ["", measuredMonthsNote]
        return lines
    }

    static func sourceTable(_ sources: [PriceSourceLine]) -> [String] {
        var lines = [
            "| Item | File | Price | Currency | Unit | GB | Bytes | Confidence | Page date | Source |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for source in sources {
            lines.append("| \(source.title) (`\(source.itemID)`) | \(source.file) | \(source.price) | \(source.currency.rawValue) "
                + "| \(source.unit) | \(source.gigabyte ?? "-") | \(source.byteBasis.rawValue) "
                + "| \(source.confidence?.rawValue ?? "-") | \(source.pageDate) | \(source.source) |")
        }
        return lines
    }
}

/// The tier arithmetic of one item in a few sentences, shared by the Markdown and HTML reports.
enum TierText {
    static func sentence(_ tier: TierExplanation) -> String {
        let period = tier.tierPeriod == .day ? "day" : "month"
        let currency = tier.currency.rawValue
        var text = "\(ReportText.quantity(tier.usedQuantity)) \(tier.unit) per \(period)"
        if tier.billedQuantity != tier.usedQuantity, let increment = tier.purchaseIncrement {
            text += ", bought as \(ReportText.quantity(tier.billedQuantity)) (whole multiples of "
                + "\(ReportText.quantity(increment)))"
        }
        let price = tier.tiers[tier.tierReached - 1].price
        text += ", reaches tier \(tier.tierReached) of \(tier.tiers.count) (\(tier.tierRange)) at \(ReportText.price(price)) "
            + "\(currency) per \(tier.unit). Whole quantity at that tier (volume): "
        if tier.volumeQuantity != tier.billedQuantity {
            let cheaper = tier.tiers[TierArithmetic.tierNumber(for: tier.volumeQuantity, tiers: tier.tiers) - 1].price
            text += "buying \(ReportText.quantity(tier.volumeQuantity)) \(tier.unit) at \(ReportText.price(cheaper)) "
                + "\(currency) costs less, "
        }
        text += "\(DecimalText.plain(tier.volumeAmount, maxPlaces: 6)) \(currency) per \(period); each slice at its own "
            + "tier (graduated): \(DecimalText.plain(tier.graduatedAmount, maxPlaces: 6)) \(currency) per \(period). "
        text += "Applied: \(tier.appliedMode.rawValue) "
            + (tier.modeIsStated ? "(stated by the price list)" : "(assumed, because the vendor does not say)")
        if tier.periodsPerMonth > 1 {
            let applied = tier.appliedMode == .volume ? tier.volumeAmount : tier.graduatedAmount
            text += "; \(tier.periodsPerMonth) days a month make "
                + "\(DecimalText.plain(applied * Decimal(tier.periodsPerMonth), maxPlaces: 6)) \(currency) before rounding."
        } else {
            text += "."
        }
        return text
    }
}

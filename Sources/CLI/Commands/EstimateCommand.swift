import CostModel
import Foundation
import Reporting

/// `ehbridge estimate --gb-per-day X ...`: the cost model from stated assumptions, without a meter.
struct EstimateCommand: Command {
    let name = "estimate"
    let abstract = "Estimate the monthly bill of both modes from stated traffic, without measurements."
    let usage = "ehbridge estimate --gb-per-day X [--avg-entry-bytes N] [--compression-ratio R] [--retention-days D] "
        + "[--site intl|china] [--format text|json|md|html|csv] ..."
    let discussion = """
        GB are 1024³ bytes. The JSON format lists every line item with mode, payer, item id, quantity, unit, unit \
        price, currency and amount, for scripts.
        """
    var options: [OptionSpecification] {
        [
            OptionSpecification("gb-per-day", .value(placeholder: "X"), help: "Raw Kafka record GB (1024³ bytes) per day."),
            OptionSpecification("avg-entry-bytes", .value(placeholder: "N"), help: "Raw bytes per log entry (default 1024)."),
            OptionSpecification("avg-record-bytes", .value(placeholder: "N"),
                                help: "Raw bytes per Kafka record, one Event Hubs event (default 65536)."),
            OptionSpecification("compression-ratio", .value(placeholder: "R"),
                                help: "Uncompressed LogGroup bytes per compressed byte (default 5: varied Azure logs compress about 4.6 to 5.4 times)."),
            OptionSpecification("normalized-ratio", .value(placeholder: "F"),
                                help: "LogGroup bytes per raw Kafka byte (default 1)."),
            OptionSpecification("index", .value(placeholder: "full-text|fields|none"), help: "The Logstore's index (default full-text)."),
            OptionSpecification("indexed-fraction", .value(placeholder: "F"),
                                help: "Share of LogGroup bytes indexed; required with --index fields."),
            OptionSpecification("retention-days", .value(placeholder: "D"), help: "Days the Logstore keeps data (default 30)."),
            OptionSpecification("hot-days", .value(placeholder: "D"), help: "Days in the hot tier (default: the retention)."),
            OptionSpecification("archive-after-days", .value(placeholder: "D"), help: "Age at which data moves to archive."),
            OptionSpecification("shards", .value(placeholder: "N"), help: "Active shards of the Logstore (default 2)."),
            OptionSpecification("format", .value(placeholder: "text|json|md|html|csv"), help: "The output format (default text)."),
            OptionSpecification("out", .value(placeholder: "PATH"), help: "Write the output to PATH instead of standard output."),
        ] + PricingOptions.specifications
    }

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        guard let gigabytes = try PricingOptions.gigabytesPerDay(arguments) else {
            throw UsageError("missing --gb-per-day: the raw Kafka GB per day to estimate for.")
        }
        let formatText = arguments.value("format") ?? "text"
        let format = formatText == "text" ? nil : ReportFormat(rawValue: formatText)
        guard formatText == "text" || format != nil else {
            throw UsageError("--format must be text, json, md, html or csv, not `\(formatText)`.")
        }

        var settings = CostSettings()
        try PricingOptions.apply(arguments, to: &settings)
        let traffic = try assumedTraffic(arguments, rawBytesPerDay: gigabytes * 1_073_741_824)
        let book = try PricingOptions.loadBook(arguments, configured: nil, context: context)
        let estimate = try PricingOptions.builder(book: book, settings: settings).estimate(assumed: traffic)

        let text: String
        if let format {
            text = CostReport.render(estimate, format: format)
        } else {
            text = (["Estimate from stated traffic (no measurements); prices in \(book.directory).", ""]
                + ReportOutput.summaryLines(estimate)).joined(separator: "\n") + "\n"
        }
        if let out = arguments.value("out") {
            try FileAccess.write(text, to: out)
            context.output.line("Estimate written to \(out)")
        } else {
            context.output.write(text)
        }
        return .success
    }

    private func assumedTraffic(_ arguments: ParsedArguments, rawBytesPerDay: Decimal) throws(UsageError) -> AssumedTraffic {
        let index: String = arguments.value("index") ?? "full-text"
        let givenFraction = try PricingOptions.decimal(arguments, "indexed-fraction", allowZero: true, maximum: 1)
        if givenFraction != nil && index != "fields" {
            throw UsageError("--indexed-fraction applies only with --index fields; add --index fields or drop it.")
        }
        let indexedFraction: Decimal
        switch index {
        case "full-text":
            indexedFraction = 1
        case "none":
            indexedFraction = 0
        case "fields":
            guard let givenFraction else {
                throw UsageError("--index fields needs --indexed-fraction F, the share of LogGroup bytes indexed (0 to 1).")
            }
            indexedFraction = givenFraction
        default:
            throw UsageError("--index must be full-text, fields or none, not `\(index)`.")
        }

        let retention = try arguments.positiveInteger("retention-days") ?? 30
        let policy = StoragePolicy(
            retentionDays: retention, hotDays: try arguments.positiveInteger("hot-days"),
            archiveAfterDays: try arguments.positiveInteger("archive-after-days")
        )
        if let problem = policy.problems().first {
            throw UsageError("the storage options break SLS's rules: \(problem)")
        }
        return AssumedTraffic(
            rawBytesPerDay: rawBytesPerDay,
            averageEntryBytes: try PricingOptions.decimal(arguments, "avg-entry-bytes") ?? 1_024,
            averageRecordBytes: try PricingOptions.decimal(arguments, "avg-record-bytes") ?? 65_536,
            normalizedRatio: try PricingOptions.decimal(arguments, "normalized-ratio") ?? 1,
            compressionRatio: try PricingOptions.decimal(arguments, "compression-ratio") ?? 5,
            indexedFraction: indexedFraction,
            logstore: LogstoreAssumptions(policy: policy, activeShards: try arguments.positiveInteger("shards") ?? 2)
        )
    }
}

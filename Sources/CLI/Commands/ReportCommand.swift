import Bridge
import CostModel
import Foundation
import Reporting
import Storage

/// `ehbridge report --db FILE ...`: prices the meter of one or more bridge instances.
struct ReportCommand: Command {
    let name = "report"
    let abstract = "Price the meter files of one or more instances: line items, daily series, monthly projection."
    let usage = "ehbridge report --db FILE [--db FILE ...] [--from DATE] [--to DATE] [--format md|html|csv|json] [--out PATH]"
    let discussion = """
        Several meter files (one per bridge instance) are merged. Dates are UTC days written YYYY-MM-DD; --to is \
        inclusive. The monthly projection divides the metered totals by the observation window (the --from and \
        --to days where given, the first and last row otherwise, or the longer time over which the metered Kafka \
        records were written, as for a backlog), or scales the measured mix to --gb-per-day. \
        Billing settings come from the pricing section of --config when given, then from the options below.
        """
    var options: [OptionSpecification] {
        [
            OptionSpecification("db", .value(placeholder: "FILE"), help: "A meter file; repeat for several instances.",
                                repeatable: true),
            OptionSpecification("from", .value(placeholder: "DATE"), help: "The first UTC day to include (YYYY-MM-DD)."),
            OptionSpecification("to", .value(placeholder: "DATE"), help: "The last UTC day to include (YYYY-MM-DD)."),
            OptionSpecification("format", .value(placeholder: "md|html|csv|json"), help: "The report format (default md)."),
            OptionSpecification("out", .value(placeholder: "PATH"), help: "Write the report to PATH instead of standard output."),
            OptionSpecification("delivery", .value(placeholder: "sent|dry-run"),
                                help: "Report only rows of `run` (sent) or of `dry-run`."),
            OptionSpecification("gb-per-day", .value(placeholder: "X"),
                                help: "Scale the measured mix to X GB (1024³ bytes) of raw Kafka bytes per day."),
            OptionSpecification("config", .value(placeholder: "FILE"),
                                help: "A bridge configuration whose pricing section supplies the settings."),
        ] + PricingOptions.specifications
    }

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let paths = arguments.allValues("db")
        guard !paths.isEmpty else { throw UsageError("missing --db: name at least one meter file.") }
        // The meter is only read here, so a missing file is a mistyped path, not a store to create.
        if let missing = paths.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
            throw UsageError("the meter file \(missing) does not exist; check the path (it is the meter.path of the "
                + "bridge's configuration).")
        }
        if let folder = paths.first(where: { FileAccess.isFolder($0) }) {
            throw UsageError("\(folder) is a folder, not a meter file; name the file (the meter.path of the bridge's "
                + "configuration, such as \(folder)/meter.sqlite).")
        }
        let format: ReportFormat = try PricingOptions.choice(arguments, "format") ?? .markdown
        let range = try timeRange(arguments)
        let delivery: MeterDelivery? = try arguments.value("delivery").map { text throws(UsageError) in
            guard text == MeterDelivery.sent.rawValue || text == MeterDelivery.dryRun.rawValue else {
                throw UsageError("--delivery must be sent or dry-run, not `\(text)`.")
            }
            return MeterDelivery(rawValue: text)
        }
        let scaledBytes = try PricingOptions.gigabytesPerDay(arguments).map { $0 * 1_073_741_824 }

        var pricing = PricingConfiguration()
        if let configPath = arguments.value("config") {
            pricing = try loadConfiguration(path: configPath, context: context).pricing
        }
        var settings = pricing.settings
        try PricingOptions.apply(arguments, to: &settings)
        let book = try PricingOptions.loadBook(arguments, configured: pricing.pricesDirectory, context: context)
        let builder = try PricingOptions.builder(book: book, settings: settings)

        var usage = try MeterUsage.load(paths: paths, range: range)
        if let delivery { usage = usage.filtered(delivery: delivery) }
        guard !usage.totals.isEmpty else {
            context.errorOutput.line("error: the meter files hold no \(delivery.map { "\($0.rawValue) " } ?? "")rows "
                + "\(describe(range)).")
            if !usage.earlierDaily.isEmpty, !usage.laterDaily.isEmpty {
                // Such a range still bills storage and Event Hubs units, which only a wider range can show.
                context.errorOutput.line("The files hold rows before and after it: a range that includes days with "
                    + "rows shows this period's storage, shards and Event Hubs units among its measured months.")
            }
            return .failure
        }
        for warning in try Self.mergeWarnings(paths: paths, range: range, delivery: delivery) {
            context.errorOutput.line("warning: \(warning)")
        }
        let estimate = builder.estimate(
            meter: usage, fallbackLogstore: pricing.logstoreAssumptions, scaledRawBytesPerDay: scaledBytes
        )

        if let out = arguments.value("out") {
            try ReportOutput.write(estimate, format: format, to: out)
            context.output.line("Report written to \(out)")
        } else {
            context.output.write(CostReport.render(estimate, format: format))
        }
        return .success
    }

    /// Returns warnings about meter rows the report adds up that may not belong together: several projects or
    /// Logstores in one mode (files of different deployments), and negative byte counts (edited files).
    static func mergeWarnings(paths: [String], range: MeterTimeRange, delivery: MeterDelivery?) throws -> [String] {
        let reader = try MeterReader(paths: paths)
        defer { reader.close() }
        let streams = try reader.streamTotals(in: range).filter { delivery == nil || $0.delivery == delivery }
        var warnings: [String] = []
        let byMode = Dictionary(grouping: streams) { "\($0.mode.rawValue) (\($0.delivery.rawValue))" }
        for (mode, rows) in byMode.sorted(by: { $0.key < $1.key }) {
            let targets = Set(rows.map { "\($0.project)/\($0.logstore)" })
            if targets.count > 1 {
                warnings.append("\(mode) adds up \(targets.count) project/Logstore pairs (\(targets.sorted().joined(separator: ", "))); check that the meter files belong to one deployment.")
            }
        }
        let negative = streams.filter {
            $0.amounts.rawBytes < 0 || $0.amounts.normalizedBytes < 0 || $0.amounts.compressedBytes < 0
        }
        if !negative.isEmpty {
            warnings.append("\(negative.count) meter streams have negative byte counts; the files were edited or are damaged.")
        }
        return warnings
    }

    private func timeRange(_ arguments: ParsedArguments) throws(UsageError) -> MeterTimeRange {
        let start = try arguments.value("from").map { text throws(UsageError) in
            try CommandLineTime.dayStart(text, option: "from")
        }
        let end = try arguments.value("to").map { text throws(UsageError) in
            try CommandLineTime.dayStart(text, option: "to") + 86_400_000
        }
        if let start, let end, end <= start {
            throw UsageError("--to must not be before --from.")
        }
        return MeterTimeRange(startMilliseconds: start, endMilliseconds: end)
    }

    /// Returns `range` as the end of a sentence about rows, such as `from 2026-03-01 to 2026-03-31`.
    private func describe(_ range: MeterTimeRange) -> String {
        let start = range.startMilliseconds.map { MeterDay(containing: $0).description }
        let end = range.endMilliseconds.map { MeterDay(containing: $0 - 1).description }
        switch (start, end) {
        case (nil, nil): return "at all"
        case (let start?, nil): return "from \(start) on"
        case (nil, let end?): return "up to \(end)"
        case (let start?, let end?): return "from \(start) to \(end)"
        }
    }
}

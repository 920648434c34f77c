import Bridge
import Core
import CostModel
import Foundation
import Kafka
import LocalSLS
import Reporting
import SLS
import Storage

/// `ehbridge demo`: the whole path on this machine, with nothing outside it.
///
/// Starts librdkafka's mock cluster and the local SLS server in-process and produces the embedded Azure
/// sample messages. Then it forwards them once in each destination mode and checks what the server stored
/// against the meter. Last, it dry-runs the messages once more to meter both modes side by side, writes a
/// Markdown report and an HTML cost report, and ends with the monthly cost of both modes.
struct DemoCommand: Command {
    let name = "demo"
    let abstract = "Run the bridge on embedded Azure samples against an in-process Kafka and SLS server."
    let usage = "ehbridge demo [--rounds N] [--reports DIR] [--meter FILE] [--gb-per-day X] [--prices DIR] [--verbose]"
    let discussion = """
        Everything runs in this process on 127.0.0.1: librdkafka's mock cluster stands in for Event Hubs and \
        a local SLS-compatible server for the Logstores. No network access and no credentials are needed.
        """
    let options = [
        OptionSpecification("rounds", .value(placeholder: "N"), help: "How many times each sample message is produced (default 20)."),
        OptionSpecification("reports", .value(placeholder: "DIR"), help: "Folder for the Markdown report (default Reports)."),
        OptionSpecification("meter", .value(placeholder: "FILE"),
                            help: "Meter file to write (default: demo-meter.sqlite in the reports folder, replaced on each run)."),
        OptionSpecification("verbose", .flag, help: "Show the bridge's log lines from level info (by default only errors)."),
        OptionSpecification("gb-per-day", .value(placeholder: "X"),
                            help: "Scale the samples' measured mix to X GB (1024³ bytes) of raw Kafka bytes per day (default 20)."),
        OptionSpecification("prices", .value(placeholder: "DIR"), help: "The folder of price files (default: EHBRIDGE_PRICING, then Pricing/ in the working folder or beside the binary)."),
    ]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let rounds = try arguments.positiveInteger("rounds") ?? 20
        let reportsDirectory = arguments.value("reports") ?? "Reports"
        let meterPath: String
        if let given = arguments.value("meter") {
            meterPath = given
        } else {
            meterPath = (reportsDirectory as NSString).appendingPathComponent("demo-meter.sqlite")
            try FileManager.default.createDirectory(atPath: reportsDirectory, withIntermediateDirectories: true)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: meterPath + suffix) }
        }
        let gigabytesPerDay = try PricingOptions.gigabytesPerDay(arguments) ?? 20
        let logger = Logger(label: "demo", minimumLevel: arguments.isSet("verbose") ? .info : .error, sink: context.logSink)
        // Load the prices first, so that a missing price folder stops the demo before it starts anything.
        let book = try PricingOptions.loadBook(arguments, configured: nil, context: context)
        let pricing = PricingConfiguration()
        let builder = try PricingOptions.builder(book: book, settings: pricing.settings)

        let demo = DemoRun(rounds: rounds, meterPath: meterPath, logger: logger, output: context.output)
        let result = try demo.run()

        let usage = try MeterUsage.load(paths: [meterPath]).filtered(delivery: .dryRun)
        let estimate = builder.estimate(
            meter: usage, fallbackLogstore: pricing.logstoreAssumptions,
            scaledRawBytesPerDay: gigabytesPerDay * 1_073_741_824
        )
        let reports = try DemoReport.write(result: result, estimate: estimate, meterPath: meterPath,
                                           directory: reportsDirectory)
        context.output.line("")
        context.output.line("Reports written to \(reports.markdown) and \(reports.html)")
        context.output.line("Meter file: \(meterPath)")
        context.output.line("")
        context.output.line("Cost comparison from the dry run, with the samples' measured mix scaled to "
            + "\(DecimalText.plain(gigabytesPerDay)) GB of Kafka records a day (details and assumptions in \(reports.html)):")
        for line in CostComparisonText.lines(estimate) { context.output.line(line) }
        if !estimate.notes.warnings.isEmpty {
            context.output.line("  \(estimate.notes.warnings.count) warning(s); see the report.")
        }
        return result.allVerified ? .success : .failure
    }
}

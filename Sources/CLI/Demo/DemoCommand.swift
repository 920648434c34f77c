import Bridge
import Core
import Foundation
import Kafka
import LocalSLS
import Reporting
import SLS
import Storage

/// `ehbridge demo`: the whole path on this machine, with nothing outside it.
///
/// Starts librdkafka's mock cluster and the local SLS server in-process and produces the embedded Azure
/// sample messages. Then it forwards them once in each destination mode, checks what the server stored
/// against the meter, prints a per-mode meter summary and writes a Markdown report.
struct DemoCommand: Command {
    let name = "demo"
    let abstract = "Run the bridge on embedded Azure samples against an in-process Kafka and SLS server."
    let usage = "ehbridge demo [--rounds N] [--reports DIR] [--meter FILE]"
    let discussion = """
        Everything runs in this process on 127.0.0.1: librdkafka's mock cluster stands in for Event Hubs and \
        a local SLS-compatible server for the Logstores. No network access and no credentials are needed.
        """
    let options = [
        OptionSpecification("rounds", .value(placeholder: "N"), help: "How many times each sample message is produced (default 20)."),
        OptionSpecification("reports", .value(placeholder: "DIR"), help: "Folder for the Markdown report (default Reports)."),
        OptionSpecification("meter", .value(placeholder: "FILE"), help: "Meter file to write (default: a new temporary file)."),
        OptionSpecification("verbose", .flag, help: "Show the bridge's log lines from level info (by default only errors)."),
    ]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let rounds = try arguments.positiveInteger("rounds") ?? 20
        let reportsDirectory = arguments.value("reports") ?? "Reports"
        let meterPath = arguments.value("meter") ?? DemoRun.temporaryMeterPath()
        let logger = Logger(label: "demo", minimumLevel: arguments.isSet("verbose") ? .info : .error, sink: context.logSink)

        let demo = DemoRun(rounds: rounds, meterPath: meterPath, logger: logger, output: context.output)
        let result = try demo.run()

        let reportPath = try DemoReport.write(result: result, meterPath: meterPath, directory: reportsDirectory)
        context.output.line("")
        context.output.line("Report written to \(reportPath)")
        context.output.line("Meter file: \(meterPath)")
        return result.allVerified ? .success : .failure
    }
}

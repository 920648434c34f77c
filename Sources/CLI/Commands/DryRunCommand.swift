import Bridge
import Core
import CostModel
import Dispatch
import Foundation
import Reporting
import Storage

/// `ehbridge dry-run --config FILE`: reads real traffic, meters both modes without writing to a Logstore, and
/// prints the monthly cost of each mode side by side.
struct DryRunCommand: Command {
    let name = "dry-run"
    let abstract = "Meter real traffic in both modes without writing to SLS, then compare their monthly cost."
    let usage = "ehbridge dry-run --config FILE [--max-records N | --duration D] [--gb-per-day X] [--report PATH]"
    let discussion = """
        The dry run reads under its own consumer group (<consumer_group>-dry-run), never commits offsets, and \
        normalizes, encodes and compresses exactly as `run` does, so the metered bytes are real. Nothing is sent \
        to SLS. It stops after --max-records records, after --duration (such as 90s, 1m30s, 10m or 2h), or on SIGINT or \
        SIGTERM, and projects the metered window to a month (or scales the measured mix to --gb-per-day). On an \
        interactive terminal a status line shows its progress; otherwise a progress line is printed every 5 seconds.
        """
    let options = [
        OptionSpecification("config", .value(placeholder: "FILE"), help: "The YAML configuration file."),
    ] + RunLimitOptions.specifications(maxRecordsHelp: "Stop after N Kafka records are metered.") + [
        OptionSpecification("gb-per-day", .value(placeholder: "X"),
                            help: "Scale the measured mix to X GB (1024³ bytes) of raw Kafka bytes per day."),
        OptionSpecification("report", .value(placeholder: "PATH"),
                            help: "Also write a full report; the extension (.md, .html, .csv, .json) sets the format."),
        OptionSpecification("prices", .value(placeholder: "DIR"), help: "The folder of price files (overrides pricing.prices)."),
    ]

    /// Seconds between progress lines.
    static let progressIntervalSeconds = 5

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let configPath = try arguments.required("config")
        let limits = try RunLimitOptions.limits(arguments)
        let reportFormat = try arguments.value("report").map { path throws(UsageError) in
            try ReportOutput.format(forPath: path)
        }
        let scaledBytes = try PricingOptions.gigabytesPerDay(arguments).map { $0 * 1_073_741_824 }
        let configuration = try loadConfiguration(path: configPath, context: context)
        let context = context.writingErrors(as: configuration.logging.format)
        // Load the prices first, so that a broken price file stops the dry run before it reads anything.
        let book = try PricingOptions.loadBook(arguments, configured: configuration.pricing.pricesDirectory, context: context)
        let builder = try PricingOptions.builder(book: book, settings: configuration.pricing.settings)

        let rateLimited = RateLimitingLogSink(
            base: context.makeLogSink(configuration.logging.format), policy: configuration.logging.rateLimit
        )
        rateLimited.startPeriodicSweep()
        // On a terminal the status line shows progress in place; otherwise a progress line every few seconds.
        let statusLine = context.isInteractive ? StatusLine(write: { context.output.write($0) }) : nil
        let sink: any LogSink = statusLine.map { StatusLineLogSink(base: rateLimited, statusLine: $0) } ?? rateLimited
        let logger = Logger(label: "ehbridge", minimumLevel: configuration.logging.level, sink: sink,
                            metadata: ["bridge.kind": "dry-run"])
        let service = BridgeService(configuration: configuration, kind: .dryRun, logger: logger)
        let signals = RunCommand.installSignals(
            service: service, format: configuration.logging.format, statusLine: statusLine, rateLimited: rateLimited,
            output: context.errorOutput
        )
        defer { signals.cancel() }

        context.errorOutput.line("dry-run: reading \(configuration.source.topics.joined(separator: ", ")) as consumer "
            + "group \(BridgeService.consumerGroup(of: configuration.source, kind: .dryRun)); nothing is sent to SLS and "
            + "no offset is committed.")
        let started = Date()
        let progress = statusLine == nil
            ? ProgressPrinter(service: service, output: context.errorOutput, started: started,
                              intervalSeconds: Self.progressIntervalSeconds)
            : nil
        progress?.start()
        statusLine?.start(reading: service.operations)
        let summary: RunSummary
        do {
            summary = try service.run(limits: limits)
        } catch {
            progress?.stop()
            statusLine?.stop()
            rateLimited.flush()
            // The counts of what was read before the failure, as a run without one prints them.
            if let failure = error as? BridgeRunError {
                for line in failure.summary.lines { context.errorOutput.line(line) }
            }
            throw error
        }
        progress?.stop()
        statusLine?.stop()
        rateLimited.flush()
        let finished = Date()
        for line in summary.lines { context.errorOutput.line(line) }
        let keptRecords = summary.deadLetters.records + summary.deadLetters.rawCopies
        if keptRecords > 0 {
            let path = configuration.dryRunDeadLetterPath
            context.errorOutput.line("dry-run: kept \(keptRecords) records in \(path), apart from the dead-letter store of real "
                + "runs; list them with `ehbridge dlq list --db \(path)`.")
        }

        // Without a partition an empty meter does not show whether the hub has records, so name the cause instead.
        guard summary.wasAssigned else {
            context.errorOutput.line(UnassignedRunMessage.text(
                configPath: configPath, source: configuration.source, kafkaErrors: summary.kafkaErrors
            ))
            return .failure
        }

        let startMilliseconds = Int64((started.timeIntervalSince1970 * 1000).rounded(.down))
        let endMilliseconds = Int64((finished.timeIntervalSince1970 * 1000).rounded(.up)) + 1
        let usage = try MeterUsage.load(
            paths: [configuration.meter.path],
            range: MeterTimeRange(startMilliseconds: startMilliseconds, endMilliseconds: endMilliseconds)
        ).filtered(delivery: .dryRun)
        guard !usage.totals.isEmpty else {
            context.errorOutput.line("error: the dry run metered no request, so there is nothing to price. Check that "
                + "the hub has records (start_from: latest reads only new ones).")
            return .failure
        }

        // Records written before the dry run started (a backlog, with start_from: earliest) arrived over a longer
        // time than the run took. The estimate prices the metered rows' bytes over their record times, as a report
        // of the same rows does, and the run's duration is its window otherwise.
        let windowMilliseconds = endMilliseconds - startMilliseconds
        if let recordWindow = summary.recordTimeWindowMilliseconds(readMilliseconds: windowMilliseconds),
           recordWindow > windowMilliseconds {
            context.errorOutput.line("dry-run: the records read were written to the hub over "
                + "\(Self.durationText(milliseconds: recordWindow)), longer than the "
                + "\(Self.durationText(milliseconds: windowMilliseconds)) the dry run took, so the projection prices "
                + "them over the time they were written. Set source.start_from: latest to measure only new traffic.")
        }
        let estimate = builder.estimate(
            meter: usage, fallbackLogstore: configuration.pricing.logstoreAssumptions,
            windowMilliseconds: windowMilliseconds, scaledRawBytesPerDay: scaledBytes
        )
        context.output.line("")
        for line in ReportOutput.summaryLines(estimate) { context.output.line(line) }
        if let path = arguments.value("report"), let reportFormat {
            try ReportOutput.write(estimate, format: reportFormat, to: path)
            context.output.line("")
            context.output.line("Report written to \(path)")
        }
        return summary.succeeded ? .success : .failure
    }
}

extension DryRunCommand {
    /// Returns a duration such as `2 d 3 h`, `4 h 10 min`, `12 min 5 s` or `40 s`, from its two largest units.
    static func durationText(milliseconds: Int64) -> String {
        let seconds = max(milliseconds / 1000, 0)
        let units: [(Int64, String)] = [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")]
        guard let first = units.firstIndex(where: { seconds >= $0.0 }) else {
            return "\(milliseconds) ms"
        }
        let (size, name) = units[first]
        var text = "\(seconds / size) \(name)"
        if first + 1 < units.count {
            let (nextSize, nextName) = units[first + 1]
            let rest = (seconds % size) / nextSize
            if rest > 0 {
                text += " \(rest) \(nextName)"
            }
        }
        return text
    }
}

/// Prints a progress line of a running dry run every few seconds, from its own queue.
final class ProgressPrinter {
    private let timer: any DispatchSourceTimer

    init(service: BridgeService, output: any TextOutput, started: Date, intervalSeconds: Int) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "ehbridge.dry-run.progress"))
        timer.schedule(deadline: .now() + .seconds(intervalSeconds), repeating: .seconds(intervalSeconds))
        timer.setEventHandler {
            guard let summary = service.currentSummary() else { return }
            let elapsed = Int(Date().timeIntervalSince(started))
            output.line("dry-run: \(elapsed) s, \(summary.consumed) records read, \(summary.delivered) metered, "
                + "\(summary.empty) empty, \(summary.deadLettered) dead-lettered, \(summary.inFlight) in flight, "
                + "\(summary.delivery.requests) requests encoded")
        }
        self.timer = timer
    }

    func start() {
        timer.resume()
    }

    func stop() {
        timer.cancel()
    }
}

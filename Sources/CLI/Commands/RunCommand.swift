import Bridge
import Core
import Dispatch
import Foundation

/// `ehbridge run --config FILE`: the forwarding service, until a stop signal or an optional limit.
struct RunCommand: Command {
    let name = "run"
    let abstract = "Forward Event Hubs records to the configured Logstore until SIGINT or SIGTERM."
    let usage = "ehbridge run --config FILE [--max-records N | --duration D]"
    let discussion = """
        The first SIGINT, SIGTERM or SIGHUP stops reading, waits for in-flight batches, commits the stored offsets \
        and exits. A second signal exits at once, after at most a second to commit the meter rows of requests \
        the Logstore already accepted; records that were read but not acknowledged are read again on the next \
        start (at-least-once delivery). SIGUSR1 prints the reconciliation counts \
        (consumed = delivered + dead-lettered + empty + in flight, per partition) without stopping. On an \
        interactive terminal a status line shows records/s, MB/s, consumer lag, records in flight and errors; \
        it is never written to the log. With --max-records the run stops reading after N Kafka records, sends \
        its open batches without waiting for the linger, and exits as on the first signal once they are \
        acknowledged, however long the Logstore takes; until N records arrive it keeps running. With --duration \
        it stops reading D after the start, group join included. Both suit one-off backfills and smoke tests.
        """
    let options = [OptionSpecification("config", .value(placeholder: "FILE"), help: "The YAML configuration file.")]
        + RunLimitOptions.specifications(
            maxRecordsHelp: "Stop reading after N Kafka records; exit once they are delivered or dead-lettered."
        )

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let configPath = try arguments.required("config")
        let limits = try RunLimitOptions.limits(arguments)
        let configuration = try loadConfiguration(path: configPath, context: context)
        let context = context.writingErrors(as: configuration.logging.format)
        let rateLimited = RateLimitingLogSink(
            base: context.makeLogSink(configuration.logging.format), policy: configuration.logging.rateLimit
        )
        rateLimited.startPeriodicSweep()
        let statusLine = context.isInteractive ? StatusLine(write: { context.output.write($0) }) : nil
        let sink: any LogSink = statusLine.map { StatusLineLogSink(base: rateLimited, statusLine: $0) } ?? rateLimited
        let logger = Logger(label: "ehbridge", minimumLevel: configuration.logging.level, sink: sink,
                            metadata: ["bridge.mode": .string(configuration.destination.mode.rawValue)])
        let service = BridgeService(configuration: configuration, logger: logger)
        let signals = Self.installSignals(
            service: service, format: configuration.logging.format, statusLine: statusLine, rateLimited: rateLimited,
            output: context.errorOutput
        )
        defer { signals.cancel() }
        statusLine?.start(reading: service.operations)
        defer {
            statusLine?.stop()
            rateLimited.flush()
        }

        let summary: RunSummary
        do {
            summary = try service.run(limits: limits)
        } catch let failure as BridgeRunError {
            statusLine?.stop()
            rateLimited.flush()
            // The counts of what was read before the failure, as a run without one prints them.
            for line in failure.summary.lines { context.errorOutput.line(line) }
            throw failure
        }
        statusLine?.stop()
        // The notes about suppressed log lines belong to the run, so they come before its summary.
        rateLimited.flush()
        for line in summary.lines { context.errorOutput.line(line) }
        // A run that never got a partition read nothing, which on its own looks like a quiet hub. For a smoke
        // test with --duration that must not pass: the brokers were not reached or the group had no partition.
        if !summary.wasAssigned {
            context.errorOutput.line(UnassignedRunMessage.text(
                configPath: configPath, source: configuration.source, kafkaErrors: summary.kafkaErrors
            ))
            return .failure
        }
        return summary.succeeded ? .success : .failure
    }

    /// Installs the signal handlers of `run` and `dry-run`: the first signal stops `service`, SIGUSR1 writes its
    /// counts to `output`, and the second signal flushes the log counts and the meter rows before the exit. The
    /// status line ends at the first signal, so that the stop message and the drain's logs get lines of their own.
    static func installSignals(
        service: BridgeService, format: LogFormat, statusLine: StatusLine?, rateLimited: RateLimitingLogSink,
        output: any TextOutput
    ) -> SignalHandlers {
        SignalHandlers.install(
            output: JSONLinesOutput.wrapping(FileDescriptorOutput.standardError, format: format),
            beforeFirstMessage: { statusLine?.stop() },
            onStatusRequest: {
                for line in service.currentSummary()?.lines ?? ["not running yet"] { output.line(line) }
            },
            beforeExit: {
                rateLimited.flush()
                commitMeterBeforeExit(service, format: format)
            },
            onFirstSignal: { service.requestStop() }
        )
    }

    /// Commits the meter rows that wait for the next commit, for at most a second, before the second signal ends
    /// the process. In a run their requests are accepted and billed, and the records are read and sent again after
    /// the restart, so a row lost here leaves the meter short of what SLS bills.
    static func commitMeterBeforeExit(_ service: BridgeService, format: LogFormat) {
        if !service.commitMeterBeforeExit(timeoutMilliseconds: 1_000) {
            JSONLinesOutput.wrapping(FileDescriptorOutput.standardError, format: format).line(
                "meter rows not committed before the exit; the meter misses the last writes metered before the second signal"
            )
        }
    }
}

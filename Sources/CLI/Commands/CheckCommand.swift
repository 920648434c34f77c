import Bridge
import Core

/// `ehbridge check --config FILE`: connects to Event Hubs and to SLS as `run` would and explains each
/// failure in one line with its fix.
struct CheckCommand: Command {
    let name = "check"
    let abstract = "Check the configuration, the Event Hubs connection and the SLS Logstore, and explain each failure."
    let usage = "ehbridge check --config FILE [--timeout-ms MILLISECONDS] [--verbose]"
    let discussion = """
        Validates the file, then requests the metadata of the event hub over the Kafka endpoint (without \
        joining the consumer group), sends one signed, read-only GetLogStore request to SLS and checks that \
        the meter and the dead-letter store can be written, creating no file. Nothing is read from the hub \
        and nothing is written to the Logstore. Exits with 0 when every step passed (a warning passes), 1 \
        when a connection or storage step failed and 2 when the configuration is invalid. Secrets are never \
        printed. Run it as the service's user: as root, every path is writable.
        """
    let options = [
        OptionSpecification("config", .value(placeholder: "FILE"), help: "The YAML configuration file."),
        OptionSpecification("timeout-ms", .value(placeholder: "MILLISECONDS"),
                            help: "How long each connection step may take, in milliseconds (default 10000)."),
        OptionSpecification("verbose", .flag, help: "Also write librdkafka's log lines and the outcome of the SLS request to standard error."),
    ]

    static let defaultTimeoutMilliseconds = 10_000

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = try arguments.required("config")
        let timeout = try arguments.positiveInteger("timeout-ms") ?? Self.defaultTimeoutMilliseconds
        context.output.line("ehbridge check: \(path)")

        let configuration: BridgeConfiguration
        do {
            configuration = try BridgeConfigurationLoader(environment: context.environment).load(path: path)
        } catch {
            for problem in error.problems {
                context.output.line(SecretRedactor.shared.redact("[FAIL] configuration: \(problem.description)"))
            }
            context.output.line("[skip] connection and storage steps: not run until the configuration is valid")
            return .usage
        }
        context.output.line("[ok] configuration: valid")

        let logger = Logger(
            label: "ehbridge-check", minimumLevel: arguments.isSet("verbose") ? .debug : .critical,
            sink: context.makeLogSink(configuration.logging.format)
        )
        let results = BridgeCheck.run(configuration, timeoutMilliseconds: timeout, logger: logger)
        for result in results {
            for line in result.lines {
                context.output.line(SecretRedactor.shared.redact(line))
            }
        }
        return results.contains { $0.status == .failed } ? .failure : .success
    }
}

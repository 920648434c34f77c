import Core
import Foundation
import Kafka

/// The `ehbridge` entry point: picks the subcommand, parses its options, runs it and exits with its status.
public enum CommandLineTool {
    static let commands: [any Command] = [
        RunCommand(), DryRunCommand(), ReportCommand(), EstimateCommand(), ValidateCommand(), CheckCommand(),
        NormalizeCommand(), DeadLetterCommand(), DemoCommand(), SandboxCommand(), VersionCommand(),
    ]

    public static func main() -> Never {
        let context = CommandContext(
            output: FileDescriptorOutput.standardOutput, errorOutput: FileDescriptorOutput.standardError,
            environment: ProcessInfo.processInfo.environment, logSink: StreamLogSink(),
            isInteractive: isatty(STDOUT_FILENO) == 1
        )
        let status = run(Array(CommandLine.arguments.dropFirst()), context: context)
        exit(status.rawValue)
    }

    /// Runs one command line; used by `main` and by in-process tests.
    static func run(_ arguments: [String], context: CommandContext) -> ExitCode {
        guard let first = arguments.first else {
            context.errorOutput.line(overview())
            return .usage
        }
        if first == "--help" || first == "-h" || first == "help" {
            if arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
                context.output.line(command.helpText())
            } else {
                context.output.line(overview())
            }
            return .success
        }
        if first == "--version" { return VersionCommand().printVersion(context: context) }
        guard let command = commands.first(where: { $0.name == first }) else {
            context.errorOutput.line("error: unknown command `\(first)`.\n\n\(overview())")
            return .usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            context.output.line(command.helpText())
            return .success
        }
        do {
            let parsed = try ArgumentParser.parse(rest, options: command.options)
            if !command.takesPositionalArguments, let extra = parsed.positionals.first {
                throw UsageError("unexpected argument `\(extra)`; `ehbridge \(command.name)` takes options only.")
            }
            return try command.run(parsed, context: context)
        } catch let error as UsageError {
            context.formattedErrorOutput.line("error: \(SecretRedactor.shared.redact(error.message))\n\nUSAGE: \(command.usage)\nRun `ehbridge \(command.name) --help` for the options.")
            return .usage
        } catch let error as ConfigurationErrorReport {
            context.formattedErrorOutput.line(SecretRedactor.shared.redact(error.description))
            return .usage
        } catch let error as KafkaConfigurationError {
            // librdkafka checks some combinations of properties only when it creates a client, after the file
            // loaded. That is still a configuration error, which a restart cannot fix.
            context.formattedErrorOutput.line("error: " + SecretRedactor.shared.redact("\(error)")
                + "\nfix: correct source.kafka_properties. librdkafka checks these combinations only when it creates the consumer.")
            return .usage
        } catch {
            context.formattedErrorOutput.line("error: " + SecretRedactor.shared.redact("\(error)"))
            return .failure
        }
    }

    static func overview() -> String {
        var lines = [
            "ehbridge \u{2014} forwards Azure Event Hubs logs to Alibaba Cloud SLS and meters what it costs.",
            "",
            "USAGE: ehbridge <command> [options]",
            "",
            "COMMANDS:",
        ]
        for command in commands {
            let padded = command.name + String(repeating: " ", count: max(2, 12 - command.name.count))
            lines.append("  \(padded)\(command.abstract)")
        }
        lines += ["", "Run `ehbridge <command> --help` for the options of a command."]
        return lines.joined(separator: "\n")
    }
}

/// Wraps a configuration error so that the tool exits with status 2 (configuration) instead of 1.
struct ConfigurationErrorReport: Error, CustomStringConvertible {
    let description: String
}

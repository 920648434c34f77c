import Core

/// A subcommand of `ehbridge`.
protocol Command: Sendable {
    var name: String { get }
    /// One line for the command list.
    var abstract: String { get }
    /// Longer help after the usage line; may be empty.
    var discussion: String { get }
    var usage: String { get }
    var options: [OptionSpecification] { get }
    /// Whether the command reads arguments that are not options, such as file names. When false, any such
    /// argument is a usage error, so that a misplaced value is not silently ignored.
    var takesPositionalArguments: Bool { get }
    /// Runs the command. Throws ``UsageError`` for a bad command line; other errors exit with status 1.
    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode
}

extension Command {
    var discussion: String { "" }
    var takesPositionalArguments: Bool { false }

    func helpText() -> String {
        var lines = ["USAGE: \(usage)", "", abstract]
        if !discussion.isEmpty { lines += ["", discussion] }
        let all = options + [OptionSpecification("help", .flag, help: "Show this help.")]
        lines += ["", "OPTIONS:"]
        for option in all {
            let left: String
            switch option.kind {
            case .flag: left = "--\(option.name)"
            case .value(let placeholder): left = "--\(option.name) \(placeholder)"
            }
            let padded = left.count < 28 ? left + String(repeating: " ", count: 28 - left.count) : left + "  "
            lines.append("  \(padded)\(option.help)")
        }
        return lines.joined(separator: "\n")
    }
}

/// The output streams, environment and log sink a command runs with, besides its arguments.
struct CommandContext: Sendable {
    var output: any TextOutput
    var errorOutput: any TextOutput
    var environment: [String: String]
    var logSink: any LogSink
    /// Creates the sink for the log lines of a command whose configuration chose `format`; tests capture them.
    var makeLogSink: @Sendable (LogFormat) -> any LogSink = { format in StreamLogSink(format: format) }
    /// True when standard output is an interactive terminal, where `run` shows a status line.
    var isInteractive: Bool = false
    /// The log format a command's configuration chose, set once it has loaded, so that the error line written
    /// after the command fails takes that format too.
    let errorFormat = Locked(LogFormat.logfmt)

    /// Returns this context with ``errorFormat`` set to `format` and ``errorOutput`` writing in it, for a command
    /// whose configuration has loaded.
    func writingErrors(as format: LogFormat) -> CommandContext {
        errorFormat.withLock { $0 = format }
        var context = self
        context.errorOutput = JSONLinesOutput.wrapping(errorOutput, format: format)
        return context
    }

    /// Returns `errorOutput` in the format of ``errorFormat``: JSON records when the configuration chose JSON logs.
    var formattedErrorOutput: any TextOutput {
        JSONLinesOutput.wrapping(errorOutput, format: errorFormat.withLock { $0 })
    }
}

/// A place for the text a command prints.
protocol TextOutput: Sendable {
    func write(_ text: String)
}

extension TextOutput {
    func line(_ text: String = "") { write(text + "\n") }
}

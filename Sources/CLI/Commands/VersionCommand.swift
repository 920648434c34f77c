import Bridge
import Kafka

/// `ehbridge version`: prints the version of ehbridge and of librdkafka.
struct VersionCommand: Command {
    let name = "version"
    let abstract = "Print the versions of ehbridge and librdkafka."
    let usage = "ehbridge version"
    let options: [OptionSpecification] = []

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        printVersion(context: context)
    }

    @discardableResult
    func printVersion(context: CommandContext) -> ExitCode {
        context.output.line("ehbridge \(BridgeVersion.current)")
        context.output.line("librdkafka \(KafkaLibrary.version) (\(KafkaLibrary.builtinFeatures.joined(separator: ",")))")
        return .success
    }
}

import Bridge
import Core

/// `ehbridge validate --config FILE`: checks a configuration file and reports every problem at once.
struct ValidateCommand: Command {
    let name = "validate"
    let abstract = "Check a configuration file and list every problem, with the key and the fix."
    let usage = "ehbridge validate --config FILE [--print-config]"
    let discussion = """
        Exits with 0 when the file is valid and 2 when it is not. Secrets are never printed. Once the file has \
        no other problem, it also creates the Kafka consumer without connecting to any broker, so that the checks \
        librdkafka makes only then (a key store without its password, an unreadable key file) run too. With \
        --print-config, a valid file is printed back as YAML with every default filled in and every secret \
        redacted, as `run` would use it.
        """
    let options = [
        OptionSpecification("config", .value(placeholder: "FILE"), help: "The YAML configuration file."),
        OptionSpecification("print-config", .flag,
                            help: "Print the effective configuration, defaults included and secrets redacted."),
    ]

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let path = try arguments.required("config")
        let configuration = try loadConfiguration(path: path, context: context)
        let creationProblems = BridgeConfigurationLoader.consumerCreationProblems(configuration)
        guard creationProblems.isEmpty else {
            throw ConfigurationErrorReport(description: ConfigurationError(file: path, problems: creationProblems).description)
        }
        if arguments.isSet("print-config") {
            context.output.line(EffectiveConfiguration.yaml(configuration, file: path))
            return .success
        }
        context.output.line("\(path): valid")
        for line in ConfigurationSummary.lines(configuration) {
            context.output.line("  \(line)")
        }
        return .success
    }
}

/// Loads a configuration file for a command, turning its errors into a report that exits with status 2.
func loadConfiguration(path: String, context: CommandContext) throws -> BridgeConfiguration {
    do {
        return try BridgeConfigurationLoader(environment: context.environment).load(path: path)
    } catch {
        throw ConfigurationErrorReport(description: error.description)
    }
}

/// A secret-free description of a configuration, for `validate` and the start of `run`.
enum ConfigurationSummary {
    /// Returns the batching limits as the bridge applies them, noting a configured limit that a LogGroup limit
    /// of normalization lowers.
    static func batchingSummary(_ configuration: BridgeConfiguration) -> String {
        let configured = configuration.batching
        let applied = configuration.effectiveBatching
        var text = "\(applied.maxEntries) entries, \(applied.maxBytes) bytes, linger \(applied.lingerMilliseconds) ms"
        if applied.maxBytes < configured.maxBytes {
            text += " (max_bytes \(configured.maxBytes) is capped by normalization.limits.max_log_group_bytes)"
        }
        if applied.maxEntries < configured.maxEntries {
            text += " (max_entries \(configured.maxEntries) is capped by normalization.limits.max_log_group_entries)"
        }
        return text
    }

    /// Returns the memory bounds of reading and sending, noting a fetch bound above the prefetch bound, which
    /// lets one fetch response hold more than the prefetch queue.
    static func deliverySummary(_ delivery: DeliveryConfiguration) -> String {
        let inFlight = delivery.maxBytesInFlight % 1024 == 0
            ? "\(delivery.maxBytesInFlight / 1024) KiB" : "\(delivery.maxBytesInFlight) bytes"
        var text = "prefetch \(delivery.prefetchKilobytes) KiB, fetch responses up to \(delivery.fetchMaxKilobytes) KiB, "
            + "the busiest partitions pause above \(inFlight) in flight"
        if delivery.fetchMaxKilobytes > delivery.prefetchKilobytes {
            text += " (fetch_max_kbytes is above prefetch_kbytes, so one fetch response can hold more than the prefetch queue)"
        }
        return text
    }

    static func lines(_ configuration: BridgeConfiguration) -> [String] {
        let source = configuration.source
        let destination = configuration.destination
        var connection: String
        switch source.connection {
        case .eventHubs:
            connection = "Event Hubs (SASL_SSL, connection string given)"
            if !source.bootstrapServers.isEmpty {
                connection += " at \(source.bootstrapServers.joined(separator: ",")), set by bootstrap_servers"
            }
        case .plaintextKafka: connection = "Kafka without authentication at \(source.bootstrapServers.joined(separator: ","))"
        }
        let metrics = configuration.metrics
        return [
            "source: \(connection); \(source.isEventHubs ? "hubs" : "topics") \(source.topics.joined(separator: ", ")); consumer group \(source.consumerGroup); start from \(source.startFrom.rawValue)",
            "destination: \(destination.mode.rawValue) \(destination.scheme.rawValue)://\(destination.project).\(destination.endpoint)\(destination.connectAddress.map { " via \($0)" } ?? "") Logstore \(destination.logstore); compression \(destination.compression.rawValue)",
            "batching: \(batchingSummary(configuration))",
            "delivery: \(deliverySummary(configuration.delivery))",
            "meter: \(configuration.meter.path) (instance \(configuration.meter.instanceID))",
            metrics.enabled ? "metrics: http://\(metrics.listenAddress)/metrics, /healthz, /readyz" : "metrics: endpoint disabled",
        ]
    }
}

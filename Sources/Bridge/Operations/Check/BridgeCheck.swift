import Core
import Kafka
import Storage

/// The steps of `ehbridge check`: the librdkafka build, a metadata request to Event Hubs and a read-only
/// request to SLS, each turned into a ``CheckResult`` with a diagnosis when it fails.
public enum BridgeCheck {
    /// Runs every step for `configuration` and returns their results in order. Each network step waits at
    /// most `timeoutMilliseconds`. Blocks the calling thread; never call it from Swift concurrency's pool.
    public static func run(_ configuration: BridgeConfiguration, timeoutMilliseconds: Int, logger: Logger) -> [CheckResult] {
        [
            library(version: KafkaLibrary.version, features: KafkaLibrary.builtinFeatures),
            eventHubs(configuration, timeoutMilliseconds: timeoutMilliseconds, logger: logger),
            sls(configuration, timeoutMilliseconds: timeoutMilliseconds, logger: logger),
            storage(configuration, logger: logger),
        ]
    }

    /// Opens the meter and the dead-letter store as `run` does (creating them and their folder when
    /// missing), so that an unwritable path fails here and not at the first start.
    static func storage(_ configuration: BridgeConfiguration, logger: Logger) -> CheckResult {
        do {
            let meter = try MeterWriter(path: configuration.meter.path, logger: .disabled)
            meter.close()
            let deadLetters = try DeadLetterStore(path: configuration.deadLetterPath, logger: .disabled)
            deadLetters.close()
        } catch {
            return CheckResult(subject: "storage", status: .failed, message: SecretRedactor.shared.redact(
                "the meter (\(configuration.meter.path)) or the dead-letter store (\(configuration.deadLetterPath)) cannot be opened: \(error); choose writable paths for meter.path and dead_letter.path"
            ))
        }
        let paths = configuration.deadLetterPath == configuration.meter.path
            ? configuration.meter.path : "\(configuration.meter.path) and \(configuration.deadLetterPath)"
        return CheckResult(subject: "storage", status: .passed, message: "meter and dead-letter store writable at \(paths)")
    }

    static func library(version: String, features: [String]) -> CheckResult {
        let missing = KafkaLibraryCheck.requiredFeatures.filter { !features.contains($0) }
        guard missing.isEmpty else {
            let error = MissingKafkaFeaturesError(version: version, missing: missing)
            return CheckResult(subject: "librdkafka", status: .failed, message: error.description)
        }
        return CheckResult(subject: "librdkafka", status: .passed,
                           message: "\(version) with \(KafkaLibraryCheck.requiredFeatures.joined(separator: " and "))")
    }

    static func eventHubs(_ configuration: BridgeConfiguration, timeoutMilliseconds: Int, logger: Logger) -> CheckResult {
        let consumerConfiguration: KafkaConsumerConfiguration
        do {
            consumerConfiguration = try BridgeService.consumerConfiguration(configuration, kind: .run, logger: logger)
        } catch {
            return CheckResult(subject: EventHubsProbe.subject, status: .failed,
                               message: SecretRedactor.shared.redact("\(error)"))
        }
        return EventHubsProbe.run(
            configuration: consumerConfiguration, hub: configuration.source.topics[0],
            timeoutMilliseconds: timeoutMilliseconds, logger: logger.child(label: "kafka")
        )
    }

    static func sls(_ configuration: BridgeConfiguration, timeoutMilliseconds: Int, logger: Logger) -> CheckResult {
        var client = BridgeService.clientConfiguration(configuration.destination)
        client.connectTimeoutMilliseconds = min(client.connectTimeoutMilliseconds, timeoutMilliseconds)
        client.requestTimeoutMilliseconds = timeoutMilliseconds
        client.maxConcurrentRequests = 1
        return SLSProbe.run(configuration: client, project: configuration.destination.project,
                            logstore: configuration.destination.logstore,
                            credentials: configuration.destination.credentials, logger: logger.child(label: "sls"))
    }
}

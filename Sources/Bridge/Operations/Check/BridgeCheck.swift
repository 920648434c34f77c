import Core
import Foundation
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

    /// Checks that `run` can open the meter and the dead-letter store, without creating or changing anything: an
    /// existing file must be writable (and the meter readable as a meter), a missing one needs a writable folder
    /// to be created in. `check` often runs as root before the service's first start, and a file it created
    /// would belong to root.
    static func storage(_ configuration: BridgeConfiguration, logger: Logger) -> CheckResult {
        let paths = configuration.deadLetterPath == configuration.meter.path
            ? [configuration.meter.path] : [configuration.meter.path, configuration.deadLetterPath]
        var notes: [String] = []
        for path in paths {
            if FileManager.default.fileExists(atPath: path) {
                guard access(path, R_OK | W_OK) == 0 else {
                    return storageFailure("\(path) exists but cannot be written by this user")
                }
                if path == configuration.meter.path {
                    do {
                        try MeterReader(paths: [path]).close()
                    } catch {
                        return storageFailure("\(path) cannot be read as a meter: \(error)")
                    }
                }
                notes.append("\(path) writable")
            } else {
                guard let folder = nearestExistingFolder(of: path) else {
                    return storageFailure("no folder of \(path) exists")
                }
                guard access(folder, W_OK | X_OK) == 0 else {
                    return storageFailure("\(path) does not exist, and \(folder) cannot be written by this user to create it")
                }
                notes.append("\(path) does not exist yet; run creates it in \(folder)")
            }
        }
        let kinds = paths.count == 1 ? "meter and dead-letter store" : "meter, then dead-letter store"
        return CheckResult(subject: "storage", status: .passed, message: "\(kinds): \(notes.joined(separator: "; "))")
    }

    private static func storageFailure(_ problem: String) -> CheckResult {
        CheckResult(subject: "storage", status: .failed, message: SecretRedactor.shared.redact(
            "\(problem); choose writable paths for meter.path and dead_letter.path, or run check as the service's user"
        ))
    }

    /// Returns the deepest folder on the way to `path` that exists, or nil when none does.
    private static func nearestExistingFolder(of path: String) -> String? {
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        while true {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
                return isDirectory.boolValue ? folder.path : nil
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path {
                return nil
            }
            folder = parent
        }
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

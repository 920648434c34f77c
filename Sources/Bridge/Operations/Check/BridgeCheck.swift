import Core
import Foundation
import Kafka
import Storage

/// The steps of `ehbridge check`: the librdkafka build, a metadata request to Event Hubs (or the plain Kafka
/// cluster) and a read-only request to SLS, each turned into a ``CheckResult`` with a diagnosis when it fails.
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

    /// Checks that `run` can open the meter and the dead-letter store, without creating or changing anything. An
    /// existing file must be a writable SQLite database in a writable folder, because SQLite keeps its
    /// write-ahead log there. A missing one needs a writable folder to be created in. `check` often runs as root before the
    /// service's first start, and a file it created would belong to root.
    static func storage(_ configuration: BridgeConfiguration, logger: Logger) -> CheckResult {
        let paths = configuration.deadLetterPath == configuration.meter.path
            ? [configuration.meter.path] : [configuration.meter.path, configuration.deadLetterPath]
        var notes: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                guard !isDirectory.boolValue else {
                    return storageFailure("\(path) is a folder, not a database file")
                }
                guard access(path, R_OK | W_OK) == 0 else {
                    return storageFailure("\(path) exists but cannot be written by this user")
                }
                let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
                guard access(folder, W_OK | X_OK) == 0 else {
                    return storageFailure("\(folder) cannot be written by this user, and SQLite keeps the write-ahead log of \(path) there")
                }
                guard Self.isSQLiteDatabase(path) else {
                    return storageFailure("\(path) is not an SQLite database")
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

    /// Returns whether the file at `path` starts with the SQLite header (`SQLite format 3` and a NUL), or is
    /// empty, which SQLite also opens as a new database.
    private static func isSQLiteDatabase(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return false
        }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 16) else {
            return false
        }
        return header.isEmpty || header == Data("SQLite format 3".utf8 + [0])
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
        let isEventHubs = configuration.source.isEventHubs
        let consumerConfiguration: KafkaConsumerConfiguration
        do {
            consumerConfiguration = try BridgeService.consumerConfiguration(configuration, kind: .run, logger: logger)
        } catch {
            return CheckResult(subject: EventHubsProbe.subject(isEventHubs: isEventHubs), status: .failed,
                               message: SecretRedactor.shared.redact("\(error)"))
        }
        return EventHubsProbe.run(
            configuration: consumerConfiguration, hub: configuration.source.topics[0], isEventHubs: isEventHubs,
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

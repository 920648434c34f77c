import Core
import EventHubs
import Foundation
import SLS
import YAML

/// Turns a YAML configuration file into a ``BridgeConfiguration``.
///
/// Values may refer to environment variables as `${NAME}`; secrets may also be read from files with the
/// `_file` form of their key (`access_key_secret_file: /run/secrets/sls`). Every problem is collected
/// and thrown together as one ``ConfigurationError`` naming each key and its fix.
public struct BridgeConfigurationLoader: Sendable {
    public var environment: [String: String]
    /// Used for `meter.instance_id` when the file does not set it.
    public var hostName: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                hostName: String = ProcessInfo.processInfo.hostName) {
        self.environment = environment
        self.hostName = hostName
    }

    /// Reads and validates the file at `path`.
    public func load(path: String) throws(ConfigurationError) -> BridgeConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, problems: [
                ConfigurationProblem(key: "(file)", problem: "cannot be read.",
                                     fix: "Check that \(path) exists and that ehbridge may read it."),
            ])
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try load(yaml: String(decoding: data, as: UTF8.self), file: path,
                        baseDirectory: directory.isEmpty ? "." : directory)
    }

    /// Parses and validates YAML text. `baseDirectory` resolves relative `*_file` paths.
    public func load(yaml text: String, file: String? = nil, baseDirectory: String = ".") throws(ConfigurationError)
        -> BridgeConfiguration
    {
        let root: ConfigNode?
        do {
            root = try ConfigNode(parsingYAML: text)
        } catch {
            throw ConfigurationError(file: file, problems: [
                ConfigurationProblem(key: "(file)", problem: "is not valid YAML: \(error).",
                                     fix: "Correct the syntax at the line and column given."),
            ])
        }
        let reader = ConfigReader(environment: environment, baseDirectory: baseDirectory)
        let configuration = decode(root, reader: reader)
        if let configuration, reader.problems.isEmpty { return configuration }
        throw ConfigurationError(file: file, problems: reader.problems)
    }

    private func decode(_ root: ConfigNode?, reader: ConfigReader) -> BridgeConfiguration? {
        guard let top = reader.mapping(root, path: "") else { return nil }
        if root == nil {
            reader.report("(file)", "is empty.", fix: "Start from the commented example in docs/configuration.example.yaml.")
            return nil
        }

        let source = top.section("source").flatMap(decodeSource)
        let destination = top.section("destination").flatMap(decodeDestination)
        let batching = top.section("batching").map(decodeBatching) ?? BatchingConfiguration()
        let meter = top.section("meter").map(decodeMeter)
            ?? MeterConfiguration(path: BridgeConfiguration.defaultMeterPath, instanceID: hostName)
        let logging = top.section("logging").map(decodeLogging) ?? LoggingConfiguration()
        let metrics = top.section("metrics").map(decodeMetrics) ?? MetricsConfiguration()
        if !top.contains("source") { reader.report("source", "is missing.", fix: "Add a `source:` section naming the event hub.") }
        if !top.contains("destination") {
            reader.report("destination", "is missing.", fix: "Add a `destination:` section naming the SLS project and Logstore.")
        }
        top.reportUnknownKeys()

        guard let source, let destination else { return nil }
        return BridgeConfiguration(source: source, destination: destination, batching: batching, meter: meter,
                                   logging: logging, metrics: metrics)
    }

    // MARK: Sections

    private func decodeSource(_ section: MappingReader) -> SourceConfiguration? {
        defer { section.reportUnknownKeys() }
        let connectionString = section.secret(
            "connection_string", required: false,
            fix: "Set it to the namespace connection string (Listen rights), usually as ${EVENTHUBS_CONNECTION_STRING}."
        )
        let bootstrap = section.stringList("bootstrap_servers") ?? []
        let topics = section.stringList("hub") ?? section.stringList("hubs") ?? []
        let group = section.string("consumer_group", required: true,
                                   fix: "Name a Kafka consumer group unique to this deployment, such as `ehbridge-prod`.")
        let startFrom = section.choice("start_from", default: SourceConfiguration.StartPosition.earliest)
        let properties = section.stringMap("kafka_properties") ?? [:]

        if topics.isEmpty {
            section.reader.report(section.keyPath("hub"), "is missing.",
                                  fix: "Name the event hub to read (its Kafka topic), such as `insights-logs-auditevent`.")
        }
        if let group, group.count > 256 {
            section.reader.report(section.keyPath("consumer_group"), "is \(group.count) characters long.",
                                  fix: "Event Hubs allows Kafka consumer group names of at most 256 characters.")
        }

        var connection: SourceConfiguration.Connection?
        if let connectionString {
            do {
                let parsed = try EventHubsConnectionString(parsing: connectionString.revealed())
                if let entity = parsed.entityPath, !topics.isEmpty,
                   topics.contains(where: { $0.lowercased() != entity.lowercased() })
                {
                    section.reader.report(
                        section.keyPath("hub"),
                        "names \(topics.joined(separator: ", ")), but the connection string only grants access to the event hub \(entity) (its EntityPath).",
                        fix: "Use a namespace-level policy's connection string, or read only the hub \(entity)."
                    )
                }
                connection = .eventHubs(parsed)
            } catch {
                section.reader.report(section.keyPath("connection_string"), "is invalid: \(error)",
                                      fix: "Copy the connection string of a namespace shared access policy with Listen rights from the Azure portal.")
            }
        } else if !bootstrap.isEmpty {
            connection = .plaintextKafka
        } else {
            section.reader.report(section.keyPath("connection_string"), "is missing.",
                                  fix: "Set it to the Event Hubs namespace connection string (for a plain Kafka cluster, set `bootstrap_servers` instead).")
        }
        guard let connection else { return nil }
        guard let group else { return nil }
        return SourceConfiguration(connection: connection, topics: topics, consumerGroup: group,
                                   bootstrapServers: bootstrap, startFrom: startFrom ?? .earliest,
                                   kafkaProperties: properties)
    }

    private func decodeDestination(_ section: MappingReader) -> DestinationConfiguration? {
        defer { section.reportUnknownKeys() }
        let mode: DestinationMode? = section.choice("mode", required: true)
        let endpoint = section.string("endpoint", required: true,
                                      fix: "Set it to the SLS endpoint of the project's region, such as `cn-shanghai.log.aliyuncs.com`.")
        let scheme = section.choice("scheme", default: DestinationConfiguration.Scheme.https) ?? .https
        let connectAddress = section.string("connect_address")
        let project = section.string("project", required: true, fix: "Name the SLS project that receives the logs.")
        let logstore = section.string("logstore", required: true, fix: "Name the Logstore that receives the logs.")
        let accessKeyID = section.string("access_key_id", required: true,
                                         fix: "Set it to the AccessKey ID, usually as ${SLS_ACCESS_KEY_ID}.")
        let accessKeySecret = section.secret("access_key_secret", required: true,
                                             fix: "Set it to the AccessKey secret as ${SLS_ACCESS_KEY_SECRET} or with access_key_secret_file.")
        let topic = section.string("topic")
        let logSource = section.string("source")
        let compression = section.choice("compression", default: SLSCompression.lz4) ?? .lz4
        let concurrency = section.int("max_concurrent_requests", default: 8, range: 1...256, unit: "requests")
        let connectTimeout = section.int("connect_timeout_ms", default: 10_000, range: 100...600_000, unit: "milliseconds")
        let requestTimeout = section.int("request_timeout_ms", default: 60_000, range: 1_000...600_000, unit: "milliseconds")

        if let endpoint { validateEndpoint(endpoint, key: section.keyPath("endpoint"), reader: section.reader) }
        if let project, !Self.isValidProjectName(project) {
            section.reader.report(section.keyPath("project"), "is `\(project)`, which is not a valid SLS project name.",
                                  fix: "Use 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.")
        }
        if let logstore, !Self.isValidLogstoreName(logstore) {
            section.reader.report(section.keyPath("logstore"), "is `\(logstore)`, which is not a valid Logstore name.",
                                  fix: "Use 2 to 63 lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit.")
        }
        if let connectAddress, !Self.isHostAndPort(connectAddress) {
            section.reader.report(section.keyPath("connect_address"), "is `\(connectAddress)`, which is not host:port.",
                                  fix: "Write it as 127.0.0.1:18080 or [::1]:18080.")
        }

        guard let mode, let endpoint, let project, let logstore, let accessKeyID, let accessKeySecret else { return nil }
        return DestinationConfiguration(
            mode: mode, endpoint: endpoint, scheme: scheme, connectAddress: connectAddress, project: project,
            logstore: logstore, accessKeyID: accessKeyID, accessKeySecret: accessKeySecret, topic: topic,
            source: logSource, compression: compression, maxConcurrentRequests: concurrency,
            connectTimeoutMilliseconds: connectTimeout, requestTimeoutMilliseconds: requestTimeout
        )
    }

    private func decodeBatching(_ section: MappingReader) -> BatchingConfiguration {
        defer { section.reportUnknownKeys() }
        return BatchingConfiguration(
            maxEntries: section.int("max_entries", default: 4096, range: 1...BatchingConfiguration.maxEntriesLimit, unit: "entries"),
            maxBytes: section.int("max_bytes", default: 524_288, range: 1024...BatchingConfiguration.maxBytesLimit, unit: "bytes"),
            lingerMilliseconds: section.int("linger_ms", default: 2000, range: 0...600_000, unit: "milliseconds")
        )
    }

    private func decodeMeter(_ section: MappingReader) -> MeterConfiguration {
        defer { section.reportUnknownKeys() }
        let path = section.string("path") ?? BridgeConfiguration.defaultMeterPath
        let instance = section.string("instance_id") ?? hostName
        let resolved = path.hasPrefix("/") ? path : section.reader.baseDirectory + "/" + path
        return MeterConfiguration(path: resolved, instanceID: instance)
    }

    private func decodeLogging(_ section: MappingReader) -> LoggingConfiguration {
        defer { section.reportUnknownKeys() }
        var logging = LoggingConfiguration()
        if let levelName = section.string("level") {
            if let level = LogLevel(name: levelName) {
                logging.level = level
            } else {
                section.reader.report(section.keyPath("level"), "is `\(levelName)`, which is not a log level.",
                                      fix: "Use trace, debug, info, notice, warning, error or critical.")
            }
        }
        logging.format = section.choice("format", default: LogFormat.logfmt) ?? .logfmt
        if let rateLimit = section.section("rate_limit") {
            defer { rateLimit.reportUnknownKeys() }
            let defaults = LogRateLimit()
            logging.rateLimit = LogRateLimit(
                intervalMilliseconds: rateLimit.int("interval_ms", default: defaults.intervalMilliseconds,
                                                    range: 0...3_600_000, unit: "milliseconds"),
                burst: rateLimit.int("burst", default: defaults.burst, range: 1...100_000, unit: "lines")
            )
        }
        return logging
    }

    private func decodeMetrics(_ section: MappingReader) -> MetricsConfiguration {
        defer { section.reportUnknownKeys() }
        var metrics = MetricsConfiguration()
        metrics.enabled = section.bool("enabled", default: true)
        if let listen = section.string("listen") {
            if let (host, port) = MetricsConfiguration.parseListenAddress(listen) {
                metrics.host = host
                metrics.port = port
                metrics.isListenAddressExplicit = true
            } else {
                section.reader.report(section.keyPath("listen"), "is `\(listen)`, which is not a numeric address and port.",
                                      fix: "Write it as 127.0.0.1:\(MetricsConfiguration.defaultPort) or [::1]:\(MetricsConfiguration.defaultPort); host names are not resolved.")
            }
        }
        metrics.kafkaStatisticsIntervalMilliseconds = section.int(
            "kafka_statistics_interval_ms", default: metrics.kafkaStatisticsIntervalMilliseconds,
            range: 100...86_400_000, unit: "milliseconds"
        )
        if let readiness = section.section("readiness") {
            defer { readiness.reportUnknownKeys() }
            metrics.readiness.maxPollGapMilliseconds = readiness.int(
                "max_poll_gap_ms", default: metrics.readiness.maxPollGapMilliseconds, range: 1_000...3_600_000,
                unit: "milliseconds"
            )
            metrics.readiness.maxUndeliveredAgeMilliseconds = readiness.int(
                "max_undelivered_age_ms", default: metrics.readiness.maxUndeliveredAgeMilliseconds,
                range: 1_000...86_400_000, unit: "milliseconds"
            )
        }
        return metrics
    }

    // MARK: Rules

    private func validateEndpoint(_ endpoint: String, key: String, reader: ConfigReader) {
        if endpoint.contains("://") {
            reader.report(key, "is `\(endpoint)`, which includes a scheme.",
                          fix: "Write only the host, such as `cn-shanghai.log.aliyuncs.com`, and set `destination.scheme` if needed.")
        } else if endpoint.contains("/") || endpoint.contains(" ") || endpoint.isEmpty {
            reader.report(key, "is `\(endpoint)`, which is not a host name.",
                          fix: "Write only the host, such as `cn-shanghai.log.aliyuncs.com`.")
        }
    }

    static func isValidProjectName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count), isLowerAlphanumeric(bytes.first!), isLowerAlphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    static func isValidLogstoreName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (2...63).contains(bytes.count), isLowerAlphanumeric(bytes.first!), isLowerAlphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    static func isHostAndPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        let host = text[..<colon]
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port), !host.isEmpty else { return false }
        return true
    }
}

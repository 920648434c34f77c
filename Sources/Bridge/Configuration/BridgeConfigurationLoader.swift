import AzureLogs
import Core
import EventHubs
import Kafka
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

    /// Reads and validates the file at `path`. Relative paths in the file are taken from its folder, or from the
    /// working directory when `path` is a pipe, such as `--config <(envsubst < FILE)`.
    public func load(path: String) throws(ConfigurationError) -> BridgeConfiguration {
        let data: Data
        do {
            // A file handle reads pipes too, which Data(contentsOf:) rejects.
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            data = try handle.readToEnd() ?? Data()
        } catch {
            // The system's reason separates a missing file from a denied one.
            let reason = Self.readFailureReason(path: path)
            throw ConfigurationError(file: path, problems: [
                ConfigurationProblem(key: "(file)", problem: "cannot be read: \(reason).",
                                     fix: "Check that \(path) exists and that ehbridge may read it."),
            ])
        }
        var status = stat()
        let isRegularFile = stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        let directory = isRegularFile
            ? (path as NSString).deletingLastPathComponent : FileManager.default.currentDirectoryPath
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

        let source = requiredSection("source", in: top, fix: "Add a `source:` section naming the event hub.",
                                     decode: decodeSource)
        let destination = requiredSection("destination", in: top,
                                          fix: "Add a `destination:` section naming the SLS project and Logstore.",
                                          decode: decodeDestination)
        let batching = top.section("batching").map(decodeBatching) ?? BatchingConfiguration()
        let normalization = top.section("normalization").map(decodeNormalization) ?? NormalizationOptions()
        let meter = top.section("meter").map(decodeMeter)
            ?? MeterConfiguration(path: BridgeConfiguration.defaultMeterPath, instanceID: hostName)
        let logging = top.section("logging").map(decodeLogging) ?? LoggingConfiguration()
        let deadLetter = top.section("dead_letter").map(decodeDeadLetter) ?? DeadLetterConfiguration()
        let delivery = top.section("delivery").map(decodeDelivery) ?? DeliveryConfiguration()
        let pricing = top.section("pricing").map(decodePricing) ?? PricingConfiguration()
        let metrics = top.section("metrics").map(decodeMetrics) ?? MetricsConfiguration()
        top.reportUnknownKeys()
        // The Kafka client needs only the source and delivery sections, so a destination problem hides nothing.
        if let source {
            checkKafkaClient(source: source, delivery: delivery, reader: reader)
        }

        guard let source, let destination else { return nil }
        return BridgeConfiguration(source: source, destination: destination, batching: batching,
                                   normalization: normalization, meter: meter,
                                   deadLetter: deadLetter, delivery: delivery, logging: logging,
                                   pricing: pricing, metrics: metrics)
    }

    /// Decodes the section under `key`, or reports only the section as missing when it is absent or empty,
    /// because each of its required keys would otherwise be reported as missing too.
    private func requiredSection<Section>(
        _ key: String, in top: MappingReader, fix: String, decode: (MappingReader) -> Section?
    ) -> Section? {
        var isEmptyMapping = false
        if case .mapping(let entries, _)? = top.node(key) { isEmptyMapping = entries.isEmpty }
        guard top.contains(key), !isEmptyMapping else {
            _ = top.node(key)  // Marks a null `key:` as read, so that it is not also reported as unknown.
            top.reader.report(key, "is missing.", fix: fix)
            return nil
        }
        return top.section(key).flatMap(decode)
    }

    /// Returns why `path` cannot be opened for reading, in the system's words, such as "No such file or directory".
    private static func readFailureReason(path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "it is a folder"
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor < 0 else {
            close(descriptor)
            return "reading it failed"
        }
        return String(cString: strerror(errno))
    }

    /// Returns `text` ending with exactly one period.
    static func sentence(_ text: String) -> String {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix(".") { trimmed.removeLast() }
        return trimmed + "."
    }

    /// Reports what the Kafka client would refuse at start-up (owned keys, keys or values librdkafka rejects),
    /// so that a file `validate` accepts also starts.
    ///
    /// The checks of single keys run even when the file has other problems, so that `validate` lists them at once.
    /// With other problems a field may hold its default in place of an invalid value, so the fetch bound waits for
    /// valid delivery and kafka_properties sections, and the typed consumer fields wait until every other
    /// problem is fixed.
    private func checkKafkaClient(source: SourceConfiguration, delivery: DeliveryConfiguration, reader: ConfigReader) {
        // The consumer configuration names the first hub. Without one, `source.hub` is already reported.
        guard !source.topics.isEmpty else { return }
        let hasOtherProblems = !reader.problems.isEmpty
        // The fetch bound compares two values, so it needs both as written: not a default standing in for an
        // invalid value.
        let fetchBoundKeys: Set = ["delivery", "delivery.fetch_max_kbytes", "source.kafka_properties"]
        if !reader.problems.contains(where: { fetchBoundKeys.contains($0.key) }) {
            checkFetchBound(delivery, against: source.kafkaProperties, reader: reader)
        }
        var problems: [KafkaConfigurationError.Problem]
        do {
            problems = try BridgeService.consumerConfiguration(source: source, delivery: delivery, kind: .run,
                                                               logger: .disabled).problems()
        } catch EventHubsConfigurationError.invalidKafkaConfiguration(let error) {
            // The Event Hubs preset validates the configuration itself and throws with every owned key it finds.
            problems = error.problems
        } catch {
            if !hasOtherProblems {
                reader.report("source", "cannot become a Kafka consumer configuration: \(Self.sentence("\(error)"))",
                              fix: "Correct the source settings.")
            }
            return
        }
        // Both presets stop at the keys ehbridge owns, before librdkafka checks the other keys. Checking again
        // without the owned keys lists both at once.
        problems += Self.problemsOfOtherProperties(source: source, delivery: delivery, besides: problems)
        var reportedKeys = Set<String>()
        for problem in problems {
            switch problem {
            case .ownedProperty(let key, _):
                reportedKeys.insert(key)
                reader.report("source.kafka_properties.\(key)", "is a setting ehbridge owns, so it cannot be overridden.",
                              fix: Self.ownedPropertyFix(key))
            case .rejectedByLibrdkafka(let key?, let reason):
                reportedKeys.insert(key)
                let shownValue = Self.rejectedValueToShow(key: key, reason: reason, in: source.kafkaProperties)
                let problem = shownValue.map { "is \"\($0)\", which librdkafka rejects: \(Self.sentence(reason))" }
                    ?? "is rejected by librdkafka: \(Self.sentence(reason))"
                reader.report("source.kafka_properties.\(key)", problem,
                              fix: "Check the name and the value against librdkafka's configuration reference for version \(KafkaLibrary.version).")
            case .rejectedByLibrdkafka(nil, let reason):
                reader.report("source.kafka_properties", "is rejected by librdkafka: \(Self.sentence(reason))",
                              fix: "Check the properties against librdkafka's configuration reference.")
            case .missingValue, .invalidValue:
                if !hasOtherProblems {
                    reader.report("source", "gives an invalid Kafka setting: \(problem).", fix: "Correct the source settings.")
                }
            }
        }
        if case .plaintextKafka = source.connection {
            // security.protocol is owned and plaintext here, so librdkafka would accept TLS settings and ignore them.
            let keys = source.kafkaProperties.keys.sorted()
            for key in keys where key.lowercased().hasPrefix("ssl.") && !reportedKeys.contains(key) {
                reader.report("source.kafka_properties.\(key)",
                              "has no effect: with bootstrap_servers and no connection_string, ehbridge connects without TLS.",
                              fix: "Remove it. ehbridge uses TLS only with connection_string, for Event Hubs.")
            }
        }
    }

    /// Returns the value of `key` to quote next to librdkafka's `reason`, or nil to quote none.
    ///
    /// librdkafka's reason names the key but not the value. A value is quoted only when the key is a librdkafka
    /// property and its value was rejected ("Invalid value ..."), which happens only for numbers, booleans and lists
    /// of names, never for the free text that passwords and keys are. An unknown key, such as a misspelled credential, is
    /// never quoted, nor a key that looks like a credential, nor a long or multi-line value.
    static func rejectedValueToShow(key: String, reason: String, in properties: [String: String]) -> String? {
        guard reason.hasPrefix("Invalid value"), !KafkaProperties.looksLikeCredential(key),
              let value = properties[key], value.count <= 64, !value.contains(where: \.isNewline) else {
            return nil
        }
        return value
    }

    /// Returns what librdkafka rejects in `source` once the owned keys among `ownedProblems` are removed.
    private static func problemsOfOtherProperties(
        source: SourceConfiguration, delivery: DeliveryConfiguration,
        besides ownedProblems: [KafkaConfigurationError.Problem]
    ) -> [KafkaConfigurationError.Problem] {
        let ownedKeys = Set(ownedProblems.compactMap { problem -> String? in
            if case .ownedProperty(let key, _) = problem { key } else { nil }
        })
        guard !ownedKeys.isEmpty else { return [] }

        var others = source
        others.kafkaProperties = source.kafkaProperties.filter { !ownedKeys.contains($0.key) }
        guard let consumer = try? BridgeService.consumerConfiguration(source: others, delivery: delivery, kind: .run,
                                                                      logger: .disabled) else {
            return []
        }
        return consumer.problems().filter { problem in
            if case .rejectedByLibrdkafka = problem { true } else { false }
        }
    }

    /// The keys of this file that replace librdkafka properties ehbridge owns.
    private static let ownedPropertyReplacements = [
        "fetch.max.bytes": "delivery.fetch_max_kbytes",
        "queued.max.messages.kbytes": "delivery.prefetch_kbytes",
        "group.id": "source.consumer_group",
        "auto.offset.reset": "source.start_from",
        "partition.assignment.strategy": "source.partition_assignment_strategy",
        "session.timeout.ms": "source.session_timeout_ms",
        "heartbeat.interval.ms": "source.heartbeat_interval_ms",
        "bootstrap.servers": "source.bootstrap_servers",
        "ssl.ca.location": "source.ca_file",
        "ssl.ca.pem": "source.ca_file",
        "metadata.broker.list": "source.bootstrap_servers",
        "statistics.interval.ms": "metrics.kafka_statistics_interval_ms",
    ]

    /// Returns the fix for an owned librdkafka `key`: the key of this file to set instead, or why none exists.
    static func ownedPropertyFix(_ key: String) -> String {
        let normalized = key.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let replacement = ownedPropertyReplacements[normalized] {
            return "Remove it and set \(replacement) instead."
        }
        if ["max.partition.fetch.bytes", "fetch.message.max.bytes"].contains(normalized) {
            return "Remove it. ehbridge reads at most 1 MiB per partition and fetch, and delivery.fetch_max_kbytes bounds a whole fetch."
        }
        if ["enable.auto.commit", "auto.commit.enable", "enable.auto.offset.store", "auto.commit.interval.ms"].contains(normalized) {
            return "Remove it. ehbridge stores an offset only after the Logstore accepted its records, and commits offsets itself."
        }
        let isSecurity = normalized.hasPrefix("sasl.") || normalized.hasPrefix("ssl.") || normalized.hasPrefix("security.")
            || normalized == "enable.ssl.certificate.verification"
        if isSecurity {
            return "Remove it. ehbridge connects with TLS and SASL PLAIN from connection_string, or without either to bootstrap_servers alone."
        }
        let isCallback = normalized.hasSuffix("_cb")
            || ["opaque", "log.queue", "enabled_events", "default_topic_conf"].contains(normalized)
        if isCallback {
            return "Remove it. ehbridge installs its own callbacks."
        }
        return "Remove it. ehbridge sets it itself, and this file has no key for it."
    }

    /// Reports the limits librdkafka checks only when it creates the consumer, not when each property is set:
    /// `fetch.max.bytes` must be at least `message.max.bytes`, and an explicit `receive.message.max.bytes` must
    /// be at least `fetch.max.bytes` + 512. The properties are read as librdkafka reads them
    /// (``librdkafkaInteger(_:)``), and values outside librdkafka's ranges are left to its own range errors.
    private func checkFetchBound(_ delivery: DeliveryConfiguration, against properties: [String: String],
                                 reader: ConfigReader) {
        let key = "delivery.fetch_max_kbytes"
        let kibibytes = delivery.fetchMaxKilobytes
        let fetchBytes = delivery.fetchMaxBytes
        if let text = properties["message.max.bytes"], let messageBytes = Self.librdkafkaInteger(text),
           (1_000...1_000_000_000).contains(messageBytes), messageBytes > fetchBytes {
            let needed = (messageBytes + 1023) / 1024
            reader.report(key, "is \(kibibytes) kibibytes (\(fetchBytes) bytes), below source.kafka_properties.message.max.bytes (\(messageBytes) bytes). librdkafka requires fetch.max.bytes to be at least message.max.bytes.",
                          fix: "Set \(key) to \(needed) or more, or lower message.max.bytes.")
        }
        if let text = properties["receive.message.max.bytes"], let receiveBytes = Self.librdkafkaInteger(text),
           (1_000...Int(Int32.max)).contains(receiveBytes), receiveBytes < fetchBytes + 512 {
            let allowed = max(0, receiveBytes - 512) / 1024
            let lowerFetch = DeliveryConfiguration.fetchMaxKilobytesRange.contains(allowed)
                ? ", set \(key) to \(allowed) or less," : ","
            reader.report(key, "is \(kibibytes) kibibytes (\(fetchBytes) bytes), too large for source.kafka_properties.receive.message.max.bytes (\(receiveBytes) bytes). librdkafka requires receive.message.max.bytes to be at least fetch.max.bytes + 512.",
                          fix: "Raise receive.message.max.bytes to \(fetchBytes + 512) or more\(lowerFetch) or remove receive.message.max.bytes so that librdkafka sizes it.")
        }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Returns `text` read as librdkafka reads an integer property: `strtol` with base 0, so leading white
    /// space, a sign, and `0x` or `0` prefixes count, and reading stops at the first other character. The result
    /// is cast to a 32-bit `int` as librdkafka does. Returns nil where librdkafka finds no digits, which it
    /// rejects itself.
    static func librdkafkaInteger(_ text: String) -> Int? {
        text.withCString { start in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtol(start, &end, 0)
            guard let end, end != UnsafeMutablePointer(mutating: start) else { return nil }
            return Int(Int32(truncatingIfNeeded: value))
        }
    }

    // MARK: Sections

    private func decodeSource(_ section: MappingReader) -> SourceConfiguration? {
        defer { section.reportUnknownKeys() }
        let connectionString = section.secret(
            "connection_string", required: false,
            fix: "Set it to the namespace connection string (Listen rights), usually as ${EVENTHUBS_CONNECTION_STRING}.",
            composite: true
        )
        // librdkafka, Vector and Fluent Bit take several servers as one comma-separated string, so an item may
        // hold several.
        let bootstrapItems = (section.stringListItems("bootstrap_servers") ?? []).flatMap { item in
            item.value.split(separator: ",", omittingEmptySubsequences: false).map { part in
                (keyPath: item.keyPath, value: part.trimmingCharacters(in: .whitespaces))
            }
        }
        let bootstrap = bootstrapItems.map(\.value)
        let single = section.stringListItems("hub")
        let several = section.stringListItems("hubs")
        if single != nil, several != nil {
            section.reader.report(section.keyPath("hubs"), "is given together with `hub`.",
                                  fix: "Keep one of them: `hub: name` for one event hub, `hubs: [a, b]` for several.")
        }
        let topicItems = single ?? several ?? []
        let topics = topicItems.map(\.value)
        checkBootstrapServers(bootstrapItems, reader: section.reader)
        checkHubNames(topicItems, reader: section.reader)
        if topics.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            section.reader.report(section.keyPath(single != nil ? "hub" : "hubs"), "names an empty event hub.",
                                  fix: "Write the event hub's name, such as `insights-logs-auditevent`.")
        }
        let group = section.string("consumer_group", required: true,
                                   fix: "Name a Kafka consumer group unique to this deployment, such as `ehbridge-prod`.")
        let startFrom = section.choice("start_from", default: SourceConfiguration.StartPosition.earliest)
        // librdkafka opens a relative path from the working directory, which is `/` under systemd. Like meter.path
        // and ca_file, a relative `*.location` file is taken from the configuration file's folder.
        let properties = (section.stringMap("kafka_properties") ?? [:]).reduce(into: [String: String]()) { result, entry in
            let isFile = entry.key.lowercased().hasSuffix(".location") && !entry.value.isEmpty
                && !entry.value.hasPrefix("/") && entry.value != "probe"
            result[entry.key] = isFile ? section.reader.baseDirectory + "/" + entry.value : entry.value
        }
        let caFile = section.string("ca_file").map { $0.hasPrefix("/") ? $0 : section.reader.baseDirectory + "/" + $0 }
        if let caFile {
            if connectionString == nil {
                section.reader.report(section.keyPath("ca_file"), "is set, but without `connection_string` the brokers are "
                    + "reached without TLS.", fix: "Remove `ca_file`, or set `connection_string`.")
            } else if !FileManager.default.isReadableFile(atPath: caFile) || Self.isFolder(caFile) {
                section.reader.report(section.keyPath("ca_file"), "names \(caFile), which is not a readable file.",
                                      fix: "Give a readable PEM file of CA certificates, or remove the key to use the system store.")
            }
        }
        let strategy = section.choice("partition_assignment_strategy",
                                      default: KafkaConsumerConfiguration.PartitionAssignmentStrategy.range) ?? .range
        let sessionTimeout = section.int("session_timeout_ms", default: 30_000, range: 6_000...300_000, unit: "milliseconds")
        let heartbeat = section.int("heartbeat_interval_ms", default: 3_000, range: 100...100_000, unit: "milliseconds")
        if heartbeat * 3 > sessionTimeout {
            let value = section.contains("heartbeat_interval_ms") ? "is \(heartbeat) ms" : "is \(heartbeat) ms (the default)"
            section.reader.report(section.keyPath("heartbeat_interval_ms"), "\(value), more than a third of the session timeout (\(sessionTimeout) ms).",
                                  fix: "Set it to \(sessionTimeout / 3) ms or less, or raise session_timeout_ms.")
        }

        if topics.isEmpty {
            section.reader.report(section.keyPath("hub"), "is missing.",
                                  fix: "Name the event hub to read (its Kafka topic), such as `insights-logs-auditevent`.")
        }
        if let group, group.count > 248 {
            section.reader.report(section.keyPath("consumer_group"), "is \(group.count) characters long.",
                                  fix: "Use at most 248 characters: Event Hubs allows Kafka consumer group names of at most 256, "
                                      + "and the dry run reads as `<group>-dry-run`.")
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
                // The string may come from connection_string_file, whose key the operator must be sent to.
                let fromFile = section.contains("connection_string_file")
                section.reader.report(section.keyPath(fromFile ? "connection_string_file" : "connection_string"),
                                      fromFile ? "names a file whose connection string is invalid. \(error)" : "is invalid. \(error)",
                                      fix: "The Azure portal shows it under the namespace's Shared access policies; use a policy with Listen rights.")
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
                                   sessionTimeoutMilliseconds: sessionTimeout, heartbeatIntervalMilliseconds: heartbeat,
                                   assignmentStrategy: strategy, caFile: caFile, kafkaProperties: properties)
    }

    private func decodeDestination(_ section: MappingReader) -> DestinationConfiguration? {
        defer { section.reportUnknownKeys() }
        let mode: DestinationMode? = section.choice("mode", required: true)
        let endpoint = section.string("endpoint", required: true,
                                      fix: "Set it to the SLS endpoint of the project's region, such as `cn-shanghai.log.aliyuncs.com`.")
        let scheme = section.choice("scheme", default: DestinationConfiguration.Scheme.https) ?? .https
        let caFile = section.string("ca_file").map { $0.hasPrefix("/") ? $0 : section.reader.baseDirectory + "/" + $0 }
        let connectAddress = section.string("connect_address")
        let project = section.string("project", required: true, fix: "Name the SLS project that receives the logs.")
        let logstore = section.string("logstore", required: true, fix: "Name the Logstore that receives the logs.")
        let credentials = decodeDestinationCredentials(section)
        let signature = decodeDestinationSignature(section, endpoint: endpoint)
        let topic = section.string("topic")
        let logSource = section.string("source")
        let compression = section.choice("compression", default: SLSCompression.lz4) ?? .lz4
        let shardHashField = section.string("shard_hash_field")
        let shardHashBuckets = section.contains("shard_hash_buckets")
            ? section.int("shard_hash_buckets", default: 0, range: 1...ShardHashKey.maxBuckets, unit: "buckets") : nil
        let concurrency = section.int("max_concurrent_requests", default: 8, range: 1...256, unit: "requests")
        let maxConnections = section.contains("max_connections")
            ? section.int("max_connections", default: concurrency, range: 1...256, unit: "connections") : nil
        let maxBytesPerSecond = section.contains("max_bytes_per_second")
            ? section.int("max_bytes_per_second", default: 0, range: 65_536...10_737_418_240, unit: "bytes per second")
            : nil
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
        if let caFile {
            if scheme != .https {
                section.reader.report(section.keyPath("ca_file"), "is set, but `scheme` is `\(scheme.rawValue)`.",
                                      fix: "Remove `ca_file`, or use `scheme: https`.")
            } else if !FileManager.default.isReadableFile(atPath: caFile) {
                section.reader.report(section.keyPath("ca_file"), "names the file \(caFile), which cannot be read.",
                                      fix: "Give a readable PEM file of CA certificates, or remove the key to use the system store.")
            }
        }
        if let shardHashField, shardHashField.isEmpty {
            section.reader.report(section.keyPath("shard_hash_field"), "is empty.",
                                  fix: "Name the log field whose value picks the shard, such as `resourceId`, or remove the key.")
        }
        if let shardHashBuckets, shardHashBuckets != 0, !ShardHashKey.isValidBucketCount(shardHashBuckets) {
            section.reader.report(section.keyPath("shard_hash_buckets"), "is \(shardHashBuckets), which is not a power of two.",
                                  fix: "Use 1, 2, 4, 8, 16, 32, 64, 128 or 256.")
        } else if shardHashBuckets != nil, shardHashField == nil {
            section.reader.report(section.keyPath("shard_hash_buckets"), "is set without `shard_hash_field`.",
                                  fix: "Name the field to route by in `shard_hash_field`, or remove `shard_hash_buckets`.")
        }
        if let maxConnections, maxConnections < concurrency {
            section.reader.report(section.keyPath("max_connections"),
                                  "is \(maxConnections), fewer than max_concurrent_requests (\(concurrency)).",
                                  fix: "Each request in flight needs its own HTTP/1.1 connection: raise max_connections or lower max_concurrent_requests.")
        }
        // Without connect_address a request goes to {project}.{endpoint} as DNS resolves it, so no endpoint makes
        // plain HTTP stay on this machine.
        if scheme == .http, connectAddress == nil, let endpoint {
            section.reader.report(section.keyPath("scheme"),
                                  "is `http` for the endpoint `\(endpoint)` without `connect_address`: requests, their signatures and STS tokens would cross the network unencrypted.",
                                  fix: "Use `scheme: https`. `http` is only for an SLS-compatible test server: set `connect_address` to its address and port, such as 127.0.0.1:18080.")
        }
        if let connectAddress, !Self.isHostAndPort(connectAddress) {
            section.reader.report(section.keyPath("connect_address"), "is `\(connectAddress)`, which is not host:port.",
                                  fix: "Write it as 127.0.0.1:18080 or [::1]:18080.")
        }

        guard let mode, let endpoint, let project, let logstore, let credentials else { return nil }
        return DestinationConfiguration(
            mode: mode, endpoint: endpoint, scheme: scheme, caFile: caFile, connectAddress: connectAddress,
            region: signature.region, project: project, logstore: logstore, credentials: credentials,
            signatureScheme: signature.scheme, topic: topic, source: logSource, compression: compression,
            shardHashField: shardHashField?.isEmpty == false ? shardHashField : nil,
            shardHashBuckets: shardHashBuckets != 0 ? shardHashBuckets : nil,
            maxConcurrentRequests: concurrency, maxConnections: maxConnections, maxBytesPerSecond: maxBytesPerSecond,
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

    private func decodeNormalization(_ section: MappingReader) -> NormalizationOptions {
        defer { section.reportUnknownKeys() }
        var options = NormalizationOptions()
        if let names = section.stringList("derived_fields") {
            do {
                options.derivedFields = try DerivedFieldSet(configurationNames: names)
            } catch {
                section.reader.report(section.keyPath("derived_fields"), "names `\(error.name)`, which is not a derived field.",
                                      fix: "Use all, none or a list of: \(Self.memberNames(error.accepted)).")
            }
        }
        if let names = section.stringList("sanitizers") {
            do {
                options.sanitizers = try SanitizerSet(configurationNames: names)
            } catch {
                section.reader.report(section.keyPath("sanitizers"), "names `\(error.name)`, which is not a sanitizer.",
                                      fix: "Use all, none or a list of: \(Self.memberNames(error.accepted)).")
            }
        }
        options.expandFlowTuples = section.bool("expand_flow_tuples", default: false)
        options.headerTags = section.bool("header_tags", default: true)
        if let limits = section.section("limits") {
            defer { limits.reportUnknownKeys() }
            let defaults = NormalizationLimits()
            options.limits = NormalizationLimits(
                maximumValueBytes: limits.int("max_value_bytes", default: defaults.maximumValueBytes, range: 64...10_000_000, unit: "bytes"),
                maximumEntryBytes: limits.int("max_entry_bytes", default: defaults.maximumEntryBytes, range: 256...10_000_000, unit: "bytes"),
                maximumKeyBytes: limits.int("max_key_bytes", default: defaults.maximumKeyBytes, range: 16...128, unit: "bytes"),
                maximumAgeSeconds: Int64(limits.int("max_age_seconds", default: Int(defaults.maximumAgeSeconds), range: 60...31_536_000, unit: "seconds")),
                maximumFutureSeconds: Int64(limits.int("max_future_seconds", default: Int(defaults.maximumFutureSeconds), range: 0...86_400, unit: "seconds")),
                maximumInflatedBytes: limits.int("max_inflated_bytes", default: defaults.maximumInflatedBytes, range: 1_048_576...1_073_741_824, unit: "bytes"),
                maximumLogGroupBytes: limits.int("max_log_group_bytes", default: defaults.maximumLogGroupBytes, range: 1_024...BatchingConfiguration.maxBytesLimit, unit: "bytes"),
                maximumLogGroupEntries: limits.int("max_log_group_entries", default: defaults.maximumLogGroupEntries, range: 1...BatchingConfiguration.maxEntriesLimit, unit: "entries")
            )
            for problem in options.limits.problems() {
                section.reader.report(limits.path, Self.sentence(problem),
                                      fix: "Adjust the named limit; each limit must also fit inside the larger ones.")
            }
        }
        return options
    }

    private func decodeMeter(_ section: MappingReader) -> MeterConfiguration {
        defer { section.reportUnknownKeys() }
        // A template that renders an empty value must not send the meter to the default path unnoticed.
        if section.isWrittenWithoutValue("path") {
            section.reader.report(section.keyPath("path"), "has no value.",
                                  fix: "Name an SQLite file, such as /var/lib/ehbridge/meter.sqlite, or remove the key for that default.")
        }
        let path = section.string("path") ?? BridgeConfiguration.defaultMeterPath
        let instance = section.string("instance_id") ?? hostName
        let resolved = path.hasPrefix("/") ? path : section.reader.baseDirectory + "/" + path
        checkDatabasePath(path, resolved: resolved, key: section.keyPath("path"), reader: section.reader)
        return MeterConfiguration(path: resolved, instanceID: instance)
    }

    private func decodeDeadLetter(_ section: MappingReader) -> DeadLetterConfiguration {
        defer { section.reportUnknownKeys() }
        if section.isWrittenWithoutValue("path") {
            section.reader.report(section.keyPath("path"), "has no value.",
                                  fix: "Name an SQLite file, or remove the key to keep dead letters in the meter file.")
        }
        guard let path = section.string("path") else { return DeadLetterConfiguration() }
        let resolved = path.hasPrefix("/") ? path : section.reader.baseDirectory + "/" + path
        checkDatabasePath(path, resolved: resolved, key: section.keyPath("path"), reader: section.reader)
        return DeadLetterConfiguration(path: resolved)
    }

    /// Reports a database path that can never work: empty, an existing folder, or under a file. Whether the
    /// file can be created or written is for `ehbridge check`, which runs as the service's user.
    private func checkDatabasePath(_ path: String, resolved: String, key: String, reader: ConfigReader) {
        let fix = "Name an SQLite file, such as /var/lib/ehbridge/meter.sqlite; a missing folder is created."
        if path.isEmpty {
            reader.report(key, "is empty.", fix: fix)
            return
        }
        if path.hasSuffix("/") {
            reader.report(key, "is `\(path)`, which names a folder, not a file.", fix: fix)
            return
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder), isFolder.boolValue {
            reader.report(key, "names the folder \(resolved), not a file.", fix: fix)
            return
        }
        var parent = (resolved as NSString).deletingLastPathComponent
        while !parent.isEmpty, parent != "/" {
            if FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder) {
                if !isFolder.boolValue {
                    reader.report(key, "is under \(parent), which is a file, not a folder.", fix: fix)
                }
                return
            }
            parent = (parent as NSString).deletingLastPathComponent
        }
    }

    private func decodeDelivery(_ section: MappingReader) -> DeliveryConfiguration {
        defer { section.reportUnknownKeys() }
        let defaults = DeliveryConfiguration()
        let maxInFlight = section.int("max_bytes_in_flight", default: defaults.maxBytesInFlight,
                                      range: 1_048_576...17_179_869_184, unit: "bytes")
        // The default is half of the limit: 16 MiB with the default limit, as documented.
        let resume = section.int("resume_bytes_in_flight", default: maxInFlight / 2,
                                 range: 0...17_179_869_184, unit: "bytes")
        if resume >= maxInFlight {
            // Equal values would resume partitions as soon as they are paused.
            section.reader.report(section.keyPath("resume_bytes_in_flight"), "is not below max_bytes_in_flight (\(maxInFlight)).",
                                  fix: "Set it below max_bytes_in_flight, for example to half of it.")
        }
        let base = section.int("retry_base_ms", default: defaults.retryBaseMilliseconds, range: 1...60_000, unit: "milliseconds")
        let cap = section.int("retry_max_ms", default: defaults.retryMaxMilliseconds, range: 100...3_600_000, unit: "milliseconds")
        if base > cap {
            section.reader.report(section.keyPath("retry_base_ms"), "is larger than retry_max_ms (\(cap)).",
                                  fix: "Set retry_base_ms below retry_max_ms.")
        }
        return DeliveryConfiguration(
            maxBytesInFlight: maxInFlight, resumeBytesInFlight: resume, retryBaseMilliseconds: base, retryMaxMilliseconds: cap,
            operatorRetryMaxMilliseconds: section.int("operator_retry_max_ms", default: defaults.operatorRetryMaxMilliseconds,
                                                      range: 1_000...3_600_000, unit: "milliseconds"),
            shutdownTimeoutMilliseconds: section.int("shutdown_timeout_ms", default: defaults.shutdownTimeoutMilliseconds,
                                                     range: 0...3_600_000, unit: "milliseconds"),
            prefetchKilobytes: section.int("prefetch_kbytes", default: defaults.prefetchKilobytes,
                                                       range: 1_024...2_097_151, unit: "kibibytes"),
            fetchMaxKilobytes: section.int("fetch_max_kbytes", default: defaults.fetchMaxKilobytes,
                                           range: DeliveryConfiguration.fetchMaxKilobytesRange, unit: "kibibytes")
        )
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
            } else if let colon = listen.lastIndex(of: ":"), case let port = listen[listen.index(after: colon)...],
                      !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }), UInt16(port) == nil {
                section.reader.report(section.keyPath("listen"), "is `\(listen)`, whose port \(port) is above 65535.",
                                      fix: "Use a port from 0 to 65535, such as \(MetricsConfiguration.defaultPort).")
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

    /// Returns the accepted names of an option set without `all` and `none`, which the fix names on their own.
    private static func memberNames(_ accepted: [String]) -> String {
        accepted.filter { $0 != "all" && $0 != "none" }.joined(separator: ", ")
    }

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
}

import Core
import Foundation
import Kafka
import Testing
@testable import Bridge

@Suite struct BridgeConfigurationLoaderTests {
    static let connectionString =
        "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen-bridge;SharedAccessKey=AAAAexampleKeyForLoaderTests0000000000000=;"
    static let environment = [
        "EVENTHUBS_CONNECTION_STRING": connectionString,
        "SLS_ACCESS_KEY_ID": "example-access-key-id",
        "SLS_ACCESS_KEY_SECRET": "example-access-key-secret-for-loader-tests",
    ]

    private let loader = BridgeConfigurationLoader(environment: environment, hostName: "test-host")

    /// The smallest configuration that loads, which other suites vary too.
    static let validText = """
        source:
          connection_string: ${EVENTHUBS_CONNECTION_STRING}
          hub: insights-logs-auditevent
          consumer_group: ehbridge-test
        destination:
          mode: user-log-service
          endpoint: cn-shanghai.log.aliyuncs.com
          project: example-project
          logstore: azure-logs
          access_key_id: ${SLS_ACCESS_KEY_ID}
          access_key_secret: ${SLS_ACCESS_KEY_SECRET}
        meter:
          path: /tmp/meter.sqlite
        """

    private let valid = Self.validText

    @Test func missingFileNamesSystemReason() {
        do {
            _ = try loader.load(path: "/nonexistent/ehbridge.yaml")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.problems.map(\.problem) == ["cannot be read: No such file or directory."])
        }
    }

    @Test func folderIsNamedAsFolder() {
        do {
            _ = try loader.load(path: NSTemporaryDirectory())
            Issue.record("a folder loaded as a configuration file")
        } catch {
            #expect(error.problems.map(\.problem) == ["cannot be read: it is a folder."])
        }
    }

    @Test func pipeIsReadWithWorkingDirectoryAsBase() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loader-pipe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("bridge.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let text = valid.replacingOccurrences(of: "path: /tmp/meter.sqlite", with: "path: state/meter.sqlite")
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(text.utf8))
                try? handle.close()
            }
        }
        writer.start()

        let configuration = try loader.load(path: fifo)

        #expect(configuration.meter.path == FileManager.default.currentDirectoryPath + "/state/meter.sqlite")
    }

    @Test func exampleConfigurationIsValid() throws {
        let path = PackagePaths.root.appendingPathComponent("docs/configuration.example.yaml").path
        let configuration = try loader.load(path: path)
        #expect(configuration.source.topics == ["insights-logs-auditevent"])
        #expect(configuration.destination.mode == .dedicatedChannel)
        #expect(configuration.batching == BatchingConfiguration())
        #expect(configuration.delivery == DeliveryConfiguration())
        #expect(configuration.meter.path == "/var/lib/ehbridge/meter.sqlite")
        guard case .eventHubs(let parsed) = configuration.source.connection else {
            Issue.record("expected an Event Hubs connection")
            return
        }
        #expect(parsed.namespaceHost == "ns-example.servicebus.windows.net")
    }

    @Test func validFileGivesTypedValues() throws {
        let configuration = try loader.load(yaml: valid)
        #expect(configuration.destination.project == "example-project")
        #expect(configuration.destination.accessKeySecret?.revealed() == "example-access-key-secret-for-loader-tests")
        #expect(configuration.destination.scheme == .https)
        #expect(configuration.meter.instanceID == "test-host")
        #expect(configuration.source.startFrom == .earliest)
    }

    @Test func reportsEveryProblemAtOnce() {
        let text = """
            source:
              hub: insights-logs-auditevent
            destination:
              mode: somewhere-else
              endpoint: https://cn-shanghai.log.aliyuncs.com
              project: Bad_Project
              logstore: azure-logs
            batching:
              max_bytes: 99999999999
              linger: 5
            """
        #expect(throws: ConfigurationError.self) { try loader.load(yaml: text) }
        do {
            _ = try loader.load(yaml: text)
        } catch {
            let keys = error.problems.map(\.key)
            #expect(keys.contains("source.consumer_group"))
            #expect(keys.contains("source.connection_string"))
            #expect(keys.contains("destination.mode"))
            #expect(keys.contains("destination.endpoint"))
            #expect(keys.contains("destination.project"))
            #expect(keys.contains("destination.access_key_id"))
            #expect(keys.contains("destination.access_key_secret"))
            #expect(keys.contains("batching.max_bytes"))
            #expect(keys.contains("batching.linger"))
            let linger = error.problems.first { $0.key == "batching.linger" }
            #expect(linger?.fix.contains("linger_ms") == true)
            #expect(error.problems.allSatisfy { !$0.fix.isEmpty })
        }
    }

    @Test func unsetEnvironmentVariableIsNamed() {
        let loader = BridgeConfigurationLoader(environment: [:], hostName: "h")
        do {
            _ = try loader.load(yaml: valid)
            Issue.record("expected a configuration error")
        } catch {
            let problem = error.problems.first { $0.key == "source.connection_string" }
            #expect(problem?.problem.contains("EVENTHUBS_CONNECTION_STRING") == true)
            #expect(problem?.fix.contains("Export EVENTHUBS_CONNECTION_STRING") == true)
        }
    }

    @Test func literalConnectionStringUserIsNotExpanded() throws {
        let references = EnvironmentReferences(environment: ["ConnectionString": "wrong"])
        #expect(try references.expand("$ConnectionString") == "$ConnectionString")
        #expect(try references.expand("a$${b}") == "a${b}")
        #expect(try references.expand("${ConnectionString}x") == "wrongx")
    }

    @Test func secretIsReadFromFile() throws {
        let directory = try PackagePaths.temporaryDirectory("config")
        try "secret-from-a-file-0001\n".write(toFile: directory + "/sls-secret", atomically: true, encoding: .utf8)
        let text = valid.replacingOccurrences(of: "access_key_secret: ${SLS_ACCESS_KEY_SECRET}",
                                              with: "access_key_secret_file: sls-secret")
        let configuration = try loader.load(yaml: text, baseDirectory: directory)
        #expect(configuration.destination.accessKeySecret?.revealed() == "secret-from-a-file-0001")
    }

    @Test func invalidConnectionStringFileNamesFileKey() throws {
        let directory = try PackagePaths.temporaryDirectory("config")
        try "Endpoint=sb://example.servicebus.windows.net/;EntityPath=hub\n"
            .write(toFile: directory + "/connection", atomically: true, encoding: .utf8)
        let text = valid.replacingOccurrences(of: "connection_string: ${EVENTHUBS_CONNECTION_STRING}",
                                              with: "connection_string_file: connection")
        do {
            _ = try loader.load(yaml: text, baseDirectory: directory)
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.key) == ["source.connection_string_file"])
            #expect(error.problems.first?.problem.hasPrefix("names a file whose connection string is invalid.") == true)
        }
    }

    @Test func printedPlaceholderIsNoSecret() {
        let text = valid.replacingOccurrences(of: "access_key_secret: ${SLS_ACCESS_KEY_SECRET}",
                                              with: "access_key_secret: \"<redacted>\"")
        do {
            _ = try loader.load(yaml: text)
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.key) == ["destination.access_key_secret"])
            #expect(error.description.contains("placeholder"))
        }
    }

    @Test func invalidConnectionStringDoesNotLeakKey() {
        let text = valid.replacingOccurrences(
            of: "${EVENTHUBS_CONNECTION_STRING}",
            with: "sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=LeakCheckKey00000000000="
        )
        do {
            _ = try loader.load(yaml: text)
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.key) == ["source.connection_string"])
            #expect(!error.description.contains("LeakCheckKey"))
            #expect(error.description.contains("Endpoint="))
        }
    }

    @Test func entityPathForOtherHubIsRejected() {
        let text = valid.replacingOccurrences(
            of: "${EVENTHUBS_CONNECTION_STRING}", with: Self.connectionString + "EntityPath=other-hub"
        )
        do {
            _ = try loader.load(yaml: text)
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.map(\.key) == ["source.hub"])
        }
    }

    @Test func unknownKeyGetsSuggestion() {
        let text = valid + "\nbatching:\n  max_entrys: 10\n"
        do {
            _ = try loader.load(yaml: text)
            Issue.record("expected a configuration error")
        } catch {
            let problem = error.problems.first { $0.key == "batching.max_entrys" }
            #expect(problem?.fix.contains("max_entries") == true)
        }
    }

    @Test func resumeDefaultsToHalfLimit() throws {
        let defaults = try loader.load(yaml: valid)
        #expect(defaults.delivery.maxBytesInFlight == 33_554_432)
        #expect(defaults.delivery.resumeBytesInFlight == 16_777_216)

        let raised = try loader.load(yaml: valid + "\ndelivery:\n  max_bytes_in_flight: 134217728\n")
        #expect(raised.delivery.resumeBytesInFlight == 67_108_864)
    }

    @Test func fetchBoundReachesConsumer() throws {
        let defaults = try loader.load(yaml: valid)
        #expect(defaults.delivery.fetchMaxKilobytes == 16_384)
        #expect(try BridgeService.consumerConfiguration(defaults, kind: .run, logger: .disabled).fetchMaxBytes == 16_777_216)

        let lowered = try loader.load(yaml: valid + "\ndelivery:\n  fetch_max_kbytes: 2048\n")
        #expect(try BridgeService.consumerConfiguration(lowered, kind: .run, logger: .disabled).fetchMaxBytes == 2_097_152)
        #expect(try BridgeService.consumerConfiguration(lowered, kind: .dryRun, logger: .disabled).fetchMaxBytes == 2_097_152)
    }

    @Test func sourceCAFileReachesTLSOptions() throws {
        let folder = try PackagePaths.temporaryDirectory("source-ca")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "-----BEGIN CERTIFICATE-----\n".write(toFile: folder + "/ca.pem", atomically: true, encoding: .utf8)
        let text = valid.replacingOccurrences(of: "  consumer_group: ehbridge-test\n",
                                              with: "  consumer_group: ehbridge-test\n  ca_file: \(folder)/ca.pem\n")

        let configuration = try loader.load(yaml: text)
        let consumer = try BridgeService.consumerConfiguration(configuration, kind: .run, logger: .disabled)

        #expect(configuration.source.caFile == folder + "/ca.pem")
        guard case .saslSSL(_, let tls) = consumer.security else {
            Issue.record("expected SASL_SSL, got \(consumer.security)")
            return
        }
        #expect(tls.caLocation == folder + "/ca.pem")
    }

    /// The dry run reads as `<group>-dry-run`, which must stay within the 256 characters Event Hubs allows.
    @Test func groupLeavesRoomForDryRunSuffix() {
        let text = valid.replacingOccurrences(of: "consumer_group: ehbridge-test", with: "consumer_group: " + String(repeating: "g", count: 249))

        let problem = loadProblems(text).first { $0.key == "source.consumer_group" }

        #expect(problem?.fix.contains("at most 248 characters") == true)
    }

    @Test func unreadableSourceCAFileIsRejected() {
        let text = valid.replacingOccurrences(of: "  consumer_group: ehbridge-test\n",
                                              with: "  consumer_group: ehbridge-test\n  ca_file: /nonexistent/ca.pem\n")

        let problem = loadProblems(text).first { $0.key == "source.ca_file" }

        #expect(problem?.problem.contains("/nonexistent/ca.pem, which is not a readable file") == true)
    }

    @Test(arguments: ["ssl.ca.pem", "ssl.ca.location"])
    func caPropertiesPointToSourceCAFile(property: String) {
        let text = valid.replacingOccurrences(of: "  consumer_group: ehbridge-test\n",
                                              with: "  consumer_group: ehbridge-test\n  kafka_properties:\n    \(property): x\n")

        let problem = loadProblems(text).first { $0.key.hasPrefix("source.kafka_properties") }

        #expect(problem?.fix.contains("source.ca_file") == true, "\(loadProblems(text))")
    }

    /// Returns the valid configuration with `properties` under `source.kafka_properties` and `fetch_max_kbytes`.
    private func withFetchBound(_ kibibytes: some CustomStringConvertible, kafkaProperties properties: String? = nil) -> String {
        var text = valid
        if let properties {
            text = text.replacingOccurrences(of: "  consumer_group: ehbridge-test\n",
                                             with: "  consumer_group: ehbridge-test\n  kafka_properties:\n    \(properties)\n")
        }
        return text + "\ndelivery:\n  fetch_max_kbytes: \(kibibytes)\n"
    }

    /// Returns the problems reported when `text` is loaded; empty when it loads.
    private func loadProblems(_ text: String) -> [ConfigurationProblem] {
        do {
            _ = try loader.load(yaml: text)
            return []
        } catch {
            return error.problems
        }
    }

    /// Returns the problem reported at `delivery.fetch_max_kbytes` when `text` is loaded, or nil.
    private func fetchBoundProblem(_ text: String) -> ConfigurationProblem? {
        loadProblems(text).first { $0.key == "delivery.fetch_max_kbytes" }
    }

    @Test func fetchBoundBelowOneMebibyteIsRejected() {
        let problem = fetchBoundProblem(withFetchBound(512))

        #expect(problem?.problem.contains("512 kibibytes, outside the allowed range") == true)
        #expect(problem?.fix.contains("between 1024 and 2097151 kibibytes") == true)
    }

    @Test(arguments: [
        ("99999999999999999999", "99999999999999999999"), ("-99999999999999999999", "-99999999999999999999"),
        ("+99999999999999999999", "+99999999999999999999"), ("99_999_999_999_999_999_999", "99999999999999999999"),
    ])
    func integerBeyondIntIsOutOfRange(_ text: String, expected: String) {
        let problem = fetchBoundProblem(withFetchBound(text))

        #expect(problem?.problem == "is \(expected) kibibytes, outside the allowed range.")
        #expect(problem?.fix.contains("between 1024 and 2097151 kibibytes") == true)
    }

    @Test(arguments: ["16k", "+", "_", "+-5", "١٢"])
    func integerTextIsNotAWholeNumber(_ text: String) {
        let problem = fetchBoundProblem(withFetchBound(text))

        #expect(problem?.problem == "is `\(text)`, which is not a whole number.")
    }

    @Test func fetchBoundBelowMessageMaxBytesIsRejected() {
        let problem = fetchBoundProblem(withFetchBound(1024, kafkaProperties: "message.max.bytes: \"2000000\""))

        #expect(problem?.problem.contains("below source.kafka_properties.message.max.bytes (2000000 bytes)") == true)
        #expect(problem?.fix.contains("to 1954 or more") == true)
    }

    @Test func fetchBoundAboveReceiveLimitIsRejected() {
        let problem = fetchBoundProblem(withFetchBound(32768, kafkaProperties: "receive.message.max.bytes: \"20000000\""))

        #expect(problem?.problem.contains("too large for source.kafka_properties.receive.message.max.bytes") == true)
        #expect(problem?.fix.contains("to 33554944 or more") == true)
        #expect(problem?.fix.contains("to 19530 or less") == true)
    }

    @Test func fetchBoundWithinReceiveLimitLoads() throws {
        let text = withFetchBound(19530, kafkaProperties: "receive.message.max.bytes: \"20000000\"")

        #expect(try loader.load(yaml: text).delivery.fetchMaxKilobytes == 19_530)
    }

    @Test(arguments: [" 2000000", "0x1E8480", "2000000 "])
    func fetchBoundReadsPropertiesAsLibrdkafka(_ value: String) {
        let problem = fetchBoundProblem(withFetchBound(1024, kafkaProperties: "message.max.bytes: \"\(value)\""))

        #expect(problem?.problem.contains("(2000000 bytes)") == true)
    }

    @Test func fetchBoundFixStaysWithinRange() {
        let problem = fetchBoundProblem(withFetchBound(1024, kafkaProperties: "receive.message.max.bytes: \"1000000\""))

        #expect(problem?.fix.contains("Raise receive.message.max.bytes to 1049088 or more") == true)
        #expect(problem?.fix.contains("or less") == false)
    }

    @Test func ownedFetchPropertyNamesReplacementKey() {
        let properties = "fetch.max.bytes: \"1048576\"\n    message.max.bytes: \"2000000\""
        let problems = loadProblems(withFetchBound(1024, kafkaProperties: properties))

        let owned = problems.first { $0.key == "source.kafka_properties.fetch.max.bytes" }
        #expect(owned?.problem == "is a setting ehbridge owns, so it cannot be overridden.")
        #expect(owned?.fix == "Remove it and set delivery.fetch_max_kbytes instead.")
        #expect(problems.contains { $0.key == "delivery.fetch_max_kbytes" }, "the other problem is reported too")
    }

    @Test func fetchBoundCheckedBesideOtherProblems() {
        let text = withFetchBound(1024, kafkaProperties: "message.max.bytes: \"2000000\"") + "\nbatching:\n  max_entries: -5\n"

        let keys = loadProblems(text).map(\.key)

        #expect(keys.contains("batching.max_entries"))
        #expect(keys.contains("delivery.fetch_max_kbytes"))
    }

    @Test func fetchBoundWaitsForValidFetchSetting() {
        let problems = loadProblems(withFetchBound("many", kafkaProperties: "message.max.bytes: \"2000000\""))

        #expect(problems.filter { $0.key == "delivery.fetch_max_kbytes" }.count == 1)
    }

    @Test(arguments: [
        ("2000000", 2_000_000), (" 2000000", 2_000_000), ("0x1E8480", 2_000_000), ("2000000 ms", 2_000_000),
        ("010", 8), ("-5", -5), ("+5", 5), ("4294968296", 1_000), ("99999999999999999999", -1),
    ])
    func librdkafkaIntegerReadsLikeStrtol(_ text: String, _ expected: Int) {
        #expect(BridgeConfigurationLoader.librdkafkaInteger(text) == expected)
    }

    @Test(arguments: ["", "abc", " "])
    func librdkafkaIntegerRejectsTextWithoutDigits(_ text: String) {
        #expect(BridgeConfigurationLoader.librdkafkaInteger(text) == nil)
    }

    @Test func fetchBoundFixOffersFloorItself() {
        let problem = fetchBoundProblem(withFetchBound(2048, kafkaProperties: "receive.message.max.bytes: \"1049088\""))

        #expect(problem?.fix.contains("set delivery.fetch_max_kbytes to 1024 or less") == true)
    }

    @Test func receiveLimitIsReadAsLibrdkafka() {
        let problem = fetchBoundProblem(withFetchBound(32768, kafkaProperties: "receive.message.max.bytes: \" 0x1312D00\""))

        #expect(problem?.problem.contains("(20000000 bytes)") == true)
    }

    @Test func messageLimitOutsideLibrdkafkaRangeIsLeftToLibrdkafka() {
        let problems = loadProblems(withFetchBound(1024, kafkaProperties: "message.max.bytes: \"3000000000\""))

        #expect(!problems.contains { $0.key == "delivery.fetch_max_kbytes" })
        #expect(problems.contains { $0.key == "source.kafka_properties.message.max.bytes" })
    }

    @Test func ownedKeyWithBootstrapServersNamesReplacement() {
        let text = valid.replacingOccurrences(
            of: "  connection_string: ${EVENTHUBS_CONNECTION_STRING}\n",
            with: "  bootstrap_servers: [127.0.0.1:9092]\n  kafka_properties:\n    group.id: other\n"
        )
        let owned = loadProblems(text).first { $0.key == "source.kafka_properties.group.id" }

        #expect(owned?.fix == "Remove it and set source.consumer_group instead.")
    }

    @Test(arguments: [
        ("Fetch.Max.Bytes", "set delivery.fetch_max_kbytes instead"),
        ("bootstrap.servers", "set source.bootstrap_servers instead"),
        ("statistics.interval.ms", "set metrics.kafka_statistics_interval_ms instead"),
        ("max.partition.fetch.bytes", "1 MiB per partition"),
        ("enable.auto.commit", "commits offsets itself"),
        ("sasl.password", "TLS and SASL PLAIN"),
        ("error_cb", "its own callbacks"),
        ("metadata.max.age.ms", "this file has no key for it"),
    ])
    func ownedPropertyFixFitsTheKey(_ key: String, _ expected: String) {
        #expect(BridgeConfigurationLoader.ownedPropertyFix(key).contains(expected))
    }

    /// librdkafka compares fetch.max.bytes with message.max.bytes only when it creates the consumer, so this
    /// creates one from the smallest allowed bound, against a mock cluster on loopback.
    @Test func smallestFetchBoundCreatesConsumer() throws {
        let cluster = try KafkaMockCluster(brokers: 1, logger: .disabled)
        defer { cluster.close() }
        let text = valid.replacingOccurrences(of: "  connection_string: ${EVENTHUBS_CONNECTION_STRING}\n",
                                              with: "  bootstrap_servers: [\(cluster.bootstrapServers.joined(separator: ", "))]\n")
            + "\ndelivery:\n  fetch_max_kbytes: 1024\n"
        let configuration = try loader.load(yaml: text)
        let consumerConfiguration = try BridgeService.consumerConfiguration(configuration, kind: .run, logger: .disabled)

        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: .disabled)
        consumer.close()
        #expect(consumerConfiguration.fetchMaxBytes == 1_048_576)
    }

    @Test func resumeAtLimitIsRejected() {
        let text = valid + "\ndelivery:\n  max_bytes_in_flight: 8388608\n  resume_bytes_in_flight: 8388608\n"
        do {
            _ = try loader.load(yaml: text)
            Issue.record("expected a configuration error")
        } catch {
            let problem = error.problems.first { $0.key == "delivery.resume_bytes_in_flight" }
            #expect(problem?.problem.contains("not below max_bytes_in_flight (8388608)") == true)
            #expect(problem?.fix.contains("half") == true)
        }
    }

    @Test func yamlSyntaxErrorNamesLine() {
        do {
            _ = try loader.load(yaml: "source:\n  hub: [unclosed\n")
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].problem.contains("line"))
        }
    }
}

/// How `source.kafka_properties` and the source timings are read: file paths, and problems listed at once.
@Suite struct SourcePropertiesLoaderTests {
    private let loader = BridgeConfigurationLoader(environment: BridgeConfigurationLoaderTests.environment, hostName: "test-host")

    private func withSource(_ lines: String) -> String {
        BridgeConfigurationLoaderTests.validText.replacingOccurrences(
            of: "  consumer_group: ehbridge-test\n", with: "  consumer_group: ehbridge-test\n" + lines
        )
    }

    private func problems(_ text: String) -> [ConfigurationProblem] {
        do {
            _ = try loader.load(yaml: text, baseDirectory: "/etc/ehbridge")
            return []
        } catch {
            return error.problems
        }
    }

    @Test func relativeLocationIsTakenFromConfigurationFolder() throws {
        let text = withSource("  kafka_properties:\n    ssl.keystore.location: keys/client.p12\n    ssl.keystore.password: pw\n")

        let configuration = try loader.load(yaml: text, baseDirectory: "/etc/ehbridge")

        #expect(configuration.source.kafkaProperties["ssl.keystore.location"] == "/etc/ehbridge/keys/client.p12")
        #expect(configuration.source.kafkaProperties["ssl.keystore.password"] == "pw")
    }

    @Test func absoluteLocationStaysAsWritten() throws {
        let text = withSource("  kafka_properties:\n    ssl.keystore.location: /srv/keys/client.p12\n    ssl.keystore.password: pw\n")

        let configuration = try loader.load(yaml: text, baseDirectory: "/etc/ehbridge")

        #expect(configuration.source.kafkaProperties["ssl.keystore.location"] == "/srv/keys/client.p12")
    }

    @Test func ownedPropertyIsListedWithOtherProblems() {
        let text = withSource("  kafka_properties:\n    group.id: other\n") + "\nbatching:\n  max_entries: -5\n"

        let keys = problems(text).map(\.key)

        #expect(keys.contains("batching.max_entries"))
        #expect(keys.contains("source.kafka_properties.group.id"))
    }

    @Test func ownedAndRejectedPropertiesListedTogether() {
        let properties = "  kafka_properties:\n    group.id: other\n    fetch.wait.max.ms: soon\n"

        let found = problems(withSource(properties))

        #expect(found.filter { $0.key == "source.kafka_properties.group.id" }.map(\.problem)
            == ["is a setting ehbridge owns, so it cannot be overridden."])
        let rejected = found.filter { $0.key == "source.kafka_properties.fetch.wait.max.ms" }.map(\.problem)
        #expect(rejected.count == 1)
        #expect(rejected.first?.hasPrefix("is \"soon\", which librdkafka rejects: ") == true, "\(rejected)")
    }

    @Test(arguments: ["client.secret.typo", "ssl.key.pasword", "sasl.pasword", "basic.auth.user.info", "ssl_key_pem"])
    func unknownKeyValueIsNotShown(_ key: String) {
        let found = problems(withSource("  kafka_properties:\n    \(key): hunter2-loader-value\n"))

        let rejected = found.filter { $0.key == "source.kafka_properties.\(key)" }
        #expect(rejected.count == 1)
        #expect(rejected.first?.problem.hasPrefix("is rejected by librdkafka: ") == true, "\(rejected)")
        #expect(!found.contains { $0.description.contains("hunter2") })
    }

    @Test func rejectedValueShownOnlyForValueErrors() {
        let invalid = "Invalid value for configuration property \"fetch.wait.max.ms\""
        let unknown = "No such configuration property: \"fetch.wait.max.mss\""
        let properties = ["fetch.wait.max.ms": "soon", "fetch.wait.max.mss": "soon", "ssl.key.password": "x",
                          "check.crcs": String(repeating: "y", count: 65), "api.version.request": "yes\nno"]

        #expect(BridgeConfigurationLoader.rejectedValueToShow(key: "fetch.wait.max.ms", reason: invalid, in: properties) == "soon")
        #expect(BridgeConfigurationLoader.rejectedValueToShow(key: "fetch.wait.max.mss", reason: unknown, in: properties) == nil)
        #expect(BridgeConfigurationLoader.rejectedValueToShow(key: "ssl.key.password", reason: invalid, in: properties) == nil)
        #expect(BridgeConfigurationLoader.rejectedValueToShow(key: "check.crcs", reason: invalid, in: properties) == nil)
        #expect(BridgeConfigurationLoader.rejectedValueToShow(key: "api.version.request", reason: invalid, in: properties) == nil)
    }

    @Test func plainKafkaOwnedAndRejectedListedTogether() {
        let text = withSource("  kafka_properties:\n    group.id: other\n    fetch.wait.max.ms: soon\n")
            .replacingOccurrences(of: "  connection_string: ${EVENTHUBS_CONNECTION_STRING}\n",
                                  with: "  bootstrap_servers: [127.0.0.1:9]\n")

        let keys = problems(text).map(\.key)

        #expect(keys.contains("source.kafka_properties.group.id"))
        #expect(keys.contains("source.kafka_properties.fetch.wait.max.ms"))
    }

    @Test func destinationProblemHidesNoKafkaProblem() {
        let text = withSource("  kafka_properties:\n    group.id: other\n    fetch.wait.max.ms: soon\n")
            .replacingOccurrences(of: "  mode: user-log-service\n", with: "  mode: dedicated\n")

        let keys = problems(text).map(\.key)

        #expect(keys.contains("destination.mode"))
        #expect(keys.contains("source.kafka_properties.group.id"))
        #expect(keys.contains("source.kafka_properties.fetch.wait.max.ms"))
    }

    @Test func ownedTLSKeyWithoutTLSIsReportedOnce() {
        let text = withSource("  kafka_properties:\n    ssl.ca.location: /etc/ssl/ca.pem\n    ssl.key.location: key.pem\n")
            .replacingOccurrences(of: "  connection_string: ${EVENTHUBS_CONNECTION_STRING}\n",
                                  with: "  bootstrap_servers: [127.0.0.1:9]\n")

        let found = problems(text)

        #expect(found.filter { $0.key == "source.kafka_properties.ssl.ca.location" }.map(\.problem)
            == ["is a setting ehbridge owns, so it cannot be overridden."])
        #expect(found.filter { $0.key == "source.kafka_properties.ssl.key.location" }.map(\.problem)
            == ["has no effect: with bootstrap_servers and no connection_string, ehbridge connects without TLS."])
    }

    @Test func defaultHeartbeatIsNamedAsDefault() {
        let found = problems(withSource("  session_timeout_ms: 6000\n"))

        #expect(found.first { $0.key == "source.heartbeat_interval_ms" }?.problem
            == "is 3000 ms (the default), more than a third of the session timeout (6000 ms).")
    }
}

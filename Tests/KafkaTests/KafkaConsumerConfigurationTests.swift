import Core
import Foundation
import Kafka
import Testing

@Suite("KafkaConsumerConfiguration")
struct KafkaConsumerConfigurationTests {
    static let password = "Endpoint=sb://ns-test.example/;SharedAccessKeyName=listen;SharedAccessKey=dGVzdC1rZXk="

    static func saslConfiguration(additional: [String: String] = [:]) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            bootstrapServers: ["127.0.0.1:9093"],
            groupID: "bridge",
            security: .saslSSL(
                KafkaSASLCredentials(username: "$ConnectionString", password: Secret(password)),
                tls: KafkaTLSOptions(caLocation: "/etc/ssl/certs/ca-certificates.crt")
            ),
            additionalProperties: additional
        )
    }

    @Test func defaultsRenderForwarderProperties() throws {
        let configuration = KafkaConsumerConfiguration(
            bootstrapServers: ["127.0.0.1:9092", "127.0.0.1:9093"], groupID: "bridge", security: .plaintext
        )

        let properties = try configuration.librdkafkaProperties()

        let expected: [(String, String)] = [
            ("bootstrap.servers", "127.0.0.1:9092,127.0.0.1:9093"),
            ("group.id", "bridge"),
            ("client.id", "ehbridge"),
            ("security.protocol", "plaintext"),
            ("enable.auto.commit", "true"),
            ("enable.auto.offset.store", "false"),
            ("auto.commit.interval.ms", "5000"),
            ("auto.offset.reset", "earliest"),
            ("partition.assignment.strategy", "range"),
            ("session.timeout.ms", "30000"),
            ("heartbeat.interval.ms", "3000"),
            ("max.poll.interval.ms", "300000"),
            ("socket.keepalive.enable", "true"),
            ("connections.max.idle.ms", "180000"),
            ("metadata.max.age.ms", "180000"),
            ("topic.metadata.refresh.interval.ms", "60000"),
            ("statistics.interval.ms", "60000"),
            ("queued.max.messages.kbytes", "65536"),
            ("fetch.max.bytes", "52428800"),
            ("max.partition.fetch.bytes", "1048576"),
            ("log.connection.close", "false"),
        ]
        #expect(properties.keys == expected.map(\.0))
        for (key, value) in expected {
            #expect(properties[key] == .text(value), "\(key)")
        }
    }

    @Test func optionalFieldsRenderTheirOffValues() throws {
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: ["127.0.0.1:9092"], groupID: "bridge", security: .plaintext
        )
        configuration.connectionsMaxIdle = nil
        configuration.statisticsInterval = nil
        configuration.groupInstanceID = "bridge-1"
        configuration.partitionAssignmentStrategy = .cooperativeSticky
        configuration.sessionTimeout = .milliseconds(6500)

        let properties = try configuration.librdkafkaProperties()

        #expect(properties["connections.max.idle.ms"] == .text("0"))
        #expect(properties["statistics.interval.ms"] == .text("0"))
        #expect(properties["group.instance.id"] == .text("bridge-1"))
        #expect(properties["partition.assignment.strategy"] == .text("cooperative-sticky"))
        #expect(properties["session.timeout.ms"] == .text("6500"))
    }

    @Test func saslSSLRendersSecurityProperties() throws {
        let properties = try Self.saslConfiguration().librdkafkaProperties()

        #expect(properties["security.protocol"] == .text("sasl_ssl"))
        #expect(properties["sasl.mechanisms"] == .text("PLAIN"))
        #expect(properties["sasl.username"] == .text("$ConnectionString"))
        #expect(properties["sasl.password"] == .secret(Secret(Self.password)))
        #expect(properties["ssl.ca.location"] == .text("/etc/ssl/certs/ca-certificates.crt"))
        #expect(properties["enable.ssl.certificate.verification"] == .text("true"))
        #expect(properties["ssl.endpoint.identification.algorithm"] == .text("https"))
    }

    @Test(arguments: [
        ("enable.auto.offset.store", "storeOffsets"),
        ("enable.auto.commit", "autoCommitInterval"),
        ("auto.commit.enable", "autoCommitInterval"),
        ("group.id", "groupID"),
        ("bootstrap.servers", "bootstrapServers"),
        ("metadata.broker.list", "bootstrapServers"),
        ("security.protocol", "security"),
        ("sasl.mechanisms", "security"),
        ("sasl.mechanism", "security"),
        ("sasl.username", "security"),
        ("sasl.password", "security"),
        ("ssl.ca.location", "security"),
        ("enable.ssl.certificate.verification", "always verified"),
        ("session.timeout.ms", "sessionTimeout"),
        ("max.poll.interval.ms", "maxPollInterval"),
        ("fetch.message.max.bytes", "maxPartitionFetchBytes"),
        ("partition.assignment.strategy", "partitionAssignmentStrategy"),
        ("rebalance_cb", "rebalances"),
        ("offset_commit_cb", "rebalances"),
        ("log_cb", "callbacks"),
        ("stats_cb", "callbacks"),
        ("opaque", "callbacks"),
    ])
    func passthroughRejectsOwnedKey(key: String, replacementMentions: String) throws {
        var configuration = Self.saslConfiguration()
        configuration.additionalProperties = [key: "x"]

        let error = try #require(throws: KafkaConfigurationError.self) { try configuration.validate() }

        #expect(error.problems.count == 1)
        guard case .ownedProperty(let rejected, let replacement) = error.problems.first else {
            Issue.record("expected an owned-property problem, got \(error.problems)")
            return
        }
        #expect(rejected == key)
        #expect(replacement.contains(replacementMentions))
        #expect(error.description.contains("\"\(key)\""))
    }

    @Test func passthroughRejectsOwnedKeyInOtherCase() throws {
        let configuration = Self.saslConfiguration(additional: [" Enable.Auto.Offset.Store ": "true"])

        let error = try #require(throws: KafkaConfigurationError.self) { try configuration.validate() }

        #expect(error.problems.count == 1)
        #expect(error.description.contains("Enable.Auto.Offset.Store"))
    }

    @Test func passthroughAppendsOtherKeysInOrder() throws {
        let configuration = Self.saslConfiguration(additional: ["socket.timeout.ms": "60000", "debug": "cgrp"])

        let properties = try configuration.librdkafkaProperties()

        #expect(properties.keys.suffix(2) == ["debug", "socket.timeout.ms"])
        #expect(properties["debug"] == .text("cgrp"))
    }

    @Test func validateReportsEveryProblem() throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: [], groupID: " ", security: .plaintext)
        configuration.heartbeatInterval = .seconds(40)
        configuration.maxPollInterval = .seconds(10)
        configuration.fetchMaxBytes = 0
        configuration.additionalProperties = ["group.id": "other"]

        let error = try #require(throws: KafkaConfigurationError.self) { try configuration.validate() }

        #expect(error.problems.count == 6)
        #expect(error.problems.contains(
            .missingValue(field: "bootstrapServers", fix: "give at least one broker as host:port")
        ))
        #expect(error.description.contains("groupID is missing"))
        #expect(error.description.contains("heartbeatInterval has the invalid value 40000 ms"))
        #expect(error.description.contains("maxPollInterval has the invalid value 10000 ms"))
        #expect(error.description.contains("fetchMaxBytes has the invalid value 0 bytes"))
        #expect(error.description.contains("set KafkaConsumerConfiguration.groupID instead"))
    }

    @Test func validateRejectsBootstrapListInOneEntry() throws {
        let configuration = KafkaConsumerConfiguration(
            bootstrapServers: ["127.0.0.1:9092,127.0.0.1:9093"], groupID: "bridge", security: .plaintext
        )

        let error = try #require(throws: KafkaConfigurationError.self) { try configuration.validate() }

        #expect(error.description.contains("give each broker as one host:port entry"))
    }

    @Test func validateRejectsEmptySASLUsername() throws {
        let configuration = KafkaConsumerConfiguration(
            bootstrapServers: ["127.0.0.1:9093"],
            groupID: "bridge",
            security: .saslSSL(KafkaSASLCredentials(username: "", password: Secret(Self.password)))
        )

        let error = try #require(throws: KafkaConfigurationError.self) { try configuration.validate() }

        #expect(error.description.contains("security.username is missing"))
    }

    @Test func passwordAbsentFromEveryText() throws {
        let configuration = Self.saslConfiguration(additional: ["sasl.password": Self.password])
        var dumped = ""
        dump(configuration, to: &dumped)
        let clean = Self.saslConfiguration()
        let properties = try clean.librdkafkaProperties()
        let error = try #require(throws: KafkaConfigurationError.self) { try configuration.validate() }
        let creationError = try #require(throws: KafkaConfigurationError.self) {
            _ = try KafkaConsumer(
                configuration: Self.saslConfiguration(additional: ["no.such.property": Self.password]),
                logger: .disabled
            )
        }

        let texts = [
            String(describing: configuration),
            String(reflecting: configuration),
            dumped,
            properties.description,
            String(describing: properties["sasl.password"]!),
            error.description,
            creationError.description,
        ]
        for text in texts {
            #expect(!text.contains(Self.password))
            #expect(!text.contains("dGVzdC1rZXk="))
        }
        #expect(properties.description.contains("sasl.password=<redacted>"))
        #expect(creationError.problems.count == 1)
    }

    @Test func passthroughCredentialValueIsRedacted() throws {
        let configuration = Self.saslConfiguration(additional: ["ssl.key.password": "key-file-passphrase-42"])

        let properties = try configuration.librdkafkaProperties()

        #expect(properties["ssl.key.password"] == .secret(Secret("key-file-passphrase-42")))
        #expect(!properties.description.contains("key-file-passphrase-42"))
        #expect(!configuration.description.contains("key-file-passphrase-42"))
    }

    @Test func librdkafkaRejectsUnknownProperty() throws {
        let configuration = KafkaConsumerConfiguration(
            bootstrapServers: ["127.0.0.1:9092"], groupID: "bridge", security: .plaintext,
            additionalProperties: ["no.such.property": "1"]
        )

        let error = try #require(throws: KafkaConfigurationError.self) {
            _ = try KafkaConsumer(configuration: configuration, logger: .disabled)
        }

        guard case .rejectedByLibrdkafka(let key, let reason) = error.problems.first else {
            Issue.record("expected a librdkafka rejection, got \(error.problems)")
            return
        }
        #expect(key == "no.such.property")
        #expect(reason.contains("No such configuration property"))
    }

    @Test func librdkafkaLogReachesLoggerWithoutPassword() async throws {
        let sink = CapturingLogSink()
        let logger = Logger(label: "kafka", minimumLevel: .debug, sink: sink)
        // Port 9 on loopback has no listener, so connecting fails at once and no TLS handshake starts.
        var configuration = Self.saslConfiguration(additional: ["debug": "broker,security"])
        configuration.bootstrapServers = ["127.0.0.1:9"]

        try await onDedicatedThread { [configuration] in
            let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
            try consumer.subscribe(topics: ["logs"])
            _ = try consumer.poll(maxRecords: 1, timeout: .milliseconds(500))
            consumer.close()
        }

        let lines = sink.lines
        let librdkafkaLines = lines.filter { $0.contains("msg=\"librdkafka log\"") }
        #expect(!librdkafkaLines.isEmpty)
        #expect(librdkafkaLines.allSatisfy { $0.contains("kafka.facility=") })
        #expect(lines.allSatisfy { !$0.contains(Self.password) })
        #expect(lines.allSatisfy { !$0.contains("dGVzdC1rZXk=") })
    }
}

import Core
import EventHubs
import Kafka
import Testing

@Suite("KafkaConsumerConfiguration.eventHubs")
struct EventHubsPresetTests {
    static let key = "AAAAexampleBase64key0000000000000000000000="
    static let text = "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen-bridge;"
        + "SharedAccessKey=\(key)"

    static func connectionString(_ suffix: String = "") throws -> EventHubsConnectionString {
        try EventHubsConnectionString(parsing: text + suffix)
    }

    @Test func presetRendersRecommendedProperties() throws {
        let configuration = try KafkaConsumerConfiguration.eventHubs(
            connectionString: try Self.connectionString(),
            hub: "insights-logs-auditevent",
            consumerGroup: "ehbridge-prod",
            logger: .disabled
        )

        let properties = try configuration.librdkafkaProperties()

        let expected: [(String, String)] = [
            ("bootstrap.servers", "ns-example.servicebus.windows.net:9093"),
            ("group.id", "ehbridge-prod"),
            ("client.id", "ehbridge"),
            ("security.protocol", "sasl_ssl"),
            ("sasl.mechanisms", "PLAIN"),
            ("sasl.username", "$ConnectionString"),
            ("enable.ssl.certificate.verification", "true"),
            ("ssl.endpoint.identification.algorithm", "https"),
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
        let expectedKeys = Array(expected.map(\.0).prefix(6)) + ["sasl.password"] + expected.map(\.0).dropFirst(6)
        #expect(properties.keys == expectedKeys)
        for (key, value) in expected {
            #expect(properties[key] == .text(value), "\(key)")
        }
        #expect(properties["sasl.password"] == .secret(Secret(Self.text)))
        #expect(!properties.description.contains(Self.key))
        #expect(!configuration.description.contains(Self.key))
    }

    @Test func optionsOverrideServersAndPassThrough() throws {
        let sink = CapturingLogSink()
        let options = EventHubsConsumerOptions(
            bootstrapServers: ["private-endpoint.example:9093"],
            clientID: "bridge-host-1",
            caLocation: "/etc/ssl/certs/ca-certificates.crt",
            statisticsInterval: nil,
            additionalProperties: ["socket.timeout.ms": "60000"]
        )

        let configuration = try KafkaConsumerConfiguration.eventHubs(
            connectionString: try Self.connectionString(),
            hub: "insights-logs-auditevent",
            consumerGroup: "ehbridge-prod",
            options: options,
            logger: Logger(label: "test", sink: sink)
        )
        let properties = try configuration.librdkafkaProperties()

        #expect(properties["bootstrap.servers"] == .text("private-endpoint.example:9093"))
        #expect(properties["client.id"] == .text("bridge-host-1"))
        #expect(properties["ssl.ca.location"] == .text("/etc/ssl/certs/ca-certificates.crt"))
        #expect(properties["statistics.interval.ms"] == .text("0"))
        #expect(properties["socket.timeout.ms"] == .text("60000"))
        #expect(sink.lines.count == 1)
        #expect(sink.lines.first?.contains("bootstrap server differs from the connection string's namespace") == true)
    }

    @Test func entityPathMustMatchHub() throws {
        let connectionString = try Self.connectionString(";EntityPath=insights-logs-auditevent")

        #expect(throws: EventHubsConfigurationError.entityPathMismatch(
            entityPath: "insights-logs-auditevent", hub: "insights-activity-logs"
        )) {
            try KafkaConsumerConfiguration.eventHubs(
                connectionString: connectionString, hub: "insights-activity-logs", consumerGroup: "g", logger: .disabled
            )
        }
        let matching = try KafkaConsumerConfiguration.eventHubs(
            connectionString: connectionString, hub: "Insights-Logs-AuditEvent", consumerGroup: "g", logger: .disabled
        )
        #expect(matching.groupID == "g")
    }

    @Test func entityPathErrorExplainsHubLevelKey() {
        let error = EventHubsConfigurationError.entityPathMismatch(entityPath: "hub-a", hub: "hub-b")

        #expect(error.description.contains("its key only works for the event hub hub-a, not for hub-b"))
    }

    @Test func consumerGroupLengthIsLimited() throws {
        let connectionString = try Self.connectionString()
        let longest = String(repeating: "g", count: 256)

        let accepted = try KafkaConsumerConfiguration.eventHubs(
            connectionString: connectionString, hub: "hub", consumerGroup: longest, logger: .disabled
        )
        #expect(accepted.groupID == longest)
        #expect(throws: EventHubsConfigurationError.consumerGroupTooLong(length: 257)) {
            try KafkaConsumerConfiguration.eventHubs(
                connectionString: connectionString, hub: "hub", consumerGroup: longest + "g", logger: .disabled
            )
        }
        #expect(throws: EventHubsConfigurationError.missingConsumerGroup) {
            try KafkaConsumerConfiguration.eventHubs(
                connectionString: connectionString, hub: "hub", consumerGroup: "", logger: .disabled
            )
        }
    }

    @Test func hubNameIsRequiredAndLimited() throws {
        let connectionString = try Self.connectionString()

        #expect(throws: EventHubsConfigurationError.missingHub) {
            try KafkaConsumerConfiguration.eventHubs(
                connectionString: connectionString, hub: "", consumerGroup: "g", logger: .disabled
            )
        }
        #expect(throws: EventHubsConfigurationError.hubNameTooLong(length: 257)) {
            try KafkaConsumerConfiguration.eventHubs(
                connectionString: connectionString, hub: String(repeating: "h", count: 257), consumerGroup: "g",
                logger: .disabled
            )
        }
    }

    @Test func passthroughOwnedKeyIsReported() throws {
        let options = EventHubsConsumerOptions(additionalProperties: ["enable.auto.offset.store": "true"])

        let error = try #require(throws: EventHubsConfigurationError.self) {
            try KafkaConsumerConfiguration.eventHubs(
                connectionString: try Self.connectionString(), hub: "hub", consumerGroup: "g", options: options,
                logger: .disabled
            )
        }

        #expect(error.description.contains("\"enable.auto.offset.store\""))
        #expect(!error.description.contains(Self.key))
    }

    @Test func requiredFeaturesArePresentInThisBuild() {
        #expect(KafkaLibrary.missingFeatures(EventHubsKafka.requiredLibraryFeatures).isEmpty)
    }
}

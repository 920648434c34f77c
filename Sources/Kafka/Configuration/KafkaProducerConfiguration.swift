/// The settings of a ``KafkaProducer``, which feeds tests, the demo and the benchmark.
public struct KafkaProducerConfiguration: Sendable, Equatable {
    /// `host:port` of one or more brokers (`bootstrap.servers`).
    public var bootstrapServers: [String]
    public var security: KafkaSecurity
    /// The client name brokers show in their logs and quotas (`client.id`).
    public var clientID: String
    /// Time a record waits in the local queue for more records to batch with (`linger.ms`).
    public var linger: Duration
    /// Time after which a record that was not delivered fails (`message.timeout.ms`), retries included.
    public var messageTimeout: Duration
    /// Other librdkafka properties, passed through unchanged. Keys that the typed fields or the producer own
    /// are rejected.
    public var additionalProperties: [String: String]

    public init(
        bootstrapServers: [String],
        security: KafkaSecurity,
        clientID: String = "ehbridge-producer",
        linger: Duration = .milliseconds(5),
        messageTimeout: Duration = .seconds(30),
        additionalProperties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.security = security
        self.clientID = clientID
        self.linger = linger
        self.messageTimeout = messageTimeout
        self.additionalProperties = additionalProperties
    }

    /// Checks every field and the passthrough properties, and throws one error that lists every problem.
    public func validate() throws(KafkaConfigurationError) {
        var checks = ConfigurationChecks()
        checks.checkBootstrapServers(bootstrapServers, field: "bootstrapServers")
        checks.requireText(clientID, field: "clientID", fix: "give a client name")
        checks.checkSecurity(security, field: "security")
        checks.checkMilliseconds(linger, field: "linger", range: 0...900_000)
        checks.checkMilliseconds(messageTimeout, field: "messageTimeout", range: 1...2_147_483_647)
        checks.add(contentsOf: Self.ownedProperties.problems(in: additionalProperties))
        try checks.throwIfAny()
    }

    /// Validates the configuration and renders it as librdkafka properties; the SASL password stays a
    /// ``Secret``. Passthrough properties come last, in key order.
    public func librdkafkaProperties() throws(KafkaConfigurationError) -> KafkaProperties {
        try validate()
        return renderedProperties()
    }

    /// Renders the properties without validating them, so that an invalid configuration can still be described.
    func renderedProperties() -> KafkaProperties {
        var properties = KafkaProperties()
        properties.set("bootstrap.servers", bootstrapServers.joined(separator: ","))
        properties.set("client.id", clientID)
        security.render(into: &properties)
        properties.set("linger.ms", String(linger.wholeMilliseconds))
        properties.set("message.timeout.ms", String(messageTimeout.wholeMilliseconds))
        properties.setPassthrough(additionalProperties)
        return properties
    }

    static let ownedProperties: OwnedProperties = {
        let type = "KafkaProducerConfiguration"
        var owned = OwnedProperties.common(typeName: type)
        owned.merge([
            "linger.ms": "set \(type).linger instead",
            "queue.buffering.max.ms": "set \(type).linger instead",
            "message.timeout.ms": "set \(type).messageTimeout instead",
            "delivery.timeout.ms": "set \(type).messageTimeout instead",
            "dr_cb": "the producer collects delivery reports itself and returns them from flush(timeout:)",
            "dr_msg_cb": "the producer collects delivery reports itself and returns them from flush(timeout:)",
        ]) { _, new in new }
        return OwnedProperties(owned)
    }()
}

extension KafkaProducerConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The librdkafka properties on one line, with the password and secret-looking passthrough values redacted.
    public var description: String {
        "KafkaProducerConfiguration(\(renderedProperties().entries.map(\.description).joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["properties": renderedProperties()], displayStyle: .struct)
    }
}

import Kafka

/// Turns what librdkafka reports while it connects to the Event Hubs Kafka endpoint into a ``Diagnosis``.
///
/// The messages it recognizes are librdkafka 2.0.2's. A failed SASL step reads
/// `SASL authentication error: <broker text> (after N ms in state AUTH_REQ)` and carries the code
/// `_AUTHENTICATION`, or the broker's own error code when it returned another one. Event Hubs rejects a
/// connection from an address outside the namespace's IP rules with `TOPIC_AUTHORIZATION_FAILED` and the text
/// `The request was rejected by firewall checks.` (reported in Azure/azure-event-hubs-for-kafka#253). A Basic
/// tier namespace, which has no Kafka endpoint, also returns `TOPIC_AUTHORIZATION_FAILED`
/// (learn.microsoft.com/azure/event-hubs/azure-event-hubs-apache-kafka-overview).
public enum EventHubsDiagnosis {
    public static let caCertificates = Diagnosis(
        id: "eventhubs.ca_certificates",
        summary: "The TLS certificate of the Event Hubs endpoint could not be verified, usually because the CA "
            + "certificates are missing on this host",
        fix: "Install the ca-certificates package (apt-get install ca-certificates) so that OpenSSL finds the root "
            + "certificates Azure chains to; never turn certificate verification off"
    )
    public static let tlsHandshake = Diagnosis(
        id: "eventhubs.tls",
        summary: "The TLS handshake with the Event Hubs endpoint failed",
        fix: "Check that the bootstrap server is the namespace's Kafka endpoint, <namespace>.servicebus.windows.net:9093, "
            + "and that no proxy intercepts TLS on the way"
    )
    public static let firewall = Diagnosis(
        id: "eventhubs.firewall",
        summary: "The namespace's network rules rejected this host's address (firewall checks)",
        fix: "Allow this host's outbound IP address in the namespace's Networking settings, or reach the namespace "
            + "through its private endpoint"
    )
    public static let authentication = Diagnosis(
        id: "eventhubs.authentication",
        summary: "Event Hubs rejected the SASL credentials: the SharedAccessKey is wrong or was regenerated, or the key "
            + "belongs to another namespace or hub",
        fix: "Copy the current connection string of a shared access policy with Listen rights (Azure portal: Event Hubs "
            + "namespace > Shared access policies) into source.connection_string"
    )
    public static let topicAuthorization = Diagnosis(
        id: "eventhubs.topic_authorization",
        summary: "Event Hubs refused access to the event hub over Kafka (TOPIC_AUTHORIZATION_FAILED): the namespace is on "
            + "the Basic tier, which has no Kafka endpoint, or the policy has no Listen right on this hub",
        fix: "Use a Standard, Premium or Dedicated namespace, and a namespace-level policy with Listen rights (a hub-level "
            + "key, with EntityPath, works only for its own hub)"
    )
    public static let groupAuthorization = Diagnosis(
        id: "eventhubs.group_authorization",
        summary: "Event Hubs refused the consumer group (GROUP_AUTHORIZATION_FAILED)",
        fix: "Use a policy with Listen rights on the namespace and check source.consumer_group"
    )
    public static let unknownHub = Diagnosis(
        id: "eventhubs.unknown_hub",
        summary: "The event hub does not exist in this namespace (UNKNOWN_TOPIC_OR_PART)",
        fix: "Check source.hub against the event hubs of the namespace; diagnostic settings name them "
            + "insights-logs-<category> unless the setting names a hub"
    )
    /// The diagnosis that replaces ``unknownHub`` for a plain Kafka cluster.
    public static let unknownTopic = Diagnosis(
        id: "kafka.unknown_topic",
        summary: "The topic does not exist on the Kafka cluster (UNKNOWN_TOPIC_OR_PART)",
        fix: "Check source.hub against the cluster's topics"
    )
    public static let nameResolution = Diagnosis(
        id: "eventhubs.resolve",
        summary: "The namespace host name does not resolve",
        fix: "Check the namespace in Endpoint=sb://<namespace>.servicebus.windows.net/ and this host's DNS settings"
    )
    public static let unreachable = Diagnosis(
        id: "eventhubs.unreachable",
        summary: "The Event Hubs Kafka endpoint could not be reached (connection refused, reset or timed out)",
        fix: "Allow outbound TCP to <namespace>.servicebus.windows.net on port 9093 in every firewall and proxy on the way"
    )
    public static let timedOut = Diagnosis(
        id: "eventhubs.timeout",
        summary: "No Event Hubs broker answered the metadata request in time",
        fix: "Check outbound TCP to port 9093 and retry with a longer --timeout-ms"
    )

    /// Returns the diagnosis of an error librdkafka reported to a client of `bootstrapServers`, with fixes that
    /// name those servers (see ``naming(_:bootstrapServers:)``). Returns nil for an error that is not a known failure.
    public static func diagnose(_ error: KafkaError, bootstrapServers: [String]) -> Diagnosis? {
        diagnose(error).map { naming($0, bootstrapServers: bootstrapServers) }
    }

    /// Returns `diagnosis` with the summaries and fixes of connection, TLS and time-out failures naming
    /// `bootstrapServers` rather than the usual `<namespace>.servicebus.windows.net:9093`, which matters when the
    /// configuration overrides the bootstrap servers or reads a plain Kafka cluster. Other diagnoses, and an empty
    /// list, leave it unchanged.
    public static func naming(_ diagnosis: Diagnosis, bootstrapServers: [String]) -> Diagnosis {
        guard !bootstrapServers.isEmpty else { return diagnosis }
        let servers = bootstrapServers.joined(separator: ",")
        var named = diagnosis
        switch diagnosis.id {
        case unreachable.id:
            named.summary = "The Kafka endpoint \(servers) could not be reached (connection refused, reset or timed out)"
            named.fix = "Check that a Kafka broker listens at \(servers) (a refused connection means that nothing does), "
                + "and allow outbound TCP to it in every firewall and proxy on the way"
        case tlsHandshake.id:
            named.fix = "Check that \(servers) is the namespace's Kafka endpoint, <namespace>.servicebus.windows.net:9093, "
                + "which speaks TLS (a plaintext Kafka listener fails the handshake), and that no proxy intercepts "
                + "TLS on the way"
        case timedOut.id:
            named.summary = "No Kafka broker at \(servers) answered the metadata request in time"
            named.fix = "Check outbound TCP to \(servers) and retry with a longer --timeout-ms"
        default:
            break
        }
        return named
    }

    /// Returns the diagnosis of an error librdkafka reported, or nil when the error is not one of the known
    /// failures.
    public static func diagnose(_ error: KafkaError) -> Diagnosis? {
        let message = error.message.lowercased()
        if message.contains("firewall") { return firewall }
        if message.contains("certificate verify failed") || message.contains("could not be verified") {
            return caCertificates
        }
        // librdkafka 2.0.2 reports a failed handshake with the code _TRANSPORT when the peer is not a TLS
        // listener (`SSL handshake failed: Disconnected: connecting to a PLAINTEXT broker listener?`), so the
        // text decides before the code.
        if message.contains("ssl handshake failed") { return tlsHandshake }
        switch error.code {
        case .ssl:
            return tlsHandshake
        case .authentication, .saslAuthenticationFailed:
            return authentication
        case .topicAuthorizationFailed:
            return topicAuthorization
        case .groupAuthorizationFailed:
            return groupAuthorization
        case .unknownTopicOrPartition, .unknownTopic:
            return unknownHub
        case .resolve:
            return nameResolution
        case .transport, .allBrokersDown:
            return unreachable
        case .timedOut, .requestTimedOut:
            return timedOut
        default:
            return nil
        }
    }
}

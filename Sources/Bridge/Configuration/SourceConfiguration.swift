import Core
import EventHubs
import Kafka

/// The record source: an Event Hubs namespace over its Kafka endpoint, or a plain Kafka cluster (a test
/// cluster or the demo's in-process mock cluster).
public struct SourceConfiguration: Sendable {
    public enum Connection: Sendable {
        /// A namespace-level connection string with Listen rights, parsed and checked. The bootstrap server
        /// is `<namespace host>:9093` unless ``SourceConfiguration/bootstrapServers`` overrides it.
        case eventHubs(EventHubsConnectionString)
        /// A Kafka cluster without authentication, for tests and the demo.
        case plaintextKafka
    }

    public enum StartPosition: String, Sendable, CaseIterable {
        /// Read from the oldest retained record when the group has no committed offset.
        case earliest
        /// Read only records produced after the group first joins.
        case latest
    }

    public var connection: Connection

    /// True for an Event Hubs namespace, false for a plain Kafka cluster, whose topics are not called hubs.
    public var isEventHubs: Bool {
        if case .eventHubs = connection { true } else { false }
    }

    /// Kafka topics to read; on Event Hubs each topic is an event hub.
    public var topics: [String]
    public var consumerGroup: String
    /// Overrides the bootstrap servers derived from the connection string; required for plain Kafka.
    public var bootstrapServers: [String]
    public var startFrom: StartPosition
    /// The Kafka group session timeout: a member that sends no heartbeat for this long loses its partitions.
    /// Revoked partitions are drained for at most half of it. Event Hubs guidance is 30,000 ms.
    public var sessionTimeoutMilliseconds: Int
    /// How often the member sends heartbeats; a third of the session timeout or less.
    public var heartbeatIntervalMilliseconds: Int
    /// How the group shares partitions between members. The default is `range` (eager): librdkafka 2.0.2,
    /// Debian 12's version, aborts in the `cooperative-sticky` assignor when a consumer is closed before its
    /// first assignment (librdkafka issue 4312, fixed in 2.3.0). Either way a revoke drains in-flight batches
    /// before the partitions are released.
    public var assignmentStrategy: KafkaConsumerConfiguration.PartitionAssignmentStrategy
    /// A PEM file of the CA certificates that verify the Event Hubs brokers, or nil for OpenSSL's default store
    /// (on Debian, `/etc/ssl/certs` from `ca-certificates`).
    public var caFile: String?
    /// Raw librdkafka properties for settings ehbridge has no typed key for. Keys that ehbridge owns
    /// (offset storing, auto commit, group, security) are rejected at start-up.
    public var kafkaProperties: [String: String]

    public init(
        connection: Connection, topics: [String], consumerGroup: String, bootstrapServers: [String] = [],
        startFrom: StartPosition = .earliest, sessionTimeoutMilliseconds: Int = 30_000,
        heartbeatIntervalMilliseconds: Int = 3_000,
        assignmentStrategy: KafkaConsumerConfiguration.PartitionAssignmentStrategy = .range,
        caFile: String? = nil, kafkaProperties: [String: String] = [:]
    ) {
        self.caFile = caFile
        self.assignmentStrategy = assignmentStrategy
        self.sessionTimeoutMilliseconds = sessionTimeoutMilliseconds
        self.heartbeatIntervalMilliseconds = heartbeatIntervalMilliseconds
        self.connection = connection
        self.topics = topics
        self.consumerGroup = consumerGroup
        self.bootstrapServers = bootstrapServers
        self.startFrom = startFrom
        self.kafkaProperties = kafkaProperties
    }
}

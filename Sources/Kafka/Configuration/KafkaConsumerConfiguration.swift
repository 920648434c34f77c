/// Everything a Kafka-to-log forwarder sets on a librdkafka consumer, as typed fields.
///
/// The defaults suit a long-running forwarder. It starts from the oldest retained record when its group has
/// no committed offset and commits stored offsets every 5 seconds. It closes idle connections before a cloud
/// load balancer silently drops them (Azure drops idle TCP flows after about 240 seconds), and it emits
/// statistics every minute. The consumer always runs with `enable.auto.offset.store=false` and
/// `enable.auto.commit=true`: offsets are stored explicitly after processing and committed in the
/// background, which gives at-least-once delivery.
///
/// ``additionalProperties`` passes other librdkafka keys through unchanged, but cannot set a key that a
/// typed field or the consumer itself owns; ``librdkafkaProperties()`` rejects such a key.
public struct KafkaConsumerConfiguration: Sendable, Equatable {
    /// Where reading starts when the group has no committed offset for a partition, or the committed offset
    /// is outside the retained range (`auto.offset.reset`).
    public enum AutoOffsetReset: String, Sendable, Equatable, CaseIterable {
        /// The oldest retained record, so that nothing retained is skipped.
        case earliest
        /// The next record produced after the consumer joins.
        case latest
        /// No reset: the consumer reports an error for the partition.
        case error
    }

    /// How the group leader spreads partitions over the members (`partition.assignment.strategy`).
    public enum PartitionAssignmentStrategy: String, Sendable, Equatable, CaseIterable {
        /// Eager: every rebalance revokes all partitions from every member first.
        case range
        /// Eager, with partitions dealt out one by one.
        case roundRobin = "roundrobin"
        /// Incremental: a rebalance revokes only the partitions that move to another member.
        case cooperativeSticky = "cooperative-sticky"
    }

    /// `host:port` of one or more brokers (`bootstrap.servers`).
    public var bootstrapServers: [String]
    /// The consumer group (`group.id`). Members of one group share the partitions.
    public var groupID: String
    /// The client name brokers show in their logs and quotas (`client.id`).
    public var clientID: String
    /// A stable member name for static group membership (`group.instance.id`), or nil for dynamic membership.
    public var groupInstanceID: String?
    public var security: KafkaSecurity
    public var autoOffsetReset: AutoOffsetReset
    public var partitionAssignmentStrategy: PartitionAssignmentStrategy
    /// Time without heartbeats after which the group coordinator removes this member (`session.timeout.ms`).
    public var sessionTimeout: Duration
    /// Time between heartbeats to the group coordinator (`heartbeat.interval.ms`); below ``sessionTimeout``.
    public var heartbeatInterval: Duration
    /// Maximum time between two polls before the member leaves the group (`max.poll.interval.ms`).
    /// At least ``sessionTimeout``.
    public var maxPollInterval: Duration
    /// Time between background commits of the stored offsets (`auto.commit.interval.ms`).
    public var autoCommitInterval: Duration
    /// TCP keep-alive on broker connections (`socket.keepalive.enable`).
    public var socketKeepAlive: Bool
    /// Time after which an idle broker connection is closed (`connections.max.idle.ms`), or nil to keep idle
    /// connections open.
    public var connectionsMaxIdle: Duration?
    /// Maximum age of cached metadata (`metadata.max.age.ms`).
    public var metadataMaxAge: Duration
    /// Time between proactive metadata refreshes (`topic.metadata.refresh.interval.ms`).
    public var topicMetadataRefreshInterval: Duration
    /// Time between statistics JSON documents (`statistics.interval.ms`), or nil to emit none.
    public var statisticsInterval: Duration?
    /// Maximum size of prefetched records in the local consumer queue, in kibibytes of 1024 bytes
    /// (`queued.max.messages.kbytes`). A group consumer applies it to its single consumer queue, not per partition.
    public var queuedMaxMessagesKilobytes: Int
    /// Maximum bytes a broker returns for one fetch request across all partitions (`fetch.max.bytes`).
    public var fetchMaxBytes: Int
    /// Initial maximum bytes fetched per partition in one request (`max.partition.fetch.bytes`); librdkafka
    /// raises it by itself when a single record is larger.
    public var maxPartitionFetchBytes: Int
    /// Whether librdkafka logs every closed broker connection (`log.connection.close`). Off by default
    /// because idle connections are closed on purpose.
    public var logConnectionClose: Bool
    /// Other librdkafka properties, passed through unchanged. Keys that the typed fields or the consumer own
    /// are rejected.
    public var additionalProperties: [String: String]

    public init(
        bootstrapServers: [String],
        groupID: String,
        security: KafkaSecurity,
        clientID: String = "ehbridge",
        groupInstanceID: String? = nil,
        autoOffsetReset: AutoOffsetReset = .earliest,
        partitionAssignmentStrategy: PartitionAssignmentStrategy = .range,
        sessionTimeout: Duration = .seconds(30),
        heartbeatInterval: Duration = .seconds(3),
        maxPollInterval: Duration = .seconds(300),
        autoCommitInterval: Duration = .seconds(5),
        socketKeepAlive: Bool = true,
        connectionsMaxIdle: Duration? = .seconds(180),
        metadataMaxAge: Duration = .seconds(180),
        topicMetadataRefreshInterval: Duration = .seconds(60),
        statisticsInterval: Duration? = .seconds(60),
        queuedMaxMessagesKilobytes: Int = 65_536,
        fetchMaxBytes: Int = 52_428_800,
        maxPartitionFetchBytes: Int = 1_048_576,
        logConnectionClose: Bool = false,
        additionalProperties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
        self.security = security
        self.clientID = clientID
        self.groupInstanceID = groupInstanceID
        self.autoOffsetReset = autoOffsetReset
        self.partitionAssignmentStrategy = partitionAssignmentStrategy
        self.sessionTimeout = sessionTimeout
        self.heartbeatInterval = heartbeatInterval
        self.maxPollInterval = maxPollInterval
        self.autoCommitInterval = autoCommitInterval
        self.socketKeepAlive = socketKeepAlive
        self.connectionsMaxIdle = connectionsMaxIdle
        self.metadataMaxAge = metadataMaxAge
        self.topicMetadataRefreshInterval = topicMetadataRefreshInterval
        self.statisticsInterval = statisticsInterval
        self.queuedMaxMessagesKilobytes = queuedMaxMessagesKilobytes
        self.fetchMaxBytes = fetchMaxBytes
        self.maxPartitionFetchBytes = maxPartitionFetchBytes
        self.logConnectionClose = logConnectionClose
        self.additionalProperties = additionalProperties
    }
}

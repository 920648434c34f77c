import Kafka

/// The settings of an Event Hubs consumer that are not fixed by the Kafka endpoint.
public struct EventHubsConsumerOptions: Sendable, Equatable {
    /// `host:port` entries to connect to instead of `<namespace host>:9093`, for example a private endpoint
    /// name; nil to use the namespace host from the connection string.
    public var bootstrapServers: [String]?
    /// The client name the service shows in its logs (`client.id`).
    public var clientID: String
    /// A CA certificate file or directory, or nil for OpenSSL's default locations.
    public var caLocation: String?
    /// A stable member name for static group membership, or nil.
    public var groupInstanceID: String?
    /// The position where reading starts when the group has no committed offset, or the committed offset
    /// has expired.
    public var autoOffsetReset: KafkaConsumerConfiguration.AutoOffsetReset
    public var partitionAssignmentStrategy: KafkaConsumerConfiguration.PartitionAssignmentStrategy
    /// Time between statistics JSON documents, or nil for none.
    public var statisticsInterval: Duration?
    /// Other librdkafka properties, passed through to ``KafkaConsumerConfiguration/additionalProperties``.
    public var additionalProperties: [String: String]

    public init(
        bootstrapServers: [String]? = nil,
        clientID: String = "ehbridge",
        caLocation: String? = nil,
        groupInstanceID: String? = nil,
        autoOffsetReset: KafkaConsumerConfiguration.AutoOffsetReset = .earliest,
        partitionAssignmentStrategy: KafkaConsumerConfiguration.PartitionAssignmentStrategy = .range,
        statisticsInterval: Duration? = .seconds(60),
        additionalProperties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.caLocation = caLocation
        self.groupInstanceID = groupInstanceID
        self.autoOffsetReset = autoOffsetReset
        self.partitionAssignmentStrategy = partitionAssignmentStrategy
        self.statisticsInterval = statisticsInterval
        self.additionalProperties = additionalProperties
    }
}

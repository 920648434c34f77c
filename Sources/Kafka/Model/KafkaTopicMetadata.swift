/// The metadata of one topic and the brokers of the cluster, as a broker returns them.
public struct KafkaTopicMetadata: Sendable, Equatable {
    public var topic: String
    /// The number of partitions; 0 when the topic does not exist or may not be described.
    public var partitionCount: Int
    /// The topic-level error the broker reported, such as `UNKNOWN_TOPIC_OR_PART` or
    /// `TOPIC_AUTHORIZATION_FAILED`; nil when the topic was described.
    public var error: KafkaError?
    /// `host:port` of every broker in the response. Event Hubs reports one broker for the whole namespace.
    public var brokers: [String]

    public init(topic: String, partitionCount: Int, error: KafkaError?, brokers: [String]) {
        self.topic = topic
        self.partitionCount = partitionCount
        self.error = error
        self.brokers = brokers
    }
}

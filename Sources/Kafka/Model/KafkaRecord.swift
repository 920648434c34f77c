/// One consumed Kafka record, copied out of librdkafka's memory.
///
/// Key and value are owned Swift arrays, so a record stays valid after the consumer polls again or closes.
public struct KafkaRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// Nil when the record carries no timestamp (message format v0).
    public var timestamp: KafkaTimestamp?
    /// Nil when the record has no key.
    public var key: [UInt8]?
    /// Nil when the value is null (a tombstone); an empty array when it is present but empty.
    public var value: [UInt8]?
    /// The headers in the order the producer added them. Names may repeat.
    public var headers: [KafkaHeader]

    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        timestamp: KafkaTimestamp?,
        key: [UInt8]?,
        value: [UInt8]?,
        headers: [KafkaHeader]
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }

    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}

/// A partition together with an offset in it.
///
/// When it is passed to ``KafkaConsumer/storeOffsets(_:)`` the offset is the next one to read, that is the
/// offset of the last processed record plus 1, as Kafka commits it.
public struct TopicPartitionOffset: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    public init(_ topicPartition: TopicPartition, offset: Int64) {
        self.init(topic: topicPartition.topic, partition: topicPartition.partition, offset: offset)
    }

    /// Creates the offset to store once `record` has been processed: its offset plus 1.
    public init(after record: KafkaRecord) {
        self.init(topic: record.topic, partition: record.partition, offset: record.offset + 1)
    }

    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }

    public var description: String { "\(topic)[\(partition)]@\(offset)" }
}

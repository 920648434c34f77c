internal import CRdKafka

/// Conversions between Swift partition values and `rd_kafka_topic_partition_list_t`.
enum RDKafkaTopicPartitionList {
    /// Creates a list of `partitions` with unset offsets. The caller destroys it with
    /// `rd_kafka_topic_partition_list_destroy`.
    static func make(_ partitions: [TopicPartition]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count))!
        for partition in partitions {
            rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition)
        }
        return list
    }

    /// Creates a list of `offsets`. The caller destroys it with `rd_kafka_topic_partition_list_destroy`.
    static func make(_ offsets: [TopicPartitionOffset]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count))!
        for offset in offsets {
            let element = rd_kafka_topic_partition_list_add(list, offset.topic, offset.partition)!
            element.pointee.offset = offset.offset
        }
        return list
    }

    /// Calls `body` with a temporary list of `partitions` and destroys the list afterwards.
    static func with<Result, Failure: Error>(
        _ partitions: [TopicPartition],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let list = make(partitions)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return try body(list)
    }

    /// Calls `body` with a temporary list of `offsets` and destroys the list afterwards.
    static func with<Result, Failure: Error>(
        _ offsets: [TopicPartitionOffset],
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let list = make(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return try body(list)
    }

    /// Copies the elements of a list librdkafka owns into Swift values.
    static func elements(
        of list: UnsafePointer<rd_kafka_topic_partition_list_t>
    ) -> [(partition: TopicPartition, offset: Int64, error: rd_kafka_resp_err_t)] {
        let count = Int(list.pointee.cnt)
        guard count > 0, let elements = list.pointee.elems else { return [] }
        return (0..<count).map { index in
            let element = elements[index]
            let partition = TopicPartition(topic: String(cString: element.topic), partition: element.partition)
            return (partition, element.offset, element.err)
        }
    }

    /// Returns the partitions of a list librdkafka owns.
    static func partitions(of list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [TopicPartition] {
        elements(of: list).map(\.partition)
    }

    /// Returns an error for each element whose `err` is set, naming its partition.
    static func errors(of list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [KafkaError] {
        elements(of: list).compactMap { element in
            guard element.error != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
            return KafkaError(element.error, topicPartition: element.partition)
        }
    }
}

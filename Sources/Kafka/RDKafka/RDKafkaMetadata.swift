internal import CRdKafka

/// The metadata request of a client handle, turned into Swift values.
enum RDKafkaMetadata {
    /// Requests the metadata of `topic` from any broker, waiting up to `timeoutMilliseconds`, and copies the
    /// response. Throws the request's error (`_TIMED_OUT` when no broker answered in time, `_TRANSPORT` when
    /// none could be reached). A topic-level error is returned in the metadata, not thrown.
    static func topic(_ topic: String, client: OpaquePointer, timeoutMilliseconds: Int32) throws(KafkaError)
        -> KafkaTopicMetadata
    {
        guard let handle = rd_kafka_topic_new(client, topic, nil) else {
            throw KafkaError(code: .invalidArgument, message: "librdkafka could not create a handle for topic \(topic)")
        }
        defer { rd_kafka_topic_destroy(handle) }

        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = rd_kafka_metadata(client, 0, handle, &metadata, timeoutMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError(result)
        }
        defer { rd_kafka_metadata_destroy(metadata) }

        let fields = metadata.pointee
        var brokers: [String] = []
        for index in 0..<Int(fields.broker_cnt) {
            let broker = fields.brokers[index]
            brokers.append("\(String(cString: broker.host)):\(broker.port)")
        }
        for index in 0..<Int(fields.topic_cnt) {
            let entry = fields.topics[index]
            guard String(cString: entry.topic) == topic else { continue }
            let error = entry.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(entry.err)
            return KafkaTopicMetadata(
                topic: topic, partitionCount: Int(entry.partition_cnt), error: error, brokers: brokers
            )
        }
        return KafkaTopicMetadata(
            topic: topic, partitionCount: 0, error: KafkaError(code: .unknownTopicOrPartition, message: "the metadata response does not list topic \(topic)"),
            brokers: brokers
        )
    }
}

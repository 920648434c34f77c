internal import CRdKafka

/// Conversions from consumed `rd_kafka_message_t` values to Swift values.
enum RDKafkaMessage {
    /// The content of one consumed message: a record or an error.
    enum Event {
        case record(KafkaRecord)
        case error(KafkaError)
    }

    /// Copies a consumed message into an owned record, or into an error for an error message.
    /// The caller still owns `message` and destroys it.
    static func event(from message: UnsafeMutablePointer<rd_kafka_message_t>) -> Event {
        let fields = message.pointee
        let topic = fields.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""

        guard fields.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let partition = topic.isEmpty ? nil : TopicPartition(topic: topic, partition: fields.partition)
            let text = rd_kafka_message_errstr(message).map { String(cString: $0) } ?? Self.explanation(fields.err)
            return .error(KafkaError(code: KafkaError.Code(fields.err), message: text, topicPartition: partition))
        }

        let record = KafkaRecord(
            topic: topic,
            partition: fields.partition,
            offset: fields.offset,
            timestamp: timestamp(of: message),
            key: bytes(fields.key, count: fields.key_len),
            value: bytes(fields.payload, count: fields.len),
            headers: headers(of: message)
        )
        return .record(record)
    }

    private static func explanation(_ code: rd_kafka_resp_err_t) -> String {
        String(cString: rd_kafka_err2str(code))
    }

    /// Copies `count` bytes at `pointer`, or returns nil when the pointer is null.
    static func bytes(_ pointer: UnsafeRawPointer?, count: Int) -> [UInt8]? {
        guard let pointer else { return nil }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private static func bytes(_ pointer: UnsafeMutableRawPointer?, count: Int) -> [UInt8]? {
        bytes(UnsafeRawPointer(pointer), count: count)
    }

    private static func timestamp(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaTimestamp? {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &type)
        switch type {
        case RD_KAFKA_TIMESTAMP_CREATE_TIME:
            return KafkaTimestamp(milliseconds: milliseconds, kind: .createTime)
        case RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME:
            return KafkaTimestamp(milliseconds: milliseconds, kind: .logAppendTime)
        default:
            return nil
        }
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }

        var headers: [KafkaHeader] = []
        headers.reserveCapacity(rd_kafka_header_cnt(list))
        var index = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR else {
                break
            }
            let headerName = name.map { String(cString: $0) } ?? ""
            headers.append(KafkaHeader(name: headerName, value: bytes(value, count: size)))
            index += 1
        }
        return headers
    }
}

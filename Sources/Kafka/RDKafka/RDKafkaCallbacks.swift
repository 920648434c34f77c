internal import CRdKafka
import Core

/// The C callbacks installed on every librdkafka client, and the one place where they become Swift events.
///
/// Each callback recovers its ``RDKafkaClientContext`` from the client's opaque pointer and hands over
/// copied Swift values. The log callback runs on librdkafka's internal threads; the error, statistics,
/// rebalance and delivery callbacks run on the thread that polls the client.
enum RDKafkaCallbacks {
    /// The kind of client, which decides the callbacks to install.
    enum ClientKind {
        case consumer, producer, mockCluster
    }

    /// Installs the callbacks on `configuration` and points its opaque at `context` without retaining it.
    static func install(on configuration: OpaquePointer, context: RDKafkaClientContext, kind: ClientKind) {
        rd_kafka_conf_set_opaque(configuration, Unmanaged.passUnretained(context).toOpaque())

        rd_kafka_conf_set_log_cb(configuration) { client, level, facility, text in
            RDKafkaCallbacks.log(client: client, level: level, facility: facility, text: text)
        }
        guard kind != .mockCluster else { return }

        rd_kafka_conf_set_error_cb(configuration) { client, code, reason, opaque in
            RDKafkaCallbacks.error(client: client, code: code, reason: reason, opaque: opaque)
        }
        rd_kafka_conf_set_stats_cb(configuration) { _, json, length, opaque in
            guard let opaque, let json else { return 0 }
            let text = String(decoding: UnsafeRawBufferPointer(start: json, count: length), as: UTF8.self)
            RDKafkaCallbacks.clientContext(opaque).deliverStatistics(text)
            // Returning 0 makes librdkafka free the JSON buffer itself.
            return 0
        }

        switch kind {
        case .consumer:
            rd_kafka_conf_set_rebalance_cb(configuration) { client, code, partitions, opaque in
                guard let client, let partitions, let opaque else { return }
                RDKafkaCallbacks.clientContext(opaque).handleRebalance(client: client, code: code, partitions: partitions)
            }
            rd_kafka_conf_set_offset_commit_cb(configuration) { _, code, offsets, opaque in
                guard let opaque else { return }
                RDKafkaCallbacks.commit(code: code, offsets: offsets, context: RDKafkaCallbacks.clientContext(opaque))
            }
        case .producer:
            rd_kafka_conf_set_dr_msg_cb(configuration) { _, message, opaque in
                guard let message, let opaque else { return }
                RDKafkaCallbacks.delivery(message: message, context: RDKafkaCallbacks.clientContext(opaque))
            }
        case .mockCluster:
            break
        }
    }

    private static func clientContext(_ opaque: UnsafeMutableRawPointer) -> RDKafkaClientContext {
        Unmanaged<RDKafkaClientContext>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// Routes one librdkafka log line (syslog level 0 to 7) to the client's logger.
    private static func log(
        client: OpaquePointer?, level: Int32, facility: UnsafePointer<CChar>?, text: UnsafePointer<CChar>?
    ) {
        guard let client, let opaque = rd_kafka_opaque(client) else { return }
        let logger = clientContext(opaque).logger
        let logLevel = Self.logLevel(syslogLevel: level)
        guard logger.isEnabled(logLevel) else { return }

        logger.log(logLevel, "librdkafka log", metadata: [
            "kafka.facility": .string(facility.map { String(cString: $0) } ?? ""),
            "kafka.client": .string(String(cString: rd_kafka_name(client))),
            "kafka.log_message": .string(text.map { String(cString: $0) } ?? ""),
        ])
    }

    /// Maps a syslog level to a log level. librdkafka's own errors become warnings at most: the errors that
    /// matter also reach the error handler as ``KafkaError`` values, and most of them are transient.
    static func logLevel(syslogLevel: Int32) -> LogLevel {
        switch syslogLevel {
        case ...4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }

    private static func error(
        client: OpaquePointer?, code: Int32, reason: UnsafePointer<CChar>?, opaque: UnsafeMutableRawPointer?
    ) {
        guard let opaque else { return }
        var errorCode = rd_kafka_resp_err_t(rawValue: code)
        var message = reason.map { String(cString: $0) } ?? ""
        var isFatal = false

        if errorCode == RD_KAFKA_RESP_ERR__FATAL, let client {
            // The callback only reports that a fatal error happened. rd_kafka_fatal_error returns its code and text.
            var buffer = [CChar](repeating: 0, count: 512)
            errorCode = rd_kafka_fatal_error(client, &buffer, buffer.count)
            message = String(nullTerminated: buffer)
            isFatal = true
        }
        let error = KafkaError(code: KafkaError.Code(errorCode), message: message, isFatal: isFatal)
        clientContext(opaque).report(error)
    }

    /// Reports a commit result. `_NO_OFFSET` means there was nothing new to commit, which is no commit at all.
    private static func commit(
        code: rd_kafka_resp_err_t, offsets: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        context: RDKafkaClientContext
    ) {
        guard code != RD_KAFKA_RESP_ERR__NO_OFFSET else { return }
        let elements = offsets.map { RDKafkaTopicPartitionList.elements(of: $0) } ?? []
        let result = KafkaCommitResult(
            error: code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(code),
            offsets: elements.map { TopicPartitionOffset($0.partition, offset: $0.offset) },
            partitionErrors: elements.compactMap { element in
                element.error == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(element.error, topicPartition: element.partition)
            }
        )
        context.deliverCommitResult(result)
    }

    private static func delivery(message: UnsafePointer<rd_kafka_message_t>, context: RDKafkaClientContext) {
        let fields = message.pointee
        guard fields.err != RD_KAFKA_RESP_ERR_NO_ERROR else {
            context.deliveries.withLock { $0.deliveredCount += 1 }
            return
        }

        let topic = fields.rkt.map { String(cString: rd_kafka_topic_name($0)) }
        let partition = topic.map { TopicPartition(topic: $0, partition: fields.partition) }
        let error = KafkaError(fields.err, topicPartition: partition)
        context.deliveries.withLock { $0.recordFailure(error) }
    }
}

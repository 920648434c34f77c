import Core

/// The Swift side of one librdkafka client: the state its C callbacks read and the handlers they call.
///
/// The client that owns a context keeps it alive until after `rd_kafka_destroy` has returned, so no callback
/// runs with a released context. All members are safe to use from any thread.
final class RDKafkaClientContext: Sendable {
    /// Application handlers; each may be nil.
    struct Handlers: Sendable {
        var rebalance: (any KafkaRebalanceHandler)?
        var error: (@Sendable (KafkaError) -> Void)?
        var statistics: (@Sendable (String) -> Void)?
        var commit: (@Sendable (KafkaCommitResult) -> Void)?
    }

    let logger: Logger
    let handlers = Locked(Handlers())
    /// Partitions revoked since the poll loop last looked, so that it drops their records from its batch.
    let revokedDuringPoll = Locked<Set<TopicPartition>>([])
    /// Delivery results a producer collected since its last flush.
    let deliveries = Locked(KafkaDeliveryReport())

    init(logger: Logger) {
        self.logger = logger
    }

    /// Sends `error` to the error handler, or logs it when there is none.
    ///
    /// Connection losses are logged at notice level because librdkafka reconnects by itself; fatal errors
    /// at error level; everything else at warning level.
    func report(_ error: KafkaError) {
        if let handler = handlers.withLock({ $0.error }) {
            handler(error)
            return
        }
        let level: LogLevel
        if error.isFatal {
            level = .error
        } else if [.transport, .allBrokersDown, .resolve].contains(error.code) {
            level = .notice
        } else {
            level = .warning
        }
        logger.log(level, "Kafka client error", metadata: error.logMetadata)
    }

    /// Passes one statistics JSON document to the statistics handler, if there is one.
    func deliverStatistics(_ json: String) {
        handlers.withLock { $0.statistics }?(json)
    }

    /// Passes the result of an offset commit to the commit handler, if there is one.
    func deliverCommitResult(_ result: KafkaCommitResult) {
        handlers.withLock { $0.commit }?(result)
    }

    /// Returns the partitions revoked since the last call and clears the set.
    func takeRevokedPartitions() -> Set<TopicPartition> {
        revokedDuringPoll.withLock { revoked in
            let taken = revoked
            revoked.removeAll()
            return taken
        }
    }
}

extension KafkaError {
    /// Log metadata that identifies the error: `kafka.error`, `kafka.error_message`, `kafka.fatal` and,
    /// when the error names a partition, `kafka.topic` and `kafka.partition`.
    public var logMetadata: LogMetadata {
        var metadata: LogMetadata = [
            "kafka.error": .string(code.name),
            "kafka.error_message": .string(message),
            "kafka.fatal": .bool(isFatal),
        ]
        if let topicPartition {
            metadata["kafka.topic"] = .string(topicPartition.topic)
            metadata["kafka.partition"] = .int(topicPartition.partition)
        }
        return metadata
    }
}

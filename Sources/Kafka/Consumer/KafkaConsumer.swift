internal import CRdKafka
import Core

/// A member of a Kafka consumer group that reads records, stores offsets after processing and commits them.
///
/// One dedicated thread calls ``poll(maxRecords:timeout:)``; rebalance, error and statistics handlers run on
/// that thread inside `poll`. Every other method is thread-safe and may be called from any thread, including
/// from inside a handler. All methods block, so call them from dedicated threads, never from Swift
/// concurrency's cooperative pool.
///
/// Offsets are never stored automatically: call ``storeOffsets(_:)`` once records are processed, and the
/// consumer commits what is stored every ``KafkaConsumerConfiguration/autoCommitInterval``, when partitions
/// are revoked and when it closes. Set the handlers before ``subscribe(topics:)``.
public final class KafkaConsumer: @unchecked Sendable {
    // @unchecked: `client` is an rd_kafka_t, whose functions librdkafka makes thread-safe except polling,
    // which the contract above restricts to one thread. `lifecycle` keeps the handle valid during every call.
    private let client: OpaquePointer
    private let context: RDKafkaClientContext
    private let lifecycle = ClientLifecycle()
    private let logger: Logger
    private let isSubscribed = Locked(false)

    /// Creates a consumer; it joins its group on ``subscribe(topics:)``.
    ///
    /// Throws when the configuration is invalid or librdkafka rejects it. The error never contains the SASL
    /// password.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws(KafkaConfigurationError) {
        let properties = try configuration.librdkafkaProperties()
        let context = RDKafkaClientContext(logger: logger)
        self.client = try RDKafkaClient.make(.consumer, properties: properties, context: context)
        self.context = context
        self.logger = logger

        // Forward the main queue to the consumer queue, so that poll() also serves error and statistics events.
        rd_kafka_poll_set_consumer(client)
        logger.info("Kafka consumer created", metadata: [
            "kafka.client": .string(String(cString: rd_kafka_name(client))),
            "kafka.group": .string(configuration.groupID),
            "kafka.bootstrap_servers": .string(configuration.bootstrapServers.joined(separator: ",")),
        ])
    }

    deinit {
        close()
    }

    // MARK: - Handlers

    /// Sets the handler that receives assigned, revoked and lost partitions. Throws after
    /// ``subscribe(topics:)`` because a rebalance may already be under way.
    public func setRebalanceHandler(_ handler: any KafkaRebalanceHandler) throws(KafkaError) {
        let subscribed = isSubscribed.withLock { $0 }
        if subscribed {
            throw KafkaError(
                code: .state, message: "the rebalance handler must be set before subscribe(topics:) is called"
            )
        }
        context.handlers.withLock { $0.rebalance = handler }
    }

    /// Sets the handler for errors that librdkafka reports in the background or with a record, such as a
    /// lost broker connection. Without one, these errors are logged. Most are transient: librdkafka recovers
    /// by itself. A fatal error means the consumer must be closed.
    public func setErrorHandler(_ handler: @escaping @Sendable (KafkaError) -> Void) {
        context.handlers.withLock { $0.error = handler }
    }

    /// Sets the handler that receives librdkafka's statistics JSON every
    /// ``KafkaConsumerConfiguration/statisticsInterval``.
    public func setStatisticsHandler(_ handler: @escaping @Sendable (String) -> Void) {
        context.handlers.withLock { $0.statistics = handler }
    }

    /// Sets the handler that receives the result of every offset commit: the background auto-commits, the
    /// commits at revoke and close, and ``commit()``. A commit with nothing new to send is not reported.
    public func setCommitHandler(_ handler: @escaping @Sendable (KafkaCommitResult) -> Void) {
        context.handlers.withLock { $0.commit = handler }
    }

    // MARK: - Consuming

    /// Joins the consumer group and subscribes to `topics`, replacing an earlier subscription.
    /// Partitions are assigned later, inside ``poll(maxRecords:timeout:)``.
    public func subscribe(topics: [String]) throws(KafkaError) {
        guard !topics.isEmpty, topics.allSatisfy({ !$0.isEmpty }) else {
            throw KafkaError(
                code: .invalidArgument, message: "subscribe(topics:) needs at least one non-empty topic name"
            )
        }
        let partitions = topics.map { TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) }

        try withClient("subscribe") { client throws(KafkaError) in
            let result = RDKafkaTopicPartitionList.with(partitions) { list in rd_kafka_subscribe(client, list) }
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result) }
        }
        isSubscribed.withLock { $0 = true }
        logger.info("Kafka consumer subscribed", metadata: ["kafka.topics": .string(topics.joined(separator: ","))])
    }

    /// Waits up to `timeout` for records and returns at most `maxRecords` of them, with offsets ascending
    /// within each partition. It stops taking records once their values add up to `maxBytes` or more: the last
    /// record may cross that bound, and the first is returned however large it is.
    ///
    /// Returns as soon as at least one record is available: after the first record it only takes what is
    /// already fetched. Returns an empty array when the timeout passes first. Rebalance, error and statistics
    /// handlers run inside this call. Records of partitions revoked during this call are left out. Call it
    /// from one thread only. Throws when the consumer is closed or a fatal error occurred, after which the
    /// consumer must be closed; other errors go to the error handler.
    public func poll(maxRecords: Int, maxBytes: Int = .max, timeout: Duration) throws(KafkaError) -> [KafkaRecord] {
        guard maxRecords > 0 else {
            throw KafkaError(code: .invalidArgument, message: "poll(maxRecords:) needs maxRecords of at least 1")
        }
        guard lifecycle.enterPoll() else { throw Self.closedError("poll") }
        defer { lifecycle.leavePoll() }

        if let fatal = lastFatalError() {
            throw fatal
        }

        let deadline = ContinuousClock.now + timeout
        var records: [KafkaRecord] = []
        var bytes = 0
        while records.count < maxRecords, bytes < maxBytes {
            let remaining = records.isEmpty ? deadline - ContinuousClock.now : .zero
            let message = rd_kafka_consumer_poll(client, Self.pollTimeoutMilliseconds(remaining))

            dropRecordsOfRevokedPartitions(from: &records)
            guard let message else {
                // NULL means the wait ended; keep waiting only while nothing arrived and time remains.
                if records.isEmpty, ContinuousClock.now < deadline { continue }
                break
            }
            defer { rd_kafka_message_destroy(message) }

            switch RDKafkaMessage.event(from: message) {
            case .record(let record):
                bytes += record.value?.count ?? 0
                records.append(record)
            case .error(let error) where error.code == .partitionEOF:
                logger.debug("reached end of partition", metadata: error.logMetadata)
            case .error(let error):
                context.report(error)
            }
            if records.isEmpty, ContinuousClock.now >= deadline { break }
        }
        return records
    }

    /// Returns `remaining` in whole milliseconds, rounded up, for `rd_kafka_consumer_poll`. Rounding down would
    /// turn the last fraction of a millisecond before the deadline into a zero timeout, and the loop would spin
    /// on the CPU until the deadline passed.
    static func pollTimeoutMilliseconds(_ remaining: Duration) -> Int32 {
        guard remaining > .zero else { return 0 }
        let parts = remaining.components
        let partialMillisecond = parts.attoseconds % 1_000_000_000_000_000 == 0 ? 0 : 1
        let milliseconds = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000 + Int64(partialMillisecond)
        return Int32(clamping: milliseconds)
    }

    private func dropRecordsOfRevokedPartitions(from records: inout [KafkaRecord]) {
        let revoked = context.takeRevokedPartitions()
        guard !revoked.isEmpty, !records.isEmpty else { return }

        let before = records.count
        records.removeAll { revoked.contains($0.topicPartition) }
        if records.count < before {
            logger.debug("dropped fetched records of revoked partitions", metadata: [
                "kafka.dropped_records": .int(before - records.count),
            ])
        }
    }

    // MARK: - Offsets

    /// Stores offsets for the next commit. Each offset is the next one to read: the last processed offset + 1.
    ///
    /// Returns an error for each partition whose offset was not stored: `_STATE` for a partition that is no
    /// longer assigned to this consumer, whose records the new owner reads again, and `_UNKNOWN_PARTITION` for
    /// one this consumer never had.
    /// Throws when the consumer is closed. Thread-safe.
    @discardableResult
    public func storeOffsets(_ offsets: [TopicPartitionOffset]) throws(KafkaError) -> [KafkaError] {
        guard !offsets.isEmpty else { return [] }

        return try withClient("storeOffsets") { client in
            RDKafkaTopicPartitionList.with(offsets) { list in
                _ = rd_kafka_offsets_store(client, list)
                // librdkafka sets each element's error for every result except INVALID_ARG, which only happens
                // with enable.auto.offset.store=true, a setting the configuration does not allow.
                return RDKafkaTopicPartitionList.errors(of: list)
            }
        }
    }

    /// Commits the stored offsets of the current assignment and waits for the broker's reply.
    /// Succeeds without a request when nothing new is stored.
    public func commit() throws(KafkaError) {
        try withClient("commit") { client throws(KafkaError) in
            let result = rd_kafka_commit(client, nil, 0)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR || result == RD_KAFKA_RESP_ERR__NO_OFFSET else {
                throw KafkaError(result)
            }
        }
    }

    /// Fetches the group's committed offsets of `partitions` from the broker, waiting up to `timeout`.
    ///
    /// Partitions without a committed offset are absent from the result. Throws on a timeout or when the
    /// broker reports an error for a partition.
    public func committed(
        for partitions: [TopicPartition], timeout: Duration
    ) throws(KafkaError) -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }

        return try withClient("committed") { client throws(KafkaError) in
            try RDKafkaTopicPartitionList.with(partitions) { list throws(KafkaError) in
                let result = rd_kafka_committed(client, list, timeout.timeoutMilliseconds)
                guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result) }

                var offsets: [TopicPartition: Int64] = [:]
                for element in RDKafkaTopicPartitionList.elements(of: list) {
                    guard element.error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                        throw KafkaError(element.error, topicPartition: element.partition)
                    }
                    if element.offset >= 0 {
                        offsets[element.partition] = element.offset
                    }
                }
                return offsets
            }
        }
    }

    /// Queries the broker for the low and high watermark of one partition, waiting up to `timeout`.
    public func watermarks(topic: String, partition: Int32, timeout: Duration) throws(KafkaError) -> KafkaWatermarks {
        try withClient("watermarks") { client throws(KafkaError) in
            var low: Int64 = -1
            var high: Int64 = -1
            let result = rd_kafka_query_watermark_offsets(
                client, topic, partition, &low, &high, timeout.timeoutMilliseconds
            )
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(result, topicPartition: TopicPartition(topic: topic, partition: partition))
            }
            return KafkaWatermarks(low: low, high: high)
        }
    }

    /// Requests the metadata of `topic` from the brokers, waiting up to `timeout`, without subscribing.
    ///
    /// A topic-level error (`UNKNOWN_TOPIC_OR_PART`, `TOPIC_AUTHORIZATION_FAILED`) is returned in the result.
    /// Throws when no broker answered in time (`_TIMED_OUT`) or the consumer is closed. Errors that stopped the
    /// brokers from answering, such as a failed TLS handshake or SASL authentication, reach the error handler
    /// on the next ``poll(maxRecords:timeout:)``.
    public func metadata(topic: String, timeout: Duration) throws(KafkaError) -> KafkaTopicMetadata {
        try withClient("metadata") { client throws(KafkaError) in
            try RDKafkaMetadata.topic(topic, client: client, timeoutMilliseconds: timeout.timeoutMilliseconds)
        }
    }

    // MARK: - Flow control and assignment

    /// Stops fetching `partitions` until ``resume(_:)`` or until a rebalance releases them: a partition assigned
    /// again later starts unpaused. Keep polling while partitions are paused, so that the consumer stays in its
    /// group.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        try changeFetching(partitions, operation: "pause") { client, list in rd_kafka_pause_partitions(client, list) }
    }

    /// Restarts fetching `partitions` where they were paused.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try changeFetching(partitions, operation: "resume") { client, list in rd_kafka_resume_partitions(client, list) }
    }

    private func changeFetching(
        _ partitions: [TopicPartition],
        operation: String,
        _ call: (OpaquePointer, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> rd_kafka_resp_err_t
    ) throws(KafkaError) {
        guard !partitions.isEmpty else { return }

        try withClient(operation) { client throws(KafkaError) in
            try RDKafkaTopicPartitionList.with(partitions) { list throws(KafkaError) in
                let result = call(client, list)
                guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result) }
                if let first = RDKafkaTopicPartitionList.errors(of: list).first {
                    throw first
                }
            }
        }
    }

    /// Returns the partitions currently assigned to this consumer.
    public func assignment() throws(KafkaError) -> [TopicPartition] {
        try withClient("assignment") { client throws(KafkaError) in
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let result = rd_kafka_assignment(client, &list)
            defer {
                if let list { rd_kafka_topic_partition_list_destroy(list) }
            }
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result) }
            return list.map { RDKafkaTopicPartitionList.partitions(of: $0) } ?? []
        }
    }

    /// Returns the fatal error this consumer raised, or nil. After a fatal error the consumer must be closed.
    public func lastFatalError() -> KafkaError? {
        try? withClient("lastFatalError") { client in
            var buffer = [CChar](repeating: 0, count: 512)
            let code = rd_kafka_fatal_error(client, &buffer, buffer.count)
            guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
            return KafkaError(code: KafkaError.Code(code), message: String(nullTerminated: buffer), isFatal: true)
        }
    }

    // MARK: - Closing

    /// Revokes the assignment, commits stored offsets, leaves the group and destroys the librdkafka handle.
    ///
    /// The rebalance handler's ``KafkaRebalanceHandler/partitionsRevoked(_:)`` runs on the calling thread
    /// and may still store offsets. An assignment already waiting in the queue when the close starts is
    /// assigned and then revoked here. Records fetched but not returned by
    /// ``poll(maxRecords:maxBytes:timeout:)`` are dropped. Usually returns within milliseconds. With every
    /// broker unreachable it blocks for about twice the session timeout: once for the commit of the revoke,
    /// and once for librdkafka's close. Calling it again does nothing; other methods then throw. Call it
    /// after the polling thread has stopped polling, or from that thread, but not from inside a handler.
    public func close() {
        guard lifecycle.beginClosing() else { return }
        logger.info("closing Kafka consumer")

        if isSubscribed.withLock({ $0 }) {
            releaseAssignmentBeforeClosing(timeout: .seconds(10))
        }
        let result = rd_kafka_consumer_close(client)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            context.report(KafkaError(result))
        }

        lifecycle.finishClosing()
        rd_kafka_destroy(client)
        // Handlers often reference the object that owns this consumer; dropping them breaks that cycle.
        context.handlers.withLock { $0 = RDKafkaClientContext.Handlers() }
        logger.info("Kafka consumer closed")
    }

    /// Unsubscribes and polls until the revoke has released the assignment, so that `rd_kafka_consumer_close`
    /// finds nothing to revoke.
    ///
    /// librdkafka 2.0.2 can block forever in `rd_kafka_assign` inside a rebalance callback that the close serves.
    /// Here the callbacks run in an ordinary poll, while the group is not terminating: first an assignment still
    /// waiting in the queue, then the revoke that unsubscribing causes. Records fetched meanwhile are dropped
    /// without storing their offsets, so the next owner reads them again. The close serves what is left after
    /// `timeout`, and everything when unsubscribing fails, as it does after a fatal error.
    private func releaseAssignmentBeforeClosing(timeout: Duration) {
        let result = rd_kafka_unsubscribe(client)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            // After a fatal error unsubscribing fails with _FATAL, and the fatal error was reported already.
            if result != RD_KAFKA_RESP_ERR__FATAL {
                context.report(KafkaError(result))
            }
            return
        }
        let deadline = ContinuousClock.now + timeout
        var droppedRecords = 0
        while ContinuousClock.now < deadline {
            if let message = rd_kafka_consumer_poll(client, 10) {
                defer { rd_kafka_message_destroy(message) }
                if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                    droppedRecords += 1
                } else if case .error(let error) = RDKafkaMessage.event(from: message), error.code != .partitionEOF {
                    context.report(error)
                }
                continue
            }
            if assignedPartitionCount() == 0 { break }
        }
        logger.debug("assignment released before closing", metadata: [
            "kafka.dropped_records": .int(droppedRecords),
            "kafka.partition_count": .int(assignedPartitionCount()),
        ])
    }

    /// Returns the number of partitions assigned now, or 0 when librdkafka cannot tell.
    private func assignedPartitionCount() -> Int {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        guard rd_kafka_assignment(client, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return 0 }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return Int(list.pointee.cnt)
    }

    // MARK: - Helpers

    private func withClient<Result>(
        _ operation: String, _ body: (OpaquePointer) throws(KafkaError) -> Result
    ) throws(KafkaError) -> Result {
        guard lifecycle.enter() else { throw Self.closedError(operation) }
        defer { lifecycle.leave() }
        return try body(client)
    }

    private static func closedError(_ operation: String) -> KafkaError {
        KafkaError(code: .destroyed, message: "\(operation) failed because the consumer is closed")
    }
}

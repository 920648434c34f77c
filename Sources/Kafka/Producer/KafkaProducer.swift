internal import CRdKafka
import Core
import Foundation

/// A Kafka producer for tests, the demo and the benchmark; ehbridge does not produce production data.
///
/// ``produce(topic:value:key:partition:headers:)`` copies the record into librdkafka's queue and returns;
/// ``flush(timeout:)`` waits for the brokers' acknowledgements and returns the delivery results. All methods
/// are thread-safe and block, so call them from dedicated threads.
public final class KafkaProducer: @unchecked Sendable {
    // @unchecked: `client` is an rd_kafka_t, whose producer functions librdkafka makes thread-safe;
    // `lifecycle` keeps the handle valid during every call.
    private let client: OpaquePointer
    private let context: RDKafkaClientContext
    private let lifecycle = ClientLifecycle()
    private let logger: Logger

    /// Creates a producer. Throws when the configuration is invalid or librdkafka rejects it.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaConfigurationError) {
        let properties = try configuration.librdkafkaProperties()
        let context = RDKafkaClientContext(logger: logger)
        self.client = try RDKafkaClient.make(.producer, properties: properties, context: context)
        self.context = context
        self.logger = logger
    }

    deinit {
        close()
    }

    /// Sets the handler for errors that librdkafka reports in the background, such as a lost broker
    /// connection. Without one, these errors are logged.
    public func setErrorHandler(_ handler: @escaping @Sendable (KafkaError) -> Void) {
        context.handlers.withLock { $0.error = handler }
    }

    /// Requests the metadata of `topic` from the brokers, waiting up to `timeout`, as
    /// ``KafkaConsumer/metadata(topic:timeout:)`` does.
    ///
    /// Call it before the first ``produce(topic:value:key:partition:headers:)`` when the first records must not
    /// wait. librdkafka 2.0.2 sometimes looks up a topic it does not know yet only once per second, so the first
    /// records to it can wait about a second. A topic whose metadata the client already has is not affected.
    public func metadata(topic: String, timeout: Duration) throws(KafkaError) -> KafkaTopicMetadata {
        try withClient("metadata") { client throws(KafkaError) in
            try RDKafkaMetadata.topic(topic, client: client, timeoutMilliseconds: timeout.timeoutMilliseconds)
        }
    }

    /// Queues one record for `topic`.
    ///
    /// A nil `value` produces a null value and a nil `partition` lets librdkafka's partitioner choose, from
    /// the key when there is one. Blocks while the local queue is full. Throws when the record cannot be
    /// queued, for example when it exceeds the maximum message size or the partition does not exist.
    /// Failures after queuing appear in the report of the next ``flush(timeout:)``.
    public func produce(
        topic: String,
        value: [UInt8]?,
        key: [UInt8]? = nil,
        partition: Int32? = nil,
        headers: [KafkaHeader] = []
    ) throws(KafkaError) {
        try withClient("produce") { client throws(KafkaError) in
            var allocations = CAllocations()
            defer { allocations.freeAll() }

            var fields: [rd_kafka_vu_t] = []
            fields.append(.init(vtype: RD_KAFKA_VTYPE_TOPIC) { $0.cstr = UnsafePointer(allocations.copy(topic)) })
            fields.append(.init(vtype: RD_KAFKA_VTYPE_PARTITION) { $0.i32 = partition ?? RD_KAFKA_PARTITION_UA })
            fields.append(.init(vtype: RD_KAFKA_VTYPE_MSGFLAGS) { $0.i = RD_KAFKA_MSG_F_COPY })
            fields.append(.init(vtype: RD_KAFKA_VTYPE_VALUE) {
                $0.mem.ptr = allocations.copy(value)
                $0.mem.size = value?.count ?? 0
            })
            if let key {
                fields.append(.init(vtype: RD_KAFKA_VTYPE_KEY) {
                    $0.mem.ptr = allocations.copy(key)
                    $0.mem.size = key.count
                })
            }
            for header in headers {
                fields.append(.init(vtype: RD_KAFKA_VTYPE_HEADER) {
                    $0.header.name = UnsafePointer(allocations.copy(header.name))
                    $0.header.val = UnsafeRawPointer(allocations.copy(header.value))
                    $0.header.size = header.value?.count ?? 0
                })
            }

            while let error = rd_kafka_produceva(client, fields, fields.count) {
                let failure = KafkaError(consuming: error)
                guard failure.code == .queueFull else {
                    throw KafkaError(
                        code: failure.code, message: failure.message, isFatal: failure.isFatal,
                        isRetriable: failure.isRetriable, topicPartition: partition.map {
                            TopicPartition(topic: topic, partition: $0)
                        }
                    )
                }
                // Serving delivery reports frees queue space.
                rd_kafka_poll(client, 100)
            }
            rd_kafka_poll(client, 0)
        }
    }

    /// Waits up to `timeout` until every queued record is delivered or failed, and returns the delivery
    /// results since the previous flush.
    ///
    /// Throws `_TIMED_OUT` when records are still queued after `timeout`; their results then appear in a
    /// later report. Failed deliveries do not throw: they are in the report and logged at warning level.
    @discardableResult
    public func flush(timeout: Duration) throws(KafkaError) -> KafkaDeliveryReport {
        try withClient("flush") { client throws(KafkaError) in
            let result = rd_kafka_flush(client, timeout.timeoutMilliseconds)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
                let waiting = rd_kafka_outq_len(client)
                throw KafkaError(
                    code: KafkaError.Code(result),
                    message: "\(waiting) records and requests were still waiting for delivery after "
                        + "\(timeout.wholeMilliseconds) ms"
                )
            }
        }

        let report = context.deliveries.withLock { tally in
            let taken = tally
            tally = KafkaDeliveryReport()
            return taken
        }
        if let first = report.failures.first {
            var metadata = first.logMetadata
            metadata["kafka.failed_records"] = .int(report.failedCount)
            logger.warning("Kafka deliveries failed", metadata: metadata)
        }
        return report
    }

    /// Destroys the librdkafka handle. Records not yet delivered are dropped, so call ``flush(timeout:)``
    /// first. Calling it again does nothing; other methods then throw.
    public func close() {
        guard lifecycle.beginClosing() else { return }
        lifecycle.finishClosing()

        let waiting = rd_kafka_outq_len(client)
        if waiting > 0 {
            logger.warning("closing Kafka producer with undelivered records", metadata: [
                "kafka.waiting": .int(waiting),
            ])
        }
        rd_kafka_destroy(client)
        context.handlers.withLock { $0 = RDKafkaClientContext.Handlers() }
    }

    private func withClient<Result>(
        _ operation: String, _ body: (OpaquePointer) throws(KafkaError) -> Result
    ) throws(KafkaError) -> Result {
        guard lifecycle.enter(allowedWhileClosing: false) else {
            throw KafkaError(code: .destroyed, message: "\(operation) failed because the producer is closed")
        }
        defer { lifecycle.leave() }
        return try body(client)
    }
}

extension rd_kafka_vu_t {
    /// Creates one `rd_kafka_produceva` field of type `vtype`; `fill` sets the matching union member.
    fileprivate init(vtype: rd_kafka_vtype_t, fill: (inout rd_kafka_vu_s.__Unnamed_union_u) -> Void) {
        self.init()
        self.vtype = vtype
        fill(&self.u)
    }
}

/// C memory that one `produce` call hands to librdkafka, which copies it; freed when the call returns.
private struct CAllocations {
    private var pointers: [UnsafeMutableRawPointer] = []

    /// Returns a NUL-terminated copy of `text`.
    mutating func copy(_ text: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(text)!
        pointers.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }

    /// Returns a copy of `bytes`, or nil for nil. An empty array gets a valid pointer, so that an empty value
    /// stays distinct from a null one.
    mutating func copy(_ bytes: [UInt8]?) -> UnsafeMutableRawPointer? {
        guard let bytes else { return nil }
        let pointer = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress {
                pointer.copyMemory(from: base, byteCount: buffer.count)
            }
        }
        pointers.append(pointer)
        return pointer
    }

    mutating func freeAll() {
        for pointer in pointers {
            free(pointer)
        }
        pointers.removeAll()
    }
}

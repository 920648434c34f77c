internal import CRdKafka
import Core

/// An in-process Kafka cluster from librdkafka's mock broker, for tests and the demo; no broker is needed.
///
/// The brokers listen on loopback ports chosen by the system, with ids 1 to `brokers`. They support
/// producing, consuming, consumer groups and offset commits, but no TLS or SASL, so clients connect with
/// ``KafkaSecurity/plaintext``.
///
/// In librdkafka 2.0.2 the mock cluster keeps only about 5 MiB (and at most 100,000 batches) per partition
/// and drops older data. A test that moves more than that through one partition must therefore run the
/// producer and the consumer at the same time. librdkafka marks the mock API as experimental and outside its stability guarantees.
public final class KafkaMockCluster: @unchecked Sendable {
    // @unchecked: the mock cluster functions are thread-safe (they post commands to the cluster's own thread);
    // `lifecycle` keeps both handles valid during every call.
    private let cluster: OpaquePointer
    private let client: OpaquePointer
    private let context: RDKafkaClientContext
    private let lifecycle = ClientLifecycle()

    /// `host:port` of each mock broker, for ``KafkaConsumerConfiguration/bootstrapServers``.
    public let bootstrapServers: [String]

    /// Starts a cluster of `brokers` brokers. librdkafka's own log lines go to `logger`.
    public init(brokers: Int = 1, logger: Logger = .disabled) throws(KafkaError) {
        guard brokers >= 1 else {
            throw KafkaError(code: .invalidArgument, message: "a mock cluster needs at least 1 broker, not \(brokers)")
        }
        let context = RDKafkaClientContext(logger: logger)

        // The cluster needs a client handle for its bookkeeping; this private one is used for nothing else.
        let client: OpaquePointer
        do {
            var properties = KafkaProperties()
            properties.set("client.id", "ehbridge-mock-cluster")
            client = try RDKafkaClient.make(.mockCluster, properties: properties, context: context)
        } catch {
            throw KafkaError(code: .invalidArgument, message: "creating the mock cluster's handle failed: \(error)")
        }

        guard let cluster = rd_kafka_mock_cluster_new(client, Int32(clamping: brokers)) else {
            rd_kafka_destroy(client)
            throw KafkaError(code: .fatal, message: "librdkafka could not start a mock cluster of \(brokers) brokers")
        }
        self.cluster = cluster
        self.client = client
        self.context = context
        self.bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
            .split(separator: ",")
            .map(String.init)
        logger.info("Kafka mock cluster started", metadata: [
            "kafka.bootstrap_servers": .string(bootstrapServers.joined(separator: ",")),
        ])
    }

    deinit {
        close()
    }

    /// Creates `name` with `partitions` partitions and a replication factor of 1.
    public func createTopic(_ name: String, partitions: Int32) throws(KafkaError) {
        try withCluster("createTopic") { cluster in
            rd_kafka_mock_topic_create(cluster, name, partitions, 1)
        }
    }

    /// Disconnects `brokerID` (or every broker for -1) and rejects new connections. Partition leaders do not
    /// move.
    public func setBrokerDown(_ brokerID: Int32) throws(KafkaError) {
        try withCluster("setBrokerDown") { cluster in rd_kafka_mock_broker_set_down(cluster, brokerID) }
    }

    /// Makes `brokerID` (or every broker for -1) accept connections again.
    public func setBrokerUp(_ brokerID: Int32) throws(KafkaError) {
        try withCluster("setBrokerUp") { cluster in rd_kafka_mock_broker_set_up(cluster, brokerID) }
    }

    /// Delays every response of `brokerID` (or every broker for -1) by `milliseconds`.
    public func setBrokerRoundTripTime(_ brokerID: Int32, milliseconds: Int) throws(KafkaError) {
        try withCluster("setBrokerRoundTripTime") { cluster in
            rd_kafka_mock_broker_set_rtt(cluster, brokerID, Int32(clamping: milliseconds))
        }
    }

    /// Makes the next `errors.count` requests of type `apiKey` fail, in order, with these errors.
    /// `_TRANSPORT` makes the broker drop the connection instead of responding.
    public func pushRequestErrors(apiKey: KafkaProtocolAPIKey, errors: [KafkaError.Code]) throws(KafkaError) {
        guard !errors.isEmpty else { return }
        try withCluster("pushRequestErrors") { cluster in
            let codes = errors.map(\.cValue)
            rd_kafka_mock_push_request_errors_array(cluster, apiKey.rawValue, codes.count, codes)
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Stops the brokers and frees the cluster. Calling it again does nothing; other methods then throw.
    public func close() {
        guard lifecycle.beginClosing() else { return }
        lifecycle.finishClosing()
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(client)
        context.logger.info("Kafka mock cluster stopped")
    }

    private func withCluster(
        _ operation: String, _ body: (OpaquePointer) -> rd_kafka_resp_err_t
    ) throws(KafkaError) {
        guard lifecycle.enter(allowedWhileClosing: false) else {
            throw KafkaError(code: .destroyed, message: "\(operation) failed because the mock cluster is closed")
        }
        defer { lifecycle.leave() }

        let result = body(cluster)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let code = KafkaError.Code(result)
            throw KafkaError(code: code, message: "\(operation) failed: \(code.explanation)")
        }
    }
}

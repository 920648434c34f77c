internal import CRdKafka

/// Creates librdkafka client handles (`rd_kafka_t`).
enum RDKafkaClient {
    /// Creates a handle from `properties` with the callbacks for `kind` pointing at `context`.
    ///
    /// The caller owns the handle and destroys it with `rd_kafka_destroy`, and must keep `context` alive until
    /// then. Throws when librdkafka rejects a property or the combination of properties.
    static func make(
        _ kind: RDKafkaCallbacks.ClientKind, properties: KafkaProperties, context: RDKafkaClientContext
    ) throws(KafkaConfigurationError) -> OpaquePointer {
        let configuration = try RDKafkaConfiguration.make(properties)
        RDKafkaCallbacks.install(on: configuration, context: context, kind: kind)

        var message = [CChar](repeating: 0, count: 512)
        let type = kind == .consumer ? RD_KAFKA_CONSUMER : RD_KAFKA_PRODUCER
        guard let client = rd_kafka_new(type, configuration, &message, message.count) else {
            // rd_kafka_new takes ownership of the configuration only when it succeeds.
            rd_kafka_conf_destroy(configuration)
            throw KafkaConfigurationError(problems: [
                .rejectedByLibrdkafka(key: nil, reason: String(nullTerminated: message)),
            ])
        }
        return client
    }
}

/// One sample of the bytes a bridge instance received from the Kafka brokers, stored in `meter_kafka_fetch`.
///
/// The bytes come from librdkafka's statistics (`rxbytes` of each broker): everything the brokers sent, so
/// record values plus the Kafka protocol's framing, metadata and group coordination. Event Hubs bills these
/// bytes as Azure outbound data transfer when the bridge runs outside Azure.
public struct KafkaFetchSample: Sendable, Equatable {
    /// The row id, or nil for a sample not yet stored.
    public var id: Int64?
    /// The time of the statistics document, in milliseconds since the Unix epoch (UTC).
    public var recordedAtMilliseconds: Int64
    public var instanceID: String
    /// `sent` for `run`, `dry-run` for a dry run, so that a report keeps the two apart.
    public var delivery: MeterDelivery
    /// The broker as librdkafka names it, such as `example.servicebus.windows.net:9093/0`.
    public var broker: String
    /// Bytes received from this broker since the previous sample (or since the client started).
    public var fetchedBytes: Int64
    /// Milliseconds covered by this sample, since the previous sample or the client's start.
    public var intervalMilliseconds: Int64

    public init(
        id: Int64? = nil, recordedAtMilliseconds: Int64, instanceID: String, delivery: MeterDelivery, broker: String,
        fetchedBytes: Int64, intervalMilliseconds: Int64
    ) {
        self.id = id
        self.recordedAtMilliseconds = recordedAtMilliseconds
        self.instanceID = instanceID
        self.delivery = delivery
        self.broker = broker
        self.fetchedBytes = fetchedBytes
        self.intervalMilliseconds = intervalMilliseconds
    }
}

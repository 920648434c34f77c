/// One Kafka record header.
///
/// The value is kept as raw bytes because producers put anything there. Event Hubs, for example, turns AMQP
/// application properties into headers whose values are AMQP-encoded (a string starts with the type byte
/// `0xA1` followed by a 1-byte length), so a value must never be assumed to be UTF-8.
public struct KafkaHeader: Hashable, Sendable {
    /// The header name; the Kafka protocol defines names as UTF-8 strings.
    public var name: String
    /// The raw value bytes, or nil for a header whose value is null (which Kafka allows).
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }
}

/// Facts about a Kafka record besides its value, used where the value has no usable time.
public struct MessageContext: Sendable, Equatable {
    /// The Kafka record timestamp in milliseconds since the UNIX epoch, or nil when the record has none.
    /// A negative value (librdkafka reports -1 for "no timestamp") counts as none.
    public var kafkaTimestampMilliseconds: Int64?
    /// When the bridge read the record, in milliseconds since the UNIX epoch.
    public var receivedAtMilliseconds: Int64

    public init(kafkaTimestampMilliseconds: Int64?, receivedAtMilliseconds: Int64) {
        self.kafkaTimestampMilliseconds = kafkaTimestampMilliseconds
        self.receivedAtMilliseconds = receivedAtMilliseconds
    }
}

/// Facts about a Kafka record besides its value: the fallback times, the offset and the headers.
public struct MessageContext: Sendable, Equatable {
    /// The Kafka record timestamp in milliseconds since the UNIX epoch, or nil when the record has none.
    /// A negative value (librdkafka reports -1 for "no timestamp") counts as none.
    public var kafkaTimestampMilliseconds: Int64?
    /// When the bridge read the record, in milliseconds since the UNIX epoch. Entries whose own time lies
    /// outside the window of ``NormalizationLimits`` around this time are sent with this time.
    public var receivedAtMilliseconds: Int64
    /// The record's offset in its partition (the Event Hubs sequence number), or nil when unknown.
    public var kafkaOffset: Int64?
    /// The record's headers in order, as librdkafka returns them: a name and the raw value bytes, nil for a
    /// header without a value. Names may repeat. Values written by AMQP producers are AMQP-encoded.
    public var headers: [(name: String, value: [UInt8]?)]

    public init(
        kafkaTimestampMilliseconds: Int64?, receivedAtMilliseconds: Int64, kafkaOffset: Int64? = nil,
        headers: [(name: String, value: [UInt8]?)] = []
    ) {
        self.kafkaTimestampMilliseconds = kafkaTimestampMilliseconds
        self.receivedAtMilliseconds = receivedAtMilliseconds
        self.kafkaOffset = kafkaOffset
        self.headers = headers
    }

    public static func == (left: MessageContext, right: MessageContext) -> Bool {
        left.kafkaTimestampMilliseconds == right.kafkaTimestampMilliseconds
            && left.receivedAtMilliseconds == right.receivedAtMilliseconds
            && left.kafkaOffset == right.kafkaOffset
            && left.headers.count == right.headers.count
            && zip(left.headers, right.headers).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

/// The timestamp Kafka keeps with a record.
public struct KafkaTimestamp: Hashable, Sendable {
    /// The origin of a record's timestamp.
    public enum Kind: Hashable, Sendable {
        /// The producer set it when it created the record.
        case createTime
        /// The broker set it when it appended the record to the log.
        case logAppendTime
    }

    /// Milliseconds since the Unix epoch, UTC.
    public var milliseconds: Int64
    public var kind: Kind

    public init(milliseconds: Int64, kind: Kind) {
        self.milliseconds = milliseconds
        self.kind = kind
    }
}

/// Conditions that dead letters must all meet to be listed, counted or exported. A nil field matches all.
public struct DeadLetterFilter: Sendable, Equatable {
    public var reason: DeadLetterReason?
    public var kafkaTopic: String?
    public var kafkaPartition: Int32?
    /// The earliest `created_at_ms` to include, in milliseconds since the Unix epoch.
    public var createdFromMilliseconds: Int64?
    /// The first `created_at_ms` to exclude, in milliseconds since the Unix epoch.
    public var createdBeforeMilliseconds: Int64?
    /// The Kafka offsets to include, such as those of one batch.
    public var kafkaOffsets: ClosedRange<Int64>?

    public init(
        reason: DeadLetterReason? = nil,
        kafkaTopic: String? = nil,
        kafkaPartition: Int32? = nil,
        createdFromMilliseconds: Int64? = nil,
        createdBeforeMilliseconds: Int64? = nil,
        kafkaOffsets: ClosedRange<Int64>? = nil
    ) {
        self.reason = reason
        self.kafkaTopic = kafkaTopic
        self.kafkaPartition = kafkaPartition
        self.createdFromMilliseconds = createdFromMilliseconds
        self.createdBeforeMilliseconds = createdBeforeMilliseconds
        self.kafkaOffsets = kafkaOffsets
    }

    /// Every dead letter.
    public static let all = DeadLetterFilter()

    /// Returns the SQL conditions joined by `AND`, or an empty list, with their arguments.
    func conditions() -> (sql: [String], arguments: [SQLiteValue]) {
        var sql: [String] = []
        var arguments: [SQLiteValue] = []
        if let reason {
            sql.append("reason = ?")
            arguments.append(.text(reason.rawValue))
        }
        if let kafkaTopic {
            sql.append("kafka_topic = ?")
            arguments.append(.text(kafkaTopic))
        }
        if let kafkaPartition {
            sql.append("kafka_partition = ?")
            arguments.append(.integer(kafkaPartition))
        }
        if let createdFromMilliseconds {
            sql.append("created_at_ms >= ?")
            arguments.append(.integer(createdFromMilliseconds))
        }
        if let createdBeforeMilliseconds {
            sql.append("created_at_ms < ?")
            arguments.append(.integer(createdBeforeMilliseconds))
        }
        if let kafkaOffsets {
            sql.append("kafka_offset BETWEEN ? AND ?")
            arguments += [.integer(kafkaOffsets.lowerBound), .integer(kafkaOffsets.upperBound)]
        }
        return (sql, arguments)
    }
}

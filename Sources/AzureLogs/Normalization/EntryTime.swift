import Core

/// The time an entry gets, and where it came from.
struct EntryTime: Equatable {
    enum Source: Equatable {
        /// A time field of the record.
        case record
        /// The Kafka record timestamp, because the record had no parseable time.
        case kafka
        /// The time the bridge read the Kafka record, because there was neither.
        case received

        /// The value of `ehb_time_source`, or nil when no marker is written.
        var markerValue: String? {
            switch self {
            case .record: nil
            case .kafka: "kafka"
            case .received: "received"
            }
        }
    }

    var timestamp: UTCTimestamp
    var source: Source

    /// Returns the time of the first time field (``RecordField/timeAliases``) whose value parses and fits an
    /// entry's time (1970 to 2106), or nil.
    static func fromRecord(_ record: RecordView) -> EntryTime? {
        for field in RecordField.timeAliases {
            guard let text = record.text(of: field), let timestamp = TimestampParser.parse(text),
                  (0...Int64(UInt32.max)).contains(timestamp.secondsSinceEpoch)
            else { continue }
            return EntryTime(timestamp: timestamp, source: .record)
        }
        return nil
    }

    /// Returns the Kafka timestamp when there is one (not negative), else the receive time.
    static func fallback(_ context: MessageContext) -> EntryTime {
        if let kafka = context.kafkaTimestampMilliseconds, kafka >= 0 {
            return EntryTime(timestamp: UTCTimestamp(millisecondsSinceEpoch: kafka), source: .kafka)
        }
        return EntryTime(timestamp: UTCTimestamp(millisecondsSinceEpoch: context.receivedAtMilliseconds), source: .received)
    }

    /// Seconds for ``LogEntry/time``, clamped to the range of `UInt32`.
    var entrySeconds: UInt32 {
        UInt32(clamping: timestamp.secondsSinceEpoch)
    }

    /// Nanoseconds for ``LogEntry/timeNanoseconds``: nil when the source time had no fractional digits.
    var entryNanoseconds: UInt32? {
        timestamp.fractionDigits > 0 ? timestamp.nanoseconds : nil
    }
}

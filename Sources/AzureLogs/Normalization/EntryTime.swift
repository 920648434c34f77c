import Core

/// The time an entry gets, where it came from, and the time it replaced when that lay outside the SLS window.
struct EntryTime: Equatable {
    enum Source: Equatable {
        /// A time field of the record.
        case record
        /// The Kafka record timestamp, because the record had no parseable time.
        case kafka
        /// The time the bridge read the Kafka record: there was no other time, or it lay outside the window.
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
    /// The record or Kafka time that lay outside the window, which `ehb_original_time` keeps.
    var replacedTimestamp: UTCTimestamp?

    /// Returns the time of the first time field (``RecordField/timeAliases``) whose value parses and fits an
    /// entry's time (1970 to 2106), or nil. A value is read as text (``TimestampParser``), else as a count
    /// since the epoch (``EpochTimestampParser``).
    static func fromRecord(_ record: borrowing RecordView) -> EntryTime? {
        for field in RecordField.timeAliases {
            let parsed = record.withText(of: field) { text in
                TimestampParser.parse(bytes: text) ?? EpochTimestampParser.parse(bytes: text)
            }
            guard let timestamp = parsed, (0...Int64(UInt32.max)).contains(timestamp.secondsSinceEpoch) else {
                continue
            }
            return EntryTime(timestamp: timestamp, source: .record)
        }
        return nil
    }

    /// Returns the Kafka timestamp when there is one (not negative), else the receive time.
    static func fallback(_ context: MessageContext) -> EntryTime {
        if let kafka = context.kafkaTimestampMilliseconds, kafka >= 0 {
            return EntryTime(timestamp: UTCTimestamp(millisecondsSinceEpoch: kafka), source: .kafka)
        }
        return received(context)
    }

    static func received(_ context: MessageContext) -> EntryTime {
        EntryTime(timestamp: UTCTimestamp(millisecondsSinceEpoch: context.receivedAtMilliseconds), source: .received)
    }

    /// Returns this time, or the receive time with this time kept as ``replacedTimestamp`` when it lies more
    /// than `limits.maximumAgeSeconds` before or `limits.maximumFutureSeconds` after the receive time, so
    /// that SLS does not reject the entry.
    func keptInWindow(_ context: MessageContext, limits: NormalizationLimits) -> EntryTime {
        guard source != .received else {
            return self
        }
        let now = context.receivedAtMilliseconds / 1000
        let seconds = timestamp.secondsSinceEpoch
        if seconds >= now - limits.maximumAgeSeconds && seconds <= now + limits.maximumFutureSeconds {
            return self
        }
        var adjusted = Self.received(context)
        adjusted.replacedTimestamp = timestamp
        return adjusted
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

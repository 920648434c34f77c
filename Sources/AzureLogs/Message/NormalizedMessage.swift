import Core

/// The log entries made from one Kafka message, the tags made from its headers, and what happened on the
/// way.
public struct NormalizedMessage: Sendable, Equatable {
    /// The entries in record order, ready for a Logstore.
    public var entries: [LogEntry]
    public var outcome: MessageOutcome
    /// LogGroup tags from the Kafka headers, in header order: keys `ehb_header_<name>` rewritten to the SLS
    /// key rule, values decoded from AMQP where the header is AMQP-encoded. Empty when the options turn
    /// header tags off.
    public var tags: [(key: String, value: String)]
    /// The reasons the full Kafka record must also go to the dead-letter store, because an entry contains
    /// less than the record did. Empty when the entries contain everything.
    public var deadLetterCauses: [DeadLetterCause]
    /// Counts of what normalization repaired, rewrote or adjusted.
    public var report: NormalizationReport

    public init(
        entries: [LogEntry], outcome: MessageOutcome, tags: [(key: String, value: String)] = [],
        deadLetterCauses: [DeadLetterCause] = [], report: NormalizationReport = .init()
    ) {
        self.entries = entries
        self.outcome = outcome
        self.tags = tags
        self.deadLetterCauses = deadLetterCauses
        self.report = report
    }

    /// Whether the pipeline must also write the full Kafka record to the dead-letter store.
    public var requiresDeadLetter: Bool {
        !deadLetterCauses.isEmpty
    }

    public static func == (left: NormalizedMessage, right: NormalizedMessage) -> Bool {
        left.entries == right.entries && left.outcome == right.outcome
            && left.tags.count == right.tags.count
            && zip(left.tags, right.tags).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            && left.deadLetterCauses == right.deadLetterCauses && left.report == right.report
    }
}

/// The kind of message value the normalizer found.
public enum MessageOutcome: Sendable, Equatable {
    /// The value held records: a `records` envelope, a top-level array, one object, or several of these as
    /// JSON Lines. `records` counts them. There is one entry per record, or one per flow tuple when flow
    /// tuples are expanded. An element that is not an object, and a JSON line that could not be read, still
    /// count, each as an entry with `ehb_raw` and `ehb_parse_error`.
    case parsed(records: Int)
    /// The value held no records, which is not an error: there are zero entries.
    case empty(EmptyReason)
    /// The value could not be read as records, even after decompression, encoding repair and the enabled
    /// sanitizers, or is valid JSON that is not an object or array. There is exactly one entry, which keeps
    /// the message text in `ehb_raw`.
    case parseError(ParseFailure)
}

/// The reason a message value produced no entries.
public enum EmptyReason: Sendable, Equatable {
    /// A null value, such as a Kafka tombstone.
    case nullValue
    /// A zero-length value.
    case zeroLength
    /// `{"records":[]}`, also when JSON Lines hold only such envelopes.
    case emptyRecords
    /// A top-level `[]`, also when JSON Lines hold only empty arrays or envelopes.
    case emptyArray
}

/// The reason a message value could not be read as records, and where reading stopped.
public struct ParseFailure: Sendable, Equatable, CustomStringConvertible {
    /// A short English description, for example `expected ',' or '}', found '''`.
    public var description: String
    /// Offset in bytes from the start of the message value (a leading BOM counts) where parsing stopped. For a
    /// gzip-compressed value, the offset is into the inflated bytes.
    public var byteOffset: Int

    public init(description: String, byteOffset: Int) {
        self.description = description
        self.byteOffset = byteOffset
    }
}

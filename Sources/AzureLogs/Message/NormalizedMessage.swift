import Core

/// The log entries made from one Kafka message value, and what kind of value it was.
public struct NormalizedMessage: Sendable, Equatable {
    /// The entries in record order, ready for a Logstore.
    public var entries: [LogEntry]
    public var outcome: MessageOutcome

    public init(entries: [LogEntry], outcome: MessageOutcome) {
        self.entries = entries
        self.outcome = outcome
    }
}

/// The kind of message value the normalizer found.
public enum MessageOutcome: Sendable, Equatable {
    /// The value held records (a `records` envelope, a top-level array or one object); `entries.count == records`.
    /// An element of an envelope or array that is not an object still counts, as an entry with `ehb_raw` and
    /// `ehb_parse_error`.
    case parsed(records: Int)
    /// The value held no records, which is not an error: there are zero entries.
    case empty(EmptyReason)
    /// The value is not valid JSON, or valid JSON that is not an object or array. There is exactly one entry,
    /// which keeps the message text in `ehb_raw`.
    case parseError(ParseFailure)
}

/// The reason a message value produced no entries.
public enum EmptyReason: Sendable, Equatable {
    /// A null value, such as a Kafka tombstone.
    case nullValue
    /// A zero-length value.
    case zeroLength
    /// `{"records":[]}`.
    case emptyRecords
    /// A top-level `[]`.
    case emptyArray
}

/// The reason a message value could not be read as records, and where reading stopped.
public struct ParseFailure: Sendable, Equatable, CustomStringConvertible {
    /// A short English description, for example `expected ',' or '}', found '''`.
    public var description: String
    /// Offset in bytes from the start of the message value (a leading BOM counts) where parsing stopped.
    public var byteOffset: Int

    public init(description: String, byteOffset: Int) {
        self.description = description
        self.byteOffset = byteOffset
    }
}

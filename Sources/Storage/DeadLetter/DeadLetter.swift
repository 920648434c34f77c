/// A Kafka record that ehbridge could not deliver, kept with its raw bytes so that it can be inspected or
/// replayed, and the error that stopped it.
public struct DeadLetter: Sendable, Equatable {
    /// The row id, or nil for a dead letter not yet stored.
    public var id: Int64?
    /// The time the record was dead-lettered, in milliseconds since the Unix epoch (UTC).
    public var createdAtMilliseconds: Int64
    public var kafkaTopic: String
    public var kafkaPartition: Int32
    public var kafkaOffset: Int64
    /// The record's Kafka timestamp in milliseconds since the Unix epoch, or nil when it had none.
    public var kafkaTimestampMilliseconds: Int64?
    /// The record key as received, or nil when it had none.
    public var kafkaKey: [UInt8]?
    /// The record value as received, or nil when it had none. It is stored unredacted, because replaying it
    /// needs the original bytes.
    public var kafkaValue: [UInt8]?
    public var kafkaHeaders: [DeadLetterHeader]
    public var reason: DeadLetterReason
    /// The error code from the failing component, such as an SLS error code (`PostBodyInvalid`), or nil.
    public var errorCode: String?
    /// The error message. Callers must redact it, and the store redacts it again before storing it.
    public var errorMessage: String
    /// The delivery mode the record was routed to, or nil when it failed before routing.
    public var mode: MeterMode?
    /// The SLS project the record was routed to, or nil when it failed before routing.
    public var project: String?
    /// The Logstore the record was routed to, or nil when it failed before routing.
    public var logstore: String?
    /// The delivery attempts made for this record. When the same record fails again for the same reason, the
    /// store adds the new attempts to the stored ones.
    public var attempts: Int
    /// The entries SLS refused when it accepted the record's other entries, or nil when the whole record is kept.
    public var refusedEntries: RefusedEntries?

    public init(
        id: Int64? = nil,
        createdAtMilliseconds: Int64,
        kafkaTopic: String,
        kafkaPartition: Int32,
        kafkaOffset: Int64,
        kafkaTimestampMilliseconds: Int64? = nil,
        kafkaKey: [UInt8]? = nil,
        kafkaValue: [UInt8]?,
        kafkaHeaders: [DeadLetterHeader] = [],
        reason: DeadLetterReason,
        errorCode: String? = nil,
        errorMessage: String,
        mode: MeterMode? = nil,
        project: String? = nil,
        logstore: String? = nil,
        attempts: Int,
        refusedEntries: RefusedEntries? = nil
    ) {
        self.id = id
        self.createdAtMilliseconds = createdAtMilliseconds
        self.kafkaTopic = kafkaTopic
        self.kafkaPartition = kafkaPartition
        self.kafkaOffset = kafkaOffset
        self.kafkaTimestampMilliseconds = kafkaTimestampMilliseconds
        self.kafkaKey = kafkaKey
        self.kafkaValue = kafkaValue
        self.kafkaHeaders = kafkaHeaders
        self.reason = reason
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.mode = mode
        self.project = project
        self.logstore = logstore
        self.attempts = attempts
        self.refusedEntries = refusedEntries
    }
}

/// One Kafka record header. Kafka allows a null value, which is distinct from an empty one.
public struct DeadLetterHeader: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }
}

/// A stable identifier of why a record was dead-lettered, stored as text in `dead_letters.reason`.
///
/// The type is open, so components may add reasons. A reason, once stored, must keep its text.
public struct DeadLetterReason: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// SLS rejected the request with an error that retrying cannot fix.
    public static let slsRejected = DeadLetterReason(rawValue: "sls_rejected")
    /// A log entry made from the record exceeds the size that one PutLogs request may carry.
    public static let entryTooLarge = DeadLetterReason(rawValue: "entry_too_large")
    /// The record value could not be decoded or normalized into log entries.
    public static let invalidRecord = DeadLetterReason(rawValue: "invalid_record")
    /// Delivery kept failing with retryable errors until the retry limit.
    public static let retriesExhausted = DeadLetterReason(rawValue: "retries_exhausted")
    /// The batch could not be compressed for its request.
    public static let encodingFailed = DeadLetterReason(rawValue: "encoding_failed")
    /// A raw copy of a record whose entries lost part of it, for a cause without a reason of its own.
    public static let incompleteEntry = DeadLetterReason(rawValue: "incomplete_entry")

    public static func < (lhs: DeadLetterReason, rhs: DeadLetterReason) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}

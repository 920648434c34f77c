/// The reason an entry contains less than its Kafka record, so that the record must also be dead-lettered.
public enum DeadLetterCause: Sendable, Equatable, CustomStringConvertible {
    /// A value was longer than the SLS limit and was truncated; `key` is the entry key, `originalBytes` the
    /// value's full size.
    case valueTruncated(key: String, originalBytes: Int)
    /// The raw text of unreadable input had invalid UTF-8 or NUL bytes, which `ehb_raw` replaces with U+FFFD.
    case rawTextNotUTF8
    /// The value starts like gzip (`1F 8B`) but could not be inflated, so `ehb_raw` contains base64 text instead
    /// of the data. `exceedsLimit` is true when the data was intact but inflates to more than
    /// `max_inflated_bytes`.
    case decompressionFailed(String, exceedsLimit: Bool = false)
    /// Encoding repair replaced invalid UTF-8, NUL bytes or lone surrogates in the record with U+FFFD, or
    /// dropped a NUL byte. The names are those of `ehb_sanitized`.
    case textRepaired([String])
    /// A key repeats with different values, and the entry keeps only the last one.
    case repeatedKey(key: String)
    /// The entry is still larger than `max_entry_bytes` after every value was cut as far as the limits allow,
    /// so it is sent as it is and may be rejected.
    case entryOverLimit(bytes: Int, limit: Int)
    /// `expand_flow_tuples` made the entries, and they leave out part of the flow container: a member or
    /// element of a shape the expansion does not know, a tuple that is not a string, or a group without tuples.
    case flowTuplesIncomplete

    /// The ``reasonID`` of every cause: the reasons of raw copies, records that reached the Logstore with an
    /// entry that lost part of them.
    public static let reasonIDs: Set<String> = [
        "value_truncated", "raw_text_not_utf8", "decompression_failed", "text_repaired", "repeated_key",
        "entry_over_limit", "flow_tuples_incomplete",
    ]

    /// A stable identifier of the cause, used as the dead-letter store's reason.
    public var reasonID: String {
        switch self {
        case .valueTruncated: "value_truncated"
        case .rawTextNotUTF8: "raw_text_not_utf8"
        case .decompressionFailed: "decompression_failed"
        case .textRepaired: "text_repaired"
        case .repeatedKey: "repeated_key"
        case .entryOverLimit: "entry_over_limit"
        case .flowTuplesIncomplete: "flow_tuples_incomplete"
        }
    }

    public var description: String {
        switch self {
        case .valueTruncated(let key, let originalBytes):
            "value of \(key) truncated from \(originalBytes) bytes"
        case .rawTextNotUTF8:
            "raw text had invalid UTF-8 or NUL bytes"
        case .decompressionFailed(let reason, _):
            "gzip value not inflated: \(reason)"
        case .textRepaired(let names):
            "bytes replaced to make the text readable (\(names.joined(separator: ", ")))"
        case .repeatedKey(let key):
            "key \(key) repeats with different values; the entry keeps the last one"
        case .entryOverLimit(let bytes, let limit):
            "entry has \(bytes) bytes, above max_entry_bytes (\(limit)), after every value was cut as far as allowed"
        case .flowTuplesIncomplete:
            "flow tuple entries leave out parts of the flow container that have no known place"
        }
    }

    /// Whether raising a normalization limit lets a replay deliver the record whole.
    public var isFixedByLimits: Bool {
        switch self {
        case .valueTruncated: true
        case .rawTextNotUTF8: false
        case .decompressionFailed(_, let exceedsLimit): exceedsLimit
        case .textRepaired, .repeatedKey, .flowTuplesIncomplete: false
        case .entryOverLimit: true
        }
    }

    /// The step that lets a replay deliver the record whole, for the error message of a dead letter that is kept.
    public var replayAdvice: String {
        switch self {
        case .valueTruncated:
            "raise normalization.limits.max_value_bytes (and max_entry_bytes if the entry is larger) before replaying it"
        case .rawTextNotUTF8:
            "no setting makes these bytes valid text; the Logstore has the entry with them replaced, and "
                + "`ehbridge dlq export` writes the original bytes"
        case .decompressionFailed(_, let exceedsLimit):
            exceedsLimit
                ? "raise normalization.limits.max_inflated_bytes before replaying it"
                : "the gzip data is damaged and no setting repairs it; the Logstore has the entry with the data in "
                    + "base64, and `ehbridge dlq export` writes the original bytes"
        case .textRepaired:
            "no setting restores these bytes; the Logstore has the entry with them replaced, and "
                + "`ehbridge dlq export` writes the original bytes"
        case .repeatedKey:
            "an entry cannot hold one key twice; the Logstore has the entry with the last value, and "
                + "`ehbridge dlq export` writes every value"
        case .entryOverLimit:
            "raise normalization.limits.max_entry_bytes above the entry's size before replaying it"
        case .flowTuplesIncomplete:
            "set normalization.expand_flow_tuples to false before replaying it, so that the record is sent whole"
        }
    }
}

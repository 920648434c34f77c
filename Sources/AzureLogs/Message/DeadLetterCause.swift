/// The reason an entry contains less than its Kafka record, so that the record must also be dead-lettered.
public enum DeadLetterCause: Sendable, Equatable, CustomStringConvertible {
    /// A value was longer than the SLS limit and was truncated; `key` is the entry key, `originalBytes` the
    /// value's full size.
    case valueTruncated(key: String, originalBytes: Int)
    /// The raw text of unreadable input had invalid UTF-8 or NUL bytes, which `ehb_raw` replaces with U+FFFD.
    case rawTextNotUTF8
    /// The value starts like gzip (`1F 8B`) but could not be inflated within the size cap, so `ehb_raw` contains
    /// base64 text instead of the data.
    case decompressionFailed(String)

    /// A stable identifier of the cause, used as the dead-letter store's reason.
    public var reasonID: String {
        switch self {
        case .valueTruncated: "value_truncated"
        case .rawTextNotUTF8: "raw_text_not_utf8"
        case .decompressionFailed: "decompression_failed"
        }
    }

    public var description: String {
        switch self {
        case .valueTruncated(let key, let originalBytes):
            "value of \(key) truncated from \(originalBytes) bytes"
        case .rawTextNotUTF8:
            "raw text had invalid UTF-8 or NUL bytes"
        case .decompressionFailed(let reason):
            "gzip value not inflated: \(reason)"
        }
    }
}

/// Size and time limits that entries must meet for SLS, with defaults from the SLS documentation.
///
/// The normalizer enforces the per-value, per-entry and time limits itself. The LogGroup limits are for the
/// batcher, which packs entries into PutLogs requests. They live here so that one configuration section
/// contains every SLS limit. Sizes are in bytes of UTF-8 text. "MB" below is 10⁶ bytes, the stricter
/// reading, because the SLS documents do not say which megabyte they mean.
public struct NormalizationLimits: Sendable, Equatable {
    /// The maximum size of one content value, in bytes. A longer value is truncated with a marker. Default
    /// 1,000,000, because older SLS PutLogs documentation limits a content value to 1 MB.
    public var maximumValueBytes: Int
    /// The maximum sum of key and value bytes of one entry. A larger entry has its longest values
    /// truncated until it fits. Default 1,000,000, because the current PutLogs documentation recommends at
    /// most 1 MB of values per log. Protobuf framing adds a few bytes per content, which this sum leaves out.
    public var maximumEntryBytes: Int
    /// The maximum key length, in bytes. Default 128, because the SLS log data model allows keys of 1 to
    /// 128 bytes.
    public var maximumKeyBytes: Int
    /// How far before the receive time an entry's time may lie, in seconds. Default 601,200 (7 days minus
    /// 1 hour). Older SLS PutLogs documentation rejects logs older than 7 days, and the hour covers delivery
    /// retries and clock skew.
    public var maximumAgeSeconds: Int64
    /// How far after the receive time an entry's time may lie, in seconds. Default 600. Older SLS PutLogs
    /// documentation rejects logs more than 15 minutes in the future, and 5 minutes are kept for clock skew.
    public var maximumFutureSeconds: Int64
    /// The maximum inflated size of a gzip-compressed message value, in bytes. A larger one becomes a raw
    /// entry, which guards against zip bombs. Default 33,554,432 (32 MiB, 32 times the 1 MB Event Hubs
    /// message limit).
    public var maximumInflatedBytes: Int
    /// The maximum encoded LogGroup size for the batcher, in bytes. Default 5,000,000, because SLS limits a
    /// LogGroup to 5 MB (a PutLogs request may carry 10 MB of raw data).
    public var maximumLogGroupBytes: Int
    /// The maximum number of logs in one LogGroup for the batcher. Default 4096, the SLS limit.
    public var maximumLogGroupEntries: Int

    public init(
        maximumValueBytes: Int = 1_000_000, maximumEntryBytes: Int = 1_000_000, maximumKeyBytes: Int = 128,
        maximumAgeSeconds: Int64 = 601_200, maximumFutureSeconds: Int64 = 600,
        maximumInflatedBytes: Int = 33_554_432, maximumLogGroupBytes: Int = 5_000_000,
        maximumLogGroupEntries: Int = 4096
    ) {
        self.maximumValueBytes = maximumValueBytes
        self.maximumEntryBytes = maximumEntryBytes
        self.maximumKeyBytes = maximumKeyBytes
        self.maximumAgeSeconds = maximumAgeSeconds
        self.maximumFutureSeconds = maximumFutureSeconds
        self.maximumInflatedBytes = maximumInflatedBytes
        self.maximumLogGroupBytes = maximumLogGroupBytes
        self.maximumLogGroupEntries = maximumLogGroupEntries
    }

    /// Returns a description of every limit that cannot work, one per line, or an empty list. Values must
    /// be at least 64 bytes (room for a truncation marker), keys at least 16 bytes (room for a rewritten
    /// key and its suffix), and times and counts positive.
    public func problems() -> [String] {
        var problems: [String] = []
        if maximumValueBytes < 64 {
            problems.append("maximum value bytes must be at least 64, not \(maximumValueBytes)")
        }
        if maximumEntryBytes < maximumKeyBytes + 64 {
            problems.append("maximum entry bytes must be at least the maximum key bytes plus 64, not \(maximumEntryBytes)")
        }
        if maximumKeyBytes < 16 {
            problems.append("maximum key bytes must be at least 16, not \(maximumKeyBytes)")
        }
        if maximumKeyBytes > 128 {
            problems.append("maximum key bytes must be at most 128, the SLS limit, not \(maximumKeyBytes)")
        }
        if maximumAgeSeconds <= 0 {
            problems.append("maximum age must be a positive number of seconds, not \(maximumAgeSeconds)")
        }
        if maximumFutureSeconds < 0 {
            problems.append("maximum future offset must not be negative, not \(maximumFutureSeconds)")
        }
        if maximumInflatedBytes <= 0 {
            problems.append("maximum inflated bytes must be positive, not \(maximumInflatedBytes)")
        }
        if maximumLogGroupBytes <= 0 {
            problems.append("maximum LogGroup bytes must be positive, not \(maximumLogGroupBytes)")
        } else if maximumEntryBytes > maximumLogGroupBytes {
            // An entry goes whole into one LogGroup, so a larger one could never be sent.
            problems.append("maximum entry bytes (\(maximumEntryBytes)) must not exceed the maximum LogGroup bytes "
                + "(\(maximumLogGroupBytes))")
        }
        if maximumLogGroupEntries <= 0 {
            problems.append("maximum LogGroup entries must be positive, not \(maximumLogGroupEntries)")
        }
        return problems
    }
}

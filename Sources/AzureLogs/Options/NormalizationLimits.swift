/// Size and time limits that entries must meet for SLS, with defaults from the SLS documentation.
///
/// The normalizer enforces the per-value, per-entry and time limits itself. The LogGroup limits are for the
/// batcher, which packs entries into PutLogs requests; they live here so that one configuration section
/// holds every SLS limit. Sizes are in bytes of UTF-8 text; "MB" below is 10⁶ bytes, the stricter reading
/// of the SLS documents, which do not say which megabyte they mean.
public struct NormalizationLimits: Sendable, Equatable {
    /// The largest value of one content, in bytes. A longer value is truncated with a marker. Default
    /// 1,000,000: the PutLogs reference (2023) says a content value cannot be greater than 1 MB.
    public var maximumValueBytes: Int
    /// The largest sum of key and value bytes of one entry. A larger entry has its longest values
    /// truncated until it fits. Default 1,000,000: the current PutLogs reference recommends at most 1 MB of
    /// values per log. Protobuf framing adds a few bytes per content, which this sum leaves out.
    public var maximumEntryBytes: Int
    /// The longest key, in bytes. Default 128: the SLS log data model allows keys of 1 to 128 bytes.
    public var maximumKeyBytes: Int
    /// How far before the receive time an entry's time may lie, in seconds. Default 601,200 (7 days minus
    /// 1 hour): SLS rejects logs older than 7 days (older PutLogs reference), and the hour covers delivery
    /// retries and clock skew.
    public var maximumAgeSeconds: Int64
    /// How far after the receive time an entry's time may lie, in seconds. Default 600: SLS rejects logs
    /// more than 15 minutes in the future (older PutLogs reference), less 5 minutes for clock skew.
    public var maximumFutureSeconds: Int64
    /// The largest inflated size of a gzip-compressed message value, in bytes; a larger one is a raw entry,
    /// which guards against zip bombs. Default 33,554,432 (32 MiB, 32 times the 1 MB Event Hubs message
    /// limit).
    public var maximumInflatedBytes: Int
    /// For the batcher: the largest encoded LogGroup, in bytes. Default 5,000,000: the SLS limits page gives
    /// 5 MB per LogGroup (a PutLogs request may hold 10 MB of raw data).
    public var maximumLogGroupBytes: Int
    /// For the batcher: the most logs in one LogGroup. Default 4096, from the SLS limits page.
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
        }
        if maximumLogGroupEntries <= 0 {
            problems.append("maximum LogGroup entries must be positive, not \(maximumLogGroupEntries)")
        }
        return problems
    }
}

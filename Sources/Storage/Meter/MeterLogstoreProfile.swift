/// The Logstore settings that decide what a metered write costs beyond its bytes: which fields SLS indexes, how
/// long it keeps the data in which storage tier, and how many shards are active.
///
/// The pipeline records the profile of the configured Logstore with every row, so that a report can turn the
/// stored bytes into GB-days per tier and count shard-days from the meter files alone.
public struct MeterLogstoreProfile: Sendable, Hashable {
    public var indexMode: MeterIndexMode
    /// Days SLS keeps the data (the Logstore's data retention period, 1 to 3650).
    public var retentionDays: Int
    /// Days the data stays in the hot tier before it moves to infrequent access (IA) or archive. Equal to
    /// ``retentionDays`` when the Logstore does not use tiered storage.
    public var hotDays: Int
    /// The age in days at which the data moves to the archive tier, or nil when it never does. The data is in
    /// the IA tier from ``hotDays`` until this age.
    public var archiveAfterDays: Int?
    /// Read-write shards of the Logstore. SLS bills every active shard per day.
    public var activeShards: Int

    public init(indexMode: MeterIndexMode, retentionDays: Int, hotDays: Int, archiveAfterDays: Int?, activeShards: Int) {
        self.indexMode = indexMode
        self.retentionDays = retentionDays
        self.hotDays = hotDays
        self.archiveAfterDays = archiveAfterDays
        self.activeShards = activeShards
    }
}

/// How the Logstore indexes the logs, which decides the index traffic. Stored as text in
/// `meter_writes.index_mode`; open like ``MeterMode`` so that a newer file still reads.
public struct MeterIndexMode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A full-text index: SLS indexes the whole raw log.
    public static let fullText = MeterIndexMode(rawValue: "full-text")
    /// Field indexes only: SLS indexes the named fields' keys and values.
    public static let fields = MeterIndexMode(rawValue: "fields")
    /// No index: SLS stores the logs but indexes nothing.
    public static let none = MeterIndexMode(rawValue: "none")

    public static func < (lhs: MeterIndexMode, rhs: MeterIndexMode) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}

import Foundation

/// Traffic described by assumptions instead of measurements, for `ehbridge estimate`.
///
/// The model derives the rest from the raw volume per day. Normalized bytes follow ``normalizedRatio``,
/// compressed bytes ``compressionRatio`` and indexed bytes ``indexedFraction`` of the normalized bytes. Requests
/// are batches of the SLS producers' defaults (at most 4096 entries and 512 KiB of LogGroup each). Event Hubs
/// events are one per ``averageRecordBytes`` record and at least one per 64 KiB. Kafka fetch bytes equal the raw
/// bytes without protocol framing, so they are a lower bound.
public struct AssumedTraffic: Sendable, Equatable {
    /// Kafka record bytes per day.
    public var rawBytesPerDay: Decimal
    /// Raw bytes per log entry.
    public var averageEntryBytes: Decimal
    /// Raw bytes per Kafka record (one Event Hubs event).
    public var averageRecordBytes: Decimal
    /// Normalized (LogGroup) bytes per raw byte.
    public var normalizedRatio: Decimal
    /// Normalized bytes per compressed byte, such as 5 for 5:1. The default, 5, is close to the 5.4:1 that
    /// ehbridge-bench measures for LogGroups of its generated Azure corpus (docs/benchmarks.md).
    public var compressionRatio: Decimal
    /// Indexed bytes per normalized byte: 1 for a full-text index, 0 for none, in between for field indexes.
    public var indexedFraction: Decimal
    public var logstore: LogstoreAssumptions

    /// The batch limits of the SLS producers, which ehbridge uses by default.
    public static let batchMaxEntries: Decimal = 4096
    public static let batchMaxBytes: Decimal = 524_288
    /// Event Hubs counts one ingress event per started 64 KiB.
    public static let eventUnitBytes: Decimal = 65_536

    public init(
        rawBytesPerDay: Decimal, averageEntryBytes: Decimal = 1_024, averageRecordBytes: Decimal = 65_536,
        normalizedRatio: Decimal = 1, compressionRatio: Decimal = 5, indexedFraction: Decimal = 1,
        logstore: LogstoreAssumptions = LogstoreAssumptions(policy: StoragePolicy(retentionDays: 30), activeShards: 2)
    ) {
        self.rawBytesPerDay = rawBytesPerDay
        self.averageEntryBytes = averageEntryBytes
        self.averageRecordBytes = averageRecordBytes
        self.normalizedRatio = normalizedRatio
        self.compressionRatio = compressionRatio
        self.indexedFraction = indexedFraction
        self.logstore = logstore
    }

    /// The traffic of one day.
    public var dailyVolume: DailyVolume {
        let normalized = rawBytesPerDay * normalizedRatio
        let compressed = normalized / compressionRatio
        let indexed = normalized * indexedFraction
        let entries = rawBytesPerDay / averageEntryBytes
        let requests = DecimalText.ceiling(max(entries / Self.batchMaxEntries, normalized / Self.batchMaxBytes))
        let eventsPerRecord = DecimalText.ceiling(averageRecordBytes / Self.eventUnitBytes)
        let events = DecimalText.ceiling(rawBytesPerDay / averageRecordBytes) * eventsPerRecord
        return DailyVolume(
            rawBytes: rawBytesPerDay, normalizedBytes: normalized, compressedBytes: compressed, indexedBytes: indexed,
            storedBytes: compressed + indexed, requests: requests, billableEvents: events, kafkaFetchBytes: rawBytesPerDay
        )
    }

    /// The assumptions in words, for reports.
    public var summary: [String] {
        [
            "Traffic: \(DecimalText.plain(rawBytesPerDay / 1_073_741_824, maxPlaces: 3)) GB of Kafka records per day "
                + "(1 GB = 1024³ bytes), \(DecimalText.plain(averageEntryBytes)) bytes per log entry, "
                + "\(DecimalText.plain(averageRecordBytes)) bytes per Kafka record.",
            "Normalized LogGroup bytes are \(DecimalText.plain(normalizedRatio)) times the raw bytes; compression "
                + "is \(DecimalText.plain(compressionRatio)):1; the index covers "
                + "\(DecimalText.plain(indexedFraction * 100, maxPlaces: 2))% of the normalized bytes.",
            "Requests: one PutLogs request per 4096 entries or 512 KiB of LogGroup, whichever comes first, without "
                + "retries.",
            "Kafka fetch bytes equal the raw bytes; the Kafka protocol framing is not included, so Azure egress is "
                + "a lower bound.",
            "Logstore: retention \(logstore.policy.summary); \(logstore.activeShards) active shards.",
        ]
    }
}

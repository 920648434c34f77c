/// A quantity that a price applies to, computed per day from the meter (or from stated assumptions).
///
/// Price files name one meter per item, so the mapping from usage to price is data, not code. Byte meters count
/// bytes, byte-day meters count bytes held for a day, and the rest count events, requests, shards or hours.
public enum UsageMeter: String, Sendable, CaseIterable, Comparable {
    /// Kafka record values as received from Event Hubs, before normalization.
    case rawBytes = "raw_bytes"
    /// Uncompressed LogGroup protobuf bytes sent to SLS (`x-log-bodyrawsize`): what SLS calls raw data.
    case normalizedBytes = "normalized_bytes"
    /// PutLogs bodies as sent, after compression: SLS write traffic.
    case compressedBytes = "compressed_bytes"
    /// Raw bytes that the Logstore's index setting indexes: SLS index traffic.
    case indexedBytes = "indexed_bytes"
    /// Stored bytes (compressed logs plus index) held in the hot tier, per day.
    case storedHotByteDays = "stored_hot_byte_days"
    /// Stored bytes held in the infrequent access (IA) tier, per day.
    case storedInfrequentAccessByteDays = "stored_ia_byte_days"
    /// Stored bytes held in the archive tier, per day, with the archive tier's minimum storage period.
    case storedArchiveByteDays = "stored_archive_byte_days"
    /// CTDR Log Ingestion Traffic: the day's ingested bytes, on the configured basis (raw Kafka or normalized),
    /// held as a daily quota for one day.
    case ctdrIngestionQuota = "ctdr_ingestion_quota"
    /// CTDR Log Storage Capacity: ingested bytes (same basis) held for the Logstore's retention period, per day.
    case ctdrStoredByteDays = "ctdr_stored_byte_days"
    /// SLS read and write requests: every PutLogs HTTP attempt, retries included.
    case requests = "requests"
    /// Active shards of the Logstore, per day.
    case shardDays = "shard_days"
    /// Compressed bytes read from the Logstore over a public endpoint, from a stated assumption.
    case internetReadBytes = "internet_read_bytes"
    /// Bytes received from the Event Hubs Kafka endpoint, protocol framing included: Azure outbound data transfer.
    case kafkaFetchBytes = "kafka_fetch_bytes"
    /// Event Hubs billable ingress events: one per started 64 KiB of a record.
    case eventHubsEvents = "event_hubs_events"
    /// Event Hubs throughput, processing or capacity units held, per hour.
    case eventHubsUnitHours = "event_hubs_unit_hours"

    /// The kind of quantity the meter counts.
    public var dimension: UsageDimension {
        switch self {
        case .rawBytes, .normalizedBytes, .compressedBytes, .indexedBytes, .internetReadBytes, .kafkaFetchBytes:
            .bytes
        case .storedHotByteDays, .storedInfrequentAccessByteDays, .storedArchiveByteDays, .ctdrIngestionQuota,
             .ctdrStoredByteDays:
            .byteDays
        case .requests, .eventHubsEvents:
            .count
        case .shardDays:
            .shardDays
        case .eventHubsUnitHours:
            .unitHours
        }
    }

    public static func < (lhs: UsageMeter, rhs: UsageMeter) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The kind of quantity a meter counts, which decides the price units that fit it.
public enum UsageDimension: String, Sendable {
    case bytes
    case byteDays = "byte-days"
    case count
    case shardDays = "shard-days"
    case unitHours = "unit-hours"
}

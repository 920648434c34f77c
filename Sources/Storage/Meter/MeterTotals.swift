import Foundation

/// A half-open time range `[start, end)` over `recorded_at_ms`, in milliseconds since the Unix epoch (UTC).
/// A nil bound leaves that side open.
public struct MeterTimeRange: Sendable, Equatable {
    public var startMilliseconds: Int64?
    public var endMilliseconds: Int64?

    public init(startMilliseconds: Int64? = nil, endMilliseconds: Int64? = nil) {
        self.startMilliseconds = startMilliseconds
        self.endMilliseconds = endMilliseconds
    }

    /// Every row.
    public static let all = MeterTimeRange()

    /// Returns a SQL condition on `recorded_at_ms` with its arguments, starting with `WHERE` when not empty.
    func whereClause() -> (sql: String, arguments: [SQLiteValue]) {
        var conditions: [String] = []
        var arguments: [SQLiteValue] = []
        if let startMilliseconds {
            conditions.append("recorded_at_ms >= ?")
            arguments.append(.integer(startMilliseconds))
        }
        if let endMilliseconds {
            conditions.append("recorded_at_ms < ?")
            arguments.append(.integer(endMilliseconds))
        }
        let sql = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return (sql, arguments)
    }
}

/// Sums over metered PutLogs requests. Sizes are in bytes.
///
/// Rows written before the `meter_v2` migration have no indexed bytes, stored bytes or billable events. The sums
/// then count their indexed bytes as 0, their stored bytes as their compressed bytes and their billable events as
/// one per record, all lower bounds, and ``rowsBeforeMeterV2`` counts the rows read that way.
public struct MeterAmounts: Sendable, Equatable {
    /// PutLogs requests: the number of rows.
    public var requests: Int64
    /// HTTP attempts, retries included: the sum of `request_count`.
    public var attempts: Int64
    /// Kafka records completed.
    public var records: Int64
    /// Log entries written.
    public var entries: Int64
    /// Kafka record values as received.
    public var rawBytes: Int64
    /// LogGroup protobuf bytes before compression (`x-log-bodyrawsize`).
    public var normalizedBytes: Int64
    /// Request body bytes as sent, after compression.
    public var compressedBytes: Int64
    /// Raw bytes indexed by the Logstore's index setting.
    public var indexedBytes: Int64
    /// Bytes added to Logstore storage: compressed bodies plus indexed bytes.
    public var storedBytes: Int64
    /// Event Hubs billable events (one per started 64 KiB of a record value).
    public var billableEvents: Int64
    /// Rows without the `meter_v2` values, counted with the lower bounds described above.
    public var rowsBeforeMeterV2: Int64
    /// The earliest `recorded_at_ms` of the rows, or nil when there are none.
    public var firstRecordedAtMilliseconds: Int64?
    /// The latest `recorded_at_ms` of the rows, or nil when there are none.
    public var lastRecordedAtMilliseconds: Int64?

    public init(
        requests: Int64 = 0, attempts: Int64 = 0, records: Int64 = 0, entries: Int64 = 0, rawBytes: Int64 = 0,
        normalizedBytes: Int64 = 0, compressedBytes: Int64 = 0, indexedBytes: Int64 = 0, storedBytes: Int64 = 0,
        billableEvents: Int64 = 0, rowsBeforeMeterV2: Int64 = 0, firstRecordedAtMilliseconds: Int64? = nil,
        lastRecordedAtMilliseconds: Int64? = nil
    ) {
        self.requests = requests
        self.attempts = attempts
        self.records = records
        self.entries = entries
        self.rawBytes = rawBytes
        self.normalizedBytes = normalizedBytes
        self.compressedBytes = compressedBytes
        self.indexedBytes = indexedBytes
        self.storedBytes = storedBytes
        self.billableEvents = billableEvents
        self.rowsBeforeMeterV2 = rowsBeforeMeterV2
        self.firstRecordedAtMilliseconds = firstRecordedAtMilliseconds
        self.lastRecordedAtMilliseconds = lastRecordedAtMilliseconds
    }

    /// Adds `other` to these sums and widens the time span to cover both.
    public mutating func add(_ other: MeterAmounts) {
        requests += other.requests
        attempts += other.attempts
        records += other.records
        entries += other.entries
        rawBytes += other.rawBytes
        normalizedBytes += other.normalizedBytes
        compressedBytes += other.compressedBytes
        indexedBytes += other.indexedBytes
        storedBytes += other.storedBytes
        billableEvents += other.billableEvents
        rowsBeforeMeterV2 += other.rowsBeforeMeterV2
        firstRecordedAtMilliseconds = Self.combine(firstRecordedAtMilliseconds, other.firstRecordedAtMilliseconds, min)
        lastRecordedAtMilliseconds = Self.combine(lastRecordedAtMilliseconds, other.lastRecordedAtMilliseconds, max)
    }

    private static func combine(_ lhs: Int64?, _ rhs: Int64?, _ pick: (Int64, Int64) -> Int64) -> Int64? {
        guard let lhs else { return rhs }
        guard let rhs else { return lhs }
        return pick(lhs, rhs)
    }

    /// The SQL aggregate columns that ``init(row:)`` reads.
    static let selectSQL = """
        COUNT(*) AS requests, SUM(request_count) AS attempts, SUM(record_count) AS records,
        SUM(entry_count) AS entries, SUM(raw_bytes) AS raw_bytes, SUM(normalized_bytes) AS normalized_bytes,
        SUM(compressed_bytes) AS compressed_bytes, SUM(COALESCE(indexed_bytes, 0)) AS indexed_bytes,
        SUM(COALESCE(stored_bytes, compressed_bytes)) AS stored_bytes,
        SUM(COALESCE(billable_events, record_count)) AS billable_events,
        SUM(stored_bytes IS NULL) AS rows_before_v2, MIN(recorded_at_ms) AS first_recorded_at_ms,
        MAX(recorded_at_ms) AS last_recorded_at_ms
        """

    init(row: SQLiteRow) throws(SQLiteError) {
        self.init(
            requests: try row.decode(Int64.self, column: "requests"),
            attempts: try row.decode(Int64.self, column: "attempts"),
            records: try row.decode(Int64.self, column: "records"),
            entries: try row.decode(Int64.self, column: "entries"),
            rawBytes: try row.decode(Int64.self, column: "raw_bytes"),
            normalizedBytes: try row.decode(Int64.self, column: "normalized_bytes"),
            compressedBytes: try row.decode(Int64.self, column: "compressed_bytes"),
            indexedBytes: try row.decode(Int64.self, column: "indexed_bytes"),
            storedBytes: try row.decode(Int64.self, column: "stored_bytes"),
            billableEvents: try row.decode(Int64.self, column: "billable_events"),
            rowsBeforeMeterV2: try row.decode(Int64.self, column: "rows_before_v2"),
            firstRecordedAtMilliseconds: try row.decode(Int64?.self, column: "first_recorded_at_ms"),
            lastRecordedAtMilliseconds: try row.decode(Int64?.self, column: "last_recorded_at_ms")
        )
    }
}

/// Totals for one mode and delivery.
public struct MeterTotals: Sendable, Equatable {
    public var mode: MeterMode
    public var delivery: MeterDelivery
    public var amounts: MeterAmounts
    /// The time over which the rows' Kafka records were written to the hub (see ``RecordTimeWindow``), from the
    /// rows with record times. Nil when no partition's record times span more than zero.
    public var recordTimeWindowMilliseconds: Int64?
    /// The raw bytes that ``recordTimeWindowMilliseconds`` covers: those of the rows with record times. Rows
    /// without them (written before `meter_v3`, or replayed dead letters) are not among them.
    public var recordTimedRawBytes: Int64

    public init(
        mode: MeterMode, delivery: MeterDelivery, amounts: MeterAmounts, recordTimeWindowMilliseconds: Int64? = nil,
        recordTimedRawBytes: Int64 = 0
    ) {
        self.mode = mode
        self.delivery = delivery
        self.amounts = amounts
        self.recordTimeWindowMilliseconds = recordTimeWindowMilliseconds
        self.recordTimedRawBytes = recordTimedRawBytes
    }
}

/// A calendar day in UTC.
public struct MeterDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int64

    public init(daysSinceEpoch: Int64) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Creates the day that contains `milliseconds` since the Unix epoch.
    public init(containing milliseconds: Int64) {
        let millisecondsPerDay: Int64 = 86_400_000
        var days = milliseconds / millisecondsPerDay
        if milliseconds % millisecondsPerDay < 0 {
            days -= 1
        }
        self.daysSinceEpoch = days
    }

    /// The first millisecond of the day since the Unix epoch.
    public var startMilliseconds: Int64 { daysSinceEpoch * 86_400_000 }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        var seconds = time_t(daysSinceEpoch * 86_400)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
    }

    public static func < (lhs: MeterDay, rhs: MeterDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}

/// Totals for one UTC day, mode and delivery.
public struct MeterDailyTotals: Sendable, Equatable {
    public var day: MeterDay
    public var mode: MeterMode
    public var delivery: MeterDelivery
    public var amounts: MeterAmounts

    public init(day: MeterDay, mode: MeterMode, delivery: MeterDelivery, amounts: MeterAmounts) {
        self.day = day
        self.mode = mode
        self.delivery = delivery
        self.amounts = amounts
    }
}

/// Totals for one Kafka partition written to one Logstore, per mode and delivery, with the offsets covered.
public struct MeterStreamTotals: Sendable, Equatable {
    public var mode: MeterMode
    public var delivery: MeterDelivery
    public var project: String
    public var logstore: String
    public var kafkaTopic: String
    public var kafkaPartition: Int32
    /// The lowest `first_offset` of the rows.
    public var firstOffset: Int64
    /// The highest `last_offset` of the rows.
    public var lastOffset: Int64
    public var amounts: MeterAmounts

    public init(
        mode: MeterMode, delivery: MeterDelivery, project: String, logstore: String, kafkaTopic: String,
        kafkaPartition: Int32, firstOffset: Int64, lastOffset: Int64, amounts: MeterAmounts
    ) {
        self.mode = mode
        self.delivery = delivery
        self.project = project
        self.logstore = logstore
        self.kafkaTopic = kafkaTopic
        self.kafkaPartition = kafkaPartition
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.amounts = amounts
    }
}

/// Stored bytes added on one UTC day to one Logstore under one profile, per mode and delivery: the input of
/// storage GB-days and shard-days.
public struct MeterDailyStorage: Sendable, Equatable {
    public var day: MeterDay
    public var mode: MeterMode
    public var delivery: MeterDelivery
    public var project: String
    public var logstore: String
    /// The profile the rows recorded, with the highest ``MeterLogstoreProfile/activeShards`` of the day; nil for
    /// rows written before `meter_v2`.
    public var profile: MeterLogstoreProfile?
    /// Bytes added to storage, counted as described for ``MeterAmounts/storedBytes``.
    public var storedBytes: Int64

    public init(
        day: MeterDay, mode: MeterMode, delivery: MeterDelivery, project: String, logstore: String,
        profile: MeterLogstoreProfile?, storedBytes: Int64
    ) {
        self.day = day
        self.mode = mode
        self.delivery = delivery
        self.project = project
        self.logstore = logstore
        self.profile = profile
        self.storedBytes = storedBytes
    }
}

/// Bytes received from the Kafka brokers on one UTC day, per delivery, summed over brokers and instances.
public struct MeterDailyFetch: Sendable, Equatable {
    public var day: MeterDay
    public var delivery: MeterDelivery
    public var fetchedBytes: Int64
    /// The number of samples summed.
    public var samples: Int64

    public init(day: MeterDay, delivery: MeterDelivery, fetchedBytes: Int64, samples: Int64) {
        self.day = day
        self.delivery = delivery
        self.fetchedBytes = fetchedBytes
        self.samples = samples
    }
}

import CSQLite
import Core
import Foundation

/// Reads and merges the meter of one or more database files, such as one file per bridge instance.
///
/// Files are opened read-only and may be read while a ``MeterWriter`` writes them. Each result sums every file,
/// and a path given twice is read once. Results are sorted by their keys. Every call blocks on SQLite, so call
/// it from a dedicated thread or a command-line tool.
public final class MeterReader {
    /// The files read, in the order given, without duplicates.
    public let paths: [String]
    private let databases: [SQLiteDatabase]

    /// Opens every file read-only and checks that it contains the meter schema.
    ///
    /// NOTE: SQLite (3.22 and later) opens a WAL file read-only only when its `-wal` and `-shm` files exist or can
    /// be created. When no writer has the file open, the reading user therefore needs write access to the folder.
    /// No test covers a reader without that access.
    ///
    /// A file with only `meter_v1`, which no newer ehbridge has opened for writing, is read as well: its rows
    /// lack the `meter_v2` values and are counted as ``MeterAmounts`` describes.
    ///
    /// - Throws: ``StorageError/sqlite(_:)`` when a file cannot be opened,
    ///   ``StorageError/missingMigrations(feature:names:path:)`` when a file has no meter table,
    ///   ``StorageError/deadLetterStoreWithoutMeter(path:)`` when it holds only a dead-letter store, and
    ///   ``StorageError/unknownMigrations(feature:names:path:)`` when a newer ehbridge wrote it.
    public init(paths: [String], logger: Logger = .disabled) throws(StorageError) {
        var seen = Set<String>()
        var uniquePaths: [String] = []
        for path in paths {
            let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            if seen.insert(resolved).inserted {
                uniquePaths.append(path)
            }
        }

        var databases: [SQLiteDatabase] = []
        do throws(StorageError) {
            for path in uniquePaths {
                databases.append(try Self.open(path, logger: logger))
            }
        } catch {
            for database in databases {
                try? database.close()
            }
            throw error
        }

        self.paths = uniquePaths
        self.databases = databases
    }

    /// Opens and checks the meter file at `path` for reading. A meter is in WAL mode, whose readers create a
    /// `-shm` file beside it. Where the folder does not allow that (a read-only copy, another user's folder) and
    /// no `-wal` file shows a writer, the file is opened as immutable instead.
    private static func open(_ path: String, logger: Logger) throws(StorageError) -> SQLiteDatabase {
        do {
            return try openAndVerify(path, access: .readOnly, logger: logger)
        } catch {
            guard case .sqlite(let failure) = error, failure.code == SQLITE_READONLY || failure.code == SQLITE_CANTOPEN
            else { throw error }
            // With a -wal file a writer may be active, and an immutable reader would miss or misread its commits.
            if FileManager.default.fileExists(atPath: path + "-wal") {
                throw .sharedMemoryNotCreatable(path: path, underlying: failure)
            }
        }
        return try openAndVerify(path, access: .readOnlyImmutable, logger: logger)
    }

    /// Opens `path` with `access` and checks its meter schema, closing the connection when the check fails.
    private static func openAndVerify(
        _ path: String, access: SQLiteDatabase.Options.Access, logger: Logger
    ) throws(StorageError) -> SQLiteDatabase {
        let database: SQLiteDatabase
        do {
            database = try SQLiteDatabase(path: path, options: SQLiteDatabase.Options(access: access), logger: logger)
        } catch {
            throw .sqlite(error)
        }
        do {
            try verifyOrAdapt(database)
        } catch {
            try? database.close()
            throw error
        }
        return database
    }

    /// Checks the meter schema of `database`. A file without the latest migrations gets temporary objects of the
    /// same names in its connection: a view over `meter_writes` with NULL in the newer columns, and for a
    /// `meter_v1` file an empty `meter_kafka_fetch`. SQLite resolves unqualified names in the temp schema first,
    /// so every query reads them, and the read-only file itself stays unchanged.
    private static func verifyOrAdapt(_ database: SQLiteDatabase) throws(StorageError) {
        let recorded = try MeterSchema.migrations.recordedNames(in: database)
        let compatibilitySQL: String
        switch recorded {
        case ["meter_v1"]: compatibilitySQL = MeterSchema.version1CompatibilitySQL
        case ["meter_v1", "meter_v2"]: compatibilitySQL = MeterSchema.version2CompatibilitySQL
        case [] where !(try DeadLetterSchema.migrations.recordedNames(in: database)).isEmpty:
            throw .deadLetterStoreWithoutMeter(path: database.path)
        default:
            try MeterSchema.migrations.verify(database)
            return
        }

        do {
            try database.execute(compatibilitySQL)
        } catch {
            throw .sqlite(error)
        }
    }

    /// Closes the files. Further reads throw.
    public func close() {
        for database in databases {
            try? database.close()
        }
    }

    /// Returns the totals per mode and delivery.
    public func totals(in range: MeterTimeRange = .all) throws(StorageError) -> [MeterTotals] {
        var merged: [MeterTotals.Key: MeterAmounts] = [:]
        try forEachRow(
            groupColumns: "mode, delivery", range: range
        ) { row throws(SQLiteError) in
            let key = MeterTotals.Key(
                mode: MeterMode(rawValue: try row.decode(String.self, column: "mode")),
                delivery: MeterDelivery(rawValue: try row.decode(String.self, column: "delivery"))
            )
            merged[key, default: MeterAmounts()].add(try MeterAmounts(row: row))
        }

        let windows = try recordTimeWindows(in: range)
        return merged.sorted { $0.key < $1.key }.map { key, amounts in
            MeterTotals(mode: key.mode, delivery: key.delivery, amounts: amounts,
                        recordTimeWindowMilliseconds: windows[key]?.milliseconds,
                        recordTimedRawBytes: windows[key]?.bytes ?? 0)
        }
    }

    /// Returns how many Kafka records the dry-run rows count more than once, at least: per instance, mode and
    /// partition over all files, the records counted beyond the span of offsets the rows cover, for the mode with
    /// the most.
    ///
    /// A dry run never commits, so each dry run reads the same records again, and a meter, or a merge of meters,
    /// with several dry runs counts them several times. Records without entries leave gaps in the offsets, which
    /// hide as many repeats, so the count is a lower bound. Sent rows are counted by
    /// ``repeatedSentRecordCount(in:)``.
    ///
    /// With `acrossInstances`, rows of different instances are compared too. That finds dry runs of one hub under
    /// two instance ids, but also counts hubs of the same name in different namespaces, so it is only a hint.
    public func repeatedDryRunRecordCount(
        in range: MeterTimeRange = .all, acrossInstances: Bool = false
    ) throws(StorageError) -> Int64 {
        try repeatedRecordCount(delivery: .dryRun, in: range, acrossInstances: acrossInstances)
    }

    /// Returns how many Kafka records the sent rows count more than once, at least, counted as
    /// ``repeatedDryRunRecordCount(in:acrossInstances:)`` counts them for dry runs, within each instance.
    ///
    /// A run reads again the records after the last committed offset when it restarts after a crash, or when a
    /// rebalance hands their partition over before they were acknowledged. SLS and the Azure egress bill those
    /// again, but Event Hubs bills each event's ingress once, so its events are counted too high by these records.
    public func repeatedSentRecordCount(in range: MeterTimeRange = .all) throws(StorageError) -> Int64 {
        try repeatedRecordCount(delivery: .sent, in: range, acrossInstances: false)
    }

    private func repeatedRecordCount(
        delivery: MeterDelivery, in range: MeterTimeRange, acrossInstances: Bool
    ) throws(StorageError) -> Int64 {
        // The instance keeps apart hubs of the same name in other namespaces (Azure names them
        // insights-logs-<category> everywhere). It defaults to the host name, so the files of one host's dry runs
        // are still compared.
        struct Partition: Hashable {
            var instance: String
            var mode: String
            var topic: String
            var partition: Int32
        }
        var spans: [Partition: (records: Int64, first: Int64, last: Int64)] = [:]
        let (whereSQL, arguments) = range.whereClause()
        let condition = (whereSQL.isEmpty ? "WHERE " : whereSQL + " AND ") + "delivery = ?"
        let sql = "SELECT instance_id, mode, kafka_topic, kafka_partition, SUM(record_count) AS records, "
            + "MIN(first_offset) AS first_offset, MAX(last_offset) AS last_offset FROM meter_writes \(condition) "
            + "GROUP BY instance_id, mode, kafka_topic, kafka_partition"
        try forEachRow(sql, arguments + [.text(delivery.rawValue)]) { row throws(SQLiteError) in
            let partition = Partition(
                instance: acrossInstances ? "" : try row.decode(String.self, column: "instance_id"),
                mode: try row.decode(String.self, column: "mode"),
                topic: try row.decode(String.self, column: "kafka_topic"),
                partition: try row.decode(Int32.self, column: "kafka_partition")
            )
            let records = try row.decode(Int64.self, column: "records")
            let first = try row.decode(Int64.self, column: "first_offset")
            let last = try row.decode(Int64.self, column: "last_offset")
            if let existing = spans[partition] {
                spans[partition] = (existing.records + records, min(existing.first, first), max(existing.last, last))
            } else {
                spans[partition] = (records, first, last)
            }
        }

        var excessByMode: [String: Int64] = [:]
        for (partition, span) in spans {
            excessByMode[partition.mode, default: 0] += max(0, span.records - (span.last - span.first + 1))
        }
        return excessByMode.values.max() ?? 0
    }

    /// Returns the record-time window of each mode and delivery, from the earliest and latest record time and the
    /// raw bytes of each partition, merged over the files, with the raw bytes of the partitions it covers.
    private func recordTimeWindows(
        in range: MeterTimeRange
    ) throws(StorageError) -> [MeterTotals.Key: (milliseconds: Int64, bytes: Int64)] {
        struct Partition: Hashable {
            var key: MeterTotals.Key
            var topic: String
            var partition: Int32
        }
        var spans: [Partition: (first: Int64, last: Int64, bytes: Int64)] = [:]
        var rowTimes: [MeterTotals.Key: (first: Int64, last: Int64)] = [:]
        let (whereSQL, arguments) = range.whereClause()
        let condition = (whereSQL.isEmpty ? "WHERE " : whereSQL + " AND ") + "first_record_time_ms IS NOT NULL"
        let sql = "SELECT mode, delivery, kafka_topic, kafka_partition, MIN(first_record_time_ms) AS first_time, "
            + "MAX(last_record_time_ms) AS last_time, SUM(raw_bytes) AS raw_bytes, MIN(recorded_at_ms) AS first_row, "
            + "MAX(recorded_at_ms) AS last_row FROM meter_writes \(condition) "
            + "GROUP BY mode, delivery, kafka_topic, kafka_partition"
        try forEachRow(sql, arguments) { row throws(SQLiteError) in
            let partition = Partition(
                key: MeterTotals.Key(
                    mode: MeterMode(rawValue: try row.decode(String.self, column: "mode")),
                    delivery: MeterDelivery(rawValue: try row.decode(String.self, column: "delivery"))
                ),
                topic: try row.decode(String.self, column: "kafka_topic"),
                partition: try row.decode(Int32.self, column: "kafka_partition")
            )
            let first = try row.decode(Int64.self, column: "first_time")
            let last = try row.decode(Int64.self, column: "last_time")
            let bytes = try row.decode(Int64.self, column: "raw_bytes")
            let firstRow = try row.decode(Int64.self, column: "first_row")
            let lastRow = try row.decode(Int64.self, column: "last_row")
            let rows = rowTimes[partition.key]
            rowTimes[partition.key] = (min(rows?.first ?? firstRow, firstRow), max(rows?.last ?? lastRow, lastRow))
            if let existing = spans[partition] {
                spans[partition] = (min(existing.first, first), max(existing.last, last), existing.bytes + bytes)
            } else {
                spans[partition] = (first, last, bytes)
            }
        }

        // A partition whose records share one time gives no rate of its own. Its records were most likely written
        // within the window of the others, so its bytes count as covered.
        var byKey: [MeterTotals.Key: [(bytes: Int64, milliseconds: Int64)]] = [:]
        for (partition, span) in spans {
            byKey[partition.key, default: []].append((span.bytes, span.last - span.first))
        }
        // No partition's span counts as shorter than the rows' own window: the time over which they were read.
        return byKey.reduce(into: [:]) { windows, item in
            let (key, partitions) = item
            let readMilliseconds = rowTimes[key].map { $0.last - $0.first } ?? 0
            if let window = RecordTimeWindow.milliseconds(partitions, minimumSpanMilliseconds: readMilliseconds) {
                windows[key] = (window, partitions.reduce(0) { $0 + $1.bytes })
            }
        }
    }

    /// Returns the totals per UTC day, mode and delivery.
    public func dailyTotals(in range: MeterTimeRange = .all) throws(StorageError) -> [MeterDailyTotals] {
        let daySQL = Self.daySQL
        var merged: [MeterDailyTotals.Key: MeterAmounts] = [:]
        try forEachRow(
            groupColumns: "\(daySQL) AS day, mode, delivery", groupBy: "day, mode, delivery", range: range
        ) { row throws(SQLiteError) in
            let key = MeterDailyTotals.Key(
                day: MeterDay(daysSinceEpoch: try row.decode(Int64.self, column: "day")),
                mode: MeterMode(rawValue: try row.decode(String.self, column: "mode")),
                delivery: MeterDelivery(rawValue: try row.decode(String.self, column: "delivery"))
            )
            merged[key, default: MeterAmounts()].add(try MeterAmounts(row: row))
        }

        return merged.sorted { $0.key < $1.key }.map { key, amounts in
            MeterDailyTotals(day: key.day, mode: key.mode, delivery: key.delivery, amounts: amounts)
        }
    }

    /// Returns the totals per mode, delivery, project, Logstore, Kafka topic and partition, with the lowest first
    /// offset and the highest last offset.
    public func streamTotals(in range: MeterTimeRange = .all) throws(StorageError) -> [MeterStreamTotals] {
        var merged: [MeterStreamTotals.Key: (first: Int64, last: Int64, amounts: MeterAmounts)] = [:]
        let keyColumns = "mode, delivery, project, logstore, kafka_topic, kafka_partition"
        try forEachRow(
            groupColumns: "\(keyColumns), MIN(first_offset) AS first_offset, MAX(last_offset) AS last_offset",
            groupBy: keyColumns, range: range
        ) { row throws(SQLiteError) in
            let key = MeterStreamTotals.Key(
                mode: MeterMode(rawValue: try row.decode(String.self, column: "mode")),
                delivery: MeterDelivery(rawValue: try row.decode(String.self, column: "delivery")),
                project: try row.decode(String.self, column: "project"),
                logstore: try row.decode(String.self, column: "logstore"),
                kafkaTopic: try row.decode(String.self, column: "kafka_topic"),
                kafkaPartition: try row.decode(Int32.self, column: "kafka_partition")
            )
            let first = try row.decode(Int64.self, column: "first_offset")
            let last = try row.decode(Int64.self, column: "last_offset")
            let amounts = try MeterAmounts(row: row)

            if var existing = merged[key] {
                existing.first = min(existing.first, first)
                existing.last = max(existing.last, last)
                existing.amounts.add(amounts)
                merged[key] = existing
            } else {
                merged[key] = (first, last, amounts)
            }
        }

        return merged.sorted { $0.key < $1.key }.map { key, value in
            MeterStreamTotals(
                mode: key.mode, delivery: key.delivery, project: key.project, logstore: key.logstore,
                kafkaTopic: key.kafkaTopic, kafkaPartition: key.kafkaPartition, firstOffset: value.first,
                lastOffset: value.last, amounts: value.amounts
            )
        }
    }

    /// Returns the stored bytes per UTC day, mode, delivery, Logstore and Logstore profile, with the highest
    /// active shard count of each group.
    public func dailyStorage(in range: MeterTimeRange = .all) throws(StorageError) -> [MeterDailyStorage] {
        let keyColumns = "day, mode, delivery, project, logstore, index_mode, retention_days, hot_days, "
            + "archive_after_days"
        let (whereSQL, arguments) = range.whereClause()
        let sql = "SELECT \(Self.daySQL) AS day, mode, delivery, project, logstore, index_mode, retention_days, "
            + "hot_days, archive_after_days, MAX(active_shards) AS active_shards, "
            + "SUM(COALESCE(stored_bytes, compressed_bytes)) AS stored_bytes FROM meter_writes \(whereSQL) "
            + "GROUP BY \(keyColumns)"

        var merged: [MeterDailyStorage.Key: (shards: Int?, bytes: Int64)] = [:]
        try forEachRow(sql, arguments) { row throws(SQLiteError) in
            var profile: MeterLogstoreProfile?
            if let indexMode = try row.decode(String?.self, column: "index_mode"),
               let retention = try row.decode(Int?.self, column: "retention_days"),
               let hot = try row.decode(Int?.self, column: "hot_days")
            {
                profile = MeterLogstoreProfile(
                    indexMode: MeterIndexMode(rawValue: indexMode), retentionDays: retention, hotDays: hot,
                    archiveAfterDays: try row.decode(Int?.self, column: "archive_after_days"), activeShards: 0
                )
            }
            let key = MeterDailyStorage.Key(
                day: MeterDay(daysSinceEpoch: try row.decode(Int64.self, column: "day")),
                mode: MeterMode(rawValue: try row.decode(String.self, column: "mode")),
                delivery: MeterDelivery(rawValue: try row.decode(String.self, column: "delivery")),
                project: try row.decode(String.self, column: "project"),
                logstore: try row.decode(String.self, column: "logstore"),
                profile: profile
            )
            let shards = try row.decode(Int?.self, column: "active_shards")
            let bytes = try row.decode(Int64.self, column: "stored_bytes")

            var value = merged[key] ?? (nil, 0)
            value.bytes += bytes
            if let shards { value.shards = max(value.shards ?? 0, shards) }
            merged[key] = value
        }

        return merged.sorted { $0.key < $1.key }.map { key, value in
            var profile = key.profile
            profile?.activeShards = value.shards ?? 0
            return MeterDailyStorage(
                day: key.day, mode: key.mode, delivery: key.delivery, project: key.project, logstore: key.logstore,
                profile: profile, storedBytes: value.bytes
            )
        }
    }

    /// Returns the bytes received from the Kafka brokers per UTC day and delivery.
    public func dailyKafkaFetch(in range: MeterTimeRange = .all) throws(StorageError) -> [MeterDailyFetch] {
        let (whereSQL, arguments) = range.whereClause()
        let sql = "SELECT \(Self.daySQL) AS day, delivery, SUM(fetched_bytes) AS fetched_bytes, COUNT(*) AS samples "
            + "FROM meter_kafka_fetch \(whereSQL) GROUP BY day, delivery"

        var merged: [MeterDailyFetchKey: (bytes: Int64, samples: Int64)] = [:]
        try forEachRow(sql, arguments) { row throws(SQLiteError) in
            let key = MeterDailyFetchKey(
                day: MeterDay(daysSinceEpoch: try row.decode(Int64.self, column: "day")),
                delivery: MeterDelivery(rawValue: try row.decode(String.self, column: "delivery"))
            )
            var value = merged[key] ?? (0, 0)
            value.bytes += try row.decode(Int64.self, column: "fetched_bytes")
            value.samples += try row.decode(Int64.self, column: "samples")
            merged[key] = value
        }

        return merged.sorted { ($0.key.day, $0.key.delivery) < ($1.key.day, $1.key.delivery) }.map { key, value in
            MeterDailyFetch(day: key.day, delivery: key.delivery, fetchedBytes: value.bytes, samples: value.samples)
        }
    }

    /// The UTC day of `recorded_at_ms` in days since 1970-01-01. Floor division, so that the rare time before
    /// 1970 still lands on its own day.
    private static let daySQL = "CASE WHEN recorded_at_ms >= 0 THEN recorded_at_ms / 86400000 "
        + "ELSE (recorded_at_ms - 86399999) / 86400000 END"

    /// Runs one query on every file and calls `body` with each result row.
    private func forEachRow(
        _ sql: String, _ arguments: [SQLiteValue], _ body: (SQLiteRow) throws(SQLiteError) -> Void
    ) throws(StorageError) {
        for database in databases {
            do {
                try database.prepare(sql).forEachRow(arguments, body)
            } catch {
                throw .sqlite(error)
            }
        }
    }

    /// Runs one grouped query on every file and calls `body` with each result row.
    private func forEachRow(
        groupColumns: String, groupBy: String? = nil, range: MeterTimeRange,
        _ body: (SQLiteRow) throws(SQLiteError) -> Void
    ) throws(StorageError) {
        let (whereSQL, arguments) = range.whereClause()
        let sql = "SELECT \(groupColumns), \(MeterAmounts.selectSQL) FROM meter_writes \(whereSQL) "
            + "GROUP BY \(groupBy ?? groupColumns)"
        try forEachRow(sql, arguments, body)
    }
}

extension MeterTotals {
    struct Key: Hashable, Comparable {
        var mode: MeterMode
        var delivery: MeterDelivery

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.mode, lhs.delivery) < (rhs.mode, rhs.delivery)
        }
    }
}

extension MeterDailyTotals {
    struct Key: Hashable, Comparable {
        var day: MeterDay
        var mode: MeterMode
        var delivery: MeterDelivery

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.day, lhs.mode, lhs.delivery) < (rhs.day, rhs.mode, rhs.delivery)
        }
    }
}

extension MeterStreamTotals {
    struct Key: Hashable, Comparable {
        var mode: MeterMode
        var delivery: MeterDelivery
        var project: String
        var logstore: String
        var kafkaTopic: String
        var kafkaPartition: Int32

        static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.mode, lhs.delivery, lhs.project, lhs.logstore, lhs.kafkaTopic, lhs.kafkaPartition)
                < (rhs.mode, rhs.delivery, rhs.project, rhs.logstore, rhs.kafkaTopic, rhs.kafkaPartition)
        }
    }
}

extension MeterDailyStorage {
    struct Key: Hashable, Comparable {
        var day: MeterDay
        var mode: MeterMode
        var delivery: MeterDelivery
        var project: String
        var logstore: String
        /// The profile without its shard count, which is aggregated separately.
        var profile: MeterLogstoreProfile?

        static func < (lhs: Key, rhs: Key) -> Bool {
            let left = (lhs.day, lhs.mode, lhs.delivery, lhs.project, lhs.logstore)
            let right = (rhs.day, rhs.mode, rhs.delivery, rhs.project, rhs.logstore)
            if left != right { return left < right }
            return Self.profileKey(lhs.profile) < Self.profileKey(rhs.profile)
        }

        private static func profileKey(_ profile: MeterLogstoreProfile?) -> (String, Int, Int, Int) {
            guard let profile else { return ("", 0, 0, 0) }
            return (profile.indexMode.rawValue, profile.retentionDays, profile.hotDays, profile.archiveAfterDays ?? Int.max)
        }
    }
}

struct MeterDailyFetchKey: Hashable {
    var day: MeterDay
    var delivery: MeterDelivery
}

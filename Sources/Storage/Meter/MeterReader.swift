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
    /// - Throws: ``StorageError/sqlite(_:)`` when a file cannot be opened,
    ///   ``StorageError/missingMigrations(feature:names:path:)`` when a file has no meter table, and
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
                let options = SQLiteDatabase.Options(access: .readOnly)
                let database: SQLiteDatabase
                do {
                    database = try SQLiteDatabase(path: path, options: options, logger: logger)
                } catch {
                    throw .sqlite(error)
                }
                databases.append(database)
                try MeterSchema.migrations.verify(database)
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

        return merged.sorted { $0.key < $1.key }.map { key, amounts in
            MeterTotals(mode: key.mode, delivery: key.delivery, amounts: amounts)
        }
    }

    /// Returns the totals per UTC day, mode and delivery.
    public func dailyTotals(in range: MeterTimeRange = .all) throws(StorageError) -> [MeterDailyTotals] {
        // Floor division, so that the rare time before 1970 still lands on its own day.
        let daySQL = "CASE WHEN recorded_at_ms >= 0 THEN recorded_at_ms / 86400000 "
            + "ELSE (recorded_at_ms - 86399999) / 86400000 END"
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

    /// Runs one grouped query on every file and calls `body` with each result row.
    private func forEachRow(
        groupColumns: String, groupBy: String? = nil, range: MeterTimeRange,
        _ body: (SQLiteRow) throws(SQLiteError) -> Void
    ) throws(StorageError) {
        let (whereSQL, arguments) = range.whereClause()
        let sql = "SELECT \(groupColumns), \(MeterAmounts.selectSQL) FROM meter_writes \(whereSQL) "
            + "GROUP BY \(groupBy ?? groupColumns)"
        for database in databases {
            do {
                try database.prepare(sql).forEachRow(arguments, body)
            } catch {
                throw .sqlite(error)
            }
        }
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

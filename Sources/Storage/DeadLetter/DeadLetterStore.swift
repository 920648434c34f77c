import Core
import Foundation

/// Keeps undeliverable Kafka records in the `dead_letters` table of a SQLite file.
///
/// The store uses its own connection with `synchronous=FULL`, so in WAL mode every commit syncs the WAL file:
/// once ``add(_:)`` returns, the dead letters survive a crash or a power failure. The file may be the meter's
/// file or a separate one. The store is internally locked and may be shared between threads. Its calls block on
/// SQLite, so call them from dedicated threads and never from Swift concurrency's cooperative thread pool.
///
/// A record is stored once per reason: `(kafka_topic, kafka_partition, kafka_offset, reason)` is unique. Adding
/// it again for the same reason keeps the stored row, its id and bytes, replaces the error code and message
/// with the new ones and adds the new attempts to the stored count.
public final class DeadLetterStore: Sendable {
    /// The outcome of one ``DeadLetterStore/add(_:)`` call.
    public struct AddResult: Sendable, Equatable {
        /// The row id of each dead letter, in the order given.
        public var ids: [Int64]
        /// Dead letters stored as new rows.
        public var insertedCount: Int
        /// The row ids of the new rows, in the order given; a subset of ``ids``.
        public var insertedIDs: [Int64] = []
        /// Dead letters that repeated a stored one (same record, key and value, reason and destination), and
        /// updated that row.
        public var updatedCount: Int
        /// The updated rows, in the order given, with when each was first stored in milliseconds since the UNIX
        /// epoch, or 0 when that cannot be read. A row created before the writer started contains a record of an
        /// earlier run.
        public var updatedRows: [UpdatedRow] = []
    }

    /// A stored row that a dead letter updated.
    public struct UpdatedRow: Sendable, Equatable {
        public var id: Int64
        public var createdAtMilliseconds: Int64
    }

    /// The database file's path.
    public let path: String
    let database: SQLiteDatabase
    private let logger: Logger

    /// Opens or creates the dead-letter database at `path` and applies the dead-letter migrations.
    ///
    /// - Parameter options: Connection options. Their ``SQLiteDatabase/Options/synchronous`` level is replaced by
    ///   `full`, which durability depends on.
    /// - Throws: ``StorageError`` when the file cannot be opened, a migration fails, or the file was written by
    ///   a newer ehbridge.
    public init(
        path: String, options: SQLiteDatabase.Options = SQLiteDatabase.Options(), logger: Logger
    ) throws(StorageError) {
        var options = options
        options.synchronous = .full
        self.path = path
        self.logger = logger

        do {
            database = try SQLiteDatabase(path: path, options: options, logger: logger)
        } catch {
            throw .sqlite(error)
        }
        do {
            try DeadLetterSchema.migrations.apply(to: database, logger: logger)
        } catch {
            try? database.close()
            throw error
        }
    }

    /// Closes the connection. Further calls throw.
    public func close() {
        do {
            try database.close()
        } catch {
            logger.error("dead-letter database close failed", metadata: [
                "storage.path": .string(path), "sqlite.code": .int(error.extendedCode),
                "error": .string(error.description),
            ])
        }
    }

    /// Stores `letters` in one transaction, durable when this returns.
    ///
    /// Error codes and messages pass through ``SecretRedactor`` before they are stored, as a second guard after
    /// the caller's own redaction. Kafka keys, values and headers are stored as received.
    /// - Throws: ``StorageError/sqlite(_:)`` when the transaction fails. Then none of the letters is stored.
    @discardableResult
    public func add(_ letters: [DeadLetter]) throws(StorageError) -> AddResult {
        var result = AddResult(ids: [], insertedCount: 0, updatedCount: 0)
        guard !letters.isEmpty else { return result }

        do {
            try database.immediateTransaction { () throws(SQLiteError) in
                let find = try database.prepare(DeadLetterSchema.findSQL)
                let insert = try database.prepare(DeadLetterSchema.insertSQL)
                let update = try database.prepare(DeadLetterSchema.updateRepeatSQL)

                for letter in letters {
                    let errorCode = letter.errorCode.map(SecretRedactor.shared.redact)
                    let errorMessage = SecretRedactor.shared.redact(letter.errorMessage)
                    let key: [SQLiteValue] = [
                        .text(letter.kafkaTopic), .integer(letter.kafkaPartition), .integer(letter.kafkaOffset),
                        .text(letter.reason.rawValue), .text(letter.mode?.rawValue), .text(letter.project),
                        .text(letter.logstore), .blob(letter.kafkaValue), .blob(letter.kafkaKey),
                    ]

                    if let existing = try find.query(key).first {
                        let id = try existing.decode(Int64.self, column: "id")
                        // An unreadable time must not fail the write, which the pipeline would retry forever.
                        let createdAt = (try? existing.decode(Int64.self, column: "created_at_ms")) ?? 0
                        result.updatedRows.append(UpdatedRow(id: id, createdAtMilliseconds: createdAt))
                        // Both rows keep part of the record: together they keep the entries either one refused.
                        // When either keeps the whole record, the row does too.
                        var merged: RefusedEntries?
                        if let refused = letter.refusedEntries,
                           let stored = DeadLetterSchema.readableRefusedEntries(from: existing) {
                            merged = stored.union(refused)
                        }
                        try update.execute([
                            .text(errorCode), .text(errorMessage), .integer(letter.attempts),
                            .text(merged?.text), .integer(merged?.recordEntryCount), .integer(id),
                        ])
                        result.ids.append(id)
                        result.updatedCount += 1
                    } else {
                        try insert.execute(
                            DeadLetterSchema.insertArguments(letter, errorCode: errorCode, errorMessage: errorMessage)
                        )
                        result.ids.append(database.lastInsertRowID)
                        result.insertedIDs.append(database.lastInsertRowID)
                        result.insertedCount += 1
                    }
                }
            }
        } catch {
            throw .sqlite(error)
        }
        return result
    }

    /// Returns up to `limit` dead letters that match `filter`, ordered by id, starting after id `after`.
    ///
    /// To page through all of them, pass the last id of each page as `after` for the next.
    /// - Throws: ``StorageError/invalidStoredValue(path:id:reason:)`` for a row that cannot be read, besides SQLite
    ///   errors. ``page(limit:after:filter:)`` reports such rows and goes on.
    public func list(
        limit: Int = 100, after: Int64? = nil, filter: DeadLetterFilter = .all
    ) throws(StorageError) -> [DeadLetter] {
        let page = try page(limit: limit, after: after, filter: filter)
        if let damaged = page.damaged.first {
            throw .invalidStoredValue(path: path, id: damaged.id, reason: damaged.problem)
        }
        return page.letters
    }

    /// Returns up to `limit` rows that match `filter`, ordered by id, starting after id `after`. Rows that cannot be
    /// read (a damaged file, or a row written by hand) come apart from the dead letters, so that one of them does not
    /// stop a listing, an export or a replay. Pass ``DeadLetterPage/lastID`` as `after` for the next page.
    public func page(
        limit: Int = 100, after: Int64? = nil, filter: DeadLetterFilter = .all
    ) throws(StorageError) -> DeadLetterPage {
        var page = DeadLetterPage()
        try forEach(limit: limit, after: after, filter: filter) { id, letter in
            page.lastID = id
            switch letter {
            case .success(let letter):
                page.letters.append(letter)
            case .failure(.invalidStoredValue(_, _, let reason)):
                page.damaged.append(DamagedDeadLetter(id: id, problem: reason))
            case .failure(let error):
                page.damaged.append(DamagedDeadLetter(id: id, problem: error.description))
            }
        }
        return page
    }

    /// Returns the number of dead letters that match `filter`, per reason. Reasons without any are absent.
    public func count(filter: DeadLetterFilter = .all) throws(StorageError) -> [DeadLetterReason: Int] {
        let (conditions, arguments) = filter.conditions()
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")

        var counts: [DeadLetterReason: Int] = [:]
        do {
            let rows = try database.query(
                "SELECT reason, COUNT(*) AS count FROM dead_letters \(whereSQL) GROUP BY reason", arguments
            )
            for row in rows {
                let reason = DeadLetterReason(rawValue: try row.decode(String.self, column: "reason"))
                counts[reason] = try row.decode(Int.self, column: "count")
            }
        } catch {
            throw .sqlite(error)
        }
        return counts
    }

    /// Writes the dead letters that match `filter`, at most `limit` of them, to `exportPath` as JSON Lines, one
    /// object per dead letter in id order, and returns how many it wrote.
    ///
    /// Each object has the keys of the table's columns. The key, the value and each header value appear in
    /// base64 (`kafka_value_base64`) and, when they are valid UTF-8, as text (`kafka_value_text`, otherwise null).
    /// The export is written to a temporary file in the same folder with permissions 0600, synced to disk, then
    /// renamed over `exportPath`, so a failed export leaves no partial file.
    /// - Throws: ``StorageError/exportFailed(path:reason:)`` when the file cannot be written, or
    ///   ``StorageError/sqlite(_:)`` when reading fails.
    /// Rows that cannot be read are left out of the file and returned in ``DeadLetterExport/damaged``.
    @discardableResult
    public func export(
        to exportPath: String, filter: DeadLetterFilter = .all, limit: Int? = nil
    ) throws(StorageError) -> DeadLetterExport {
        let temporaryPath = exportPath + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        let created = FileManager.default.createFile(
            atPath: temporaryPath, contents: nil, attributes: [.posixPermissions: 0o600]
        )
        guard created, let file = FileHandle(forWritingAtPath: temporaryPath)
        else {
            throw .exportFailed(path: exportPath, reason: "could not create \(temporaryPath)")
        }

        var written = 0
        var damaged: [DamagedDeadLetter] = []
        do {
            defer { try? file.close() }
            var after: Int64?
            var page: DeadLetterPage
            repeat {
                let remaining = limit.map { $0 - written } ?? 500
                guard remaining > 0 else { break }
                page = try self.page(limit: min(500, remaining), after: after, filter: filter)
                var chunk = ""
                for letter in page.letters {
                    chunk += try Self.exportLine(letter, exportPath: exportPath) + "\n"
                }
                try Self.write(chunk, to: file, exportPath: exportPath)
                written += page.letters.count
                damaged += page.damaged
                after = page.lastID
            } while !page.isEmpty
            // On disk before the rename, so that a crash right after it cannot leave an empty or short export
            // under the final name.
            try Self.synchronize(file, temporaryPath: temporaryPath, exportPath: exportPath)
        } catch {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw error
        }

        guard rename(temporaryPath, exportPath) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw .exportFailed(path: exportPath, reason: "could not rename \(temporaryPath): \(reason)")
        }
        logger.info("dead letters exported", metadata: [
            "storage.path": .string(path), "storage.export_path": .string(exportPath), "storage.export_rows": .int(written),
        ])
        return DeadLetterExport(written: written, damaged: damaged)
    }

    private static func exportLine(_ letter: DeadLetter, exportPath: String) throws(StorageError) -> String {
        do {
            return try DeadLetterExportLine.jsonLine(letter)
        } catch {
            throw .exportFailed(path: exportPath, reason: "could not encode dead letter \(letter.id ?? 0): \(error)")
        }
    }

    private static func write(_ text: String, to file: FileHandle, exportPath: String) throws(StorageError) {
        do {
            try file.write(contentsOf: Data(text.utf8))
        } catch {
            throw .exportFailed(path: exportPath, reason: error.localizedDescription)
        }
    }

    private static func synchronize(_ file: FileHandle, temporaryPath: String, exportPath: String) throws(StorageError) {
        do {
            try file.synchronize()
        } catch {
            throw .exportFailed(path: exportPath, reason: "could not sync \(temporaryPath) to disk: \(error.localizedDescription)")
        }
    }

    /// Removes the `accepted` entries, of a record of `recordEntryCount` entries, from those the dead letter `id`
    /// keeps, in one transaction, and returns what it keeps then: nil for the whole record. A replay calls it once
    /// some of the entries are accepted, so that the next replay sends only the others.
    ///
    /// It reads the row as it is now: the pipeline may have widened it meanwhile, reading the record again. A row
    /// whose entries were numbered for another count, or that would keep none, stays as it is.
    @discardableResult
    public func removeAcceptedEntries(
        id: Int64, accepted: Set<Int>, recordEntryCount: Int
    ) throws(StorageError) -> RefusedEntries? {
        do {
            return try database.immediateTransaction { () throws(SQLiteError) -> RefusedEntries? in
                guard let row = try database.query(
                    "SELECT refused_entries, record_entry_count FROM dead_letters WHERE id = ?", [.integer(id)]
                ).first else { return nil }
                let current = DeadLetterSchema.readableRefusedEntries(from: row)
                if let current, current.recordEntryCount != recordEntryCount {
                    return current
                }
                let kept = (current?.indices ?? Array(0..<recordEntryCount)).filter { !accepted.contains($0) }
                guard !kept.isEmpty else { return current }
                let remaining = RefusedEntries(indices: kept, recordEntryCount: recordEntryCount)
                try database.execute(
                    "UPDATE dead_letters SET refused_entries = ?, record_entry_count = ? WHERE id = ?",
                    [.text(remaining?.text), .integer(remaining?.recordEntryCount), .integer(id)]
                )
                return remaining
            }
        } catch {
            throw .sqlite(error)
        }
    }

    /// Deletes the dead letters with these ids in one transaction and returns how many existed.
    @discardableResult
    public func remove(ids: [Int64]) throws(StorageError) -> Int {
        guard !ids.isEmpty else { return 0 }

        var removed = 0
        do {
            try database.immediateTransaction { () throws(SQLiteError) in
                let delete = try database.prepare("DELETE FROM dead_letters WHERE id = ?")
                for id in ids {
                    try delete.execute([.integer(id)])
                    removed += database.changes
                }
            }
        } catch {
            throw .sqlite(error)
        }
        return removed
    }

    private func forEach(
        limit: Int, after: Int64?, filter: DeadLetterFilter, _ body: (Int64, Result<DeadLetter, StorageError>) -> Void
    ) throws(StorageError) {
        var (conditions, arguments) = filter.conditions()
        if let after {
            conditions.append("id > ?")
            arguments.append(.integer(after))
        }
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(.integer(max(0, limit)))

        let rows: [SQLiteRow]
        do {
            rows = try database.query(
                "SELECT \(DeadLetterSchema.columns) FROM dead_letters \(whereSQL) ORDER BY id LIMIT ?", arguments
            )
        } catch {
            throw .sqlite(error)
        }
        for row in rows {
            let id: Int64
            do {
                id = try row.decode(Int64.self, column: "id")
            } catch {
                throw .sqlite(error)
            }
            do throws(StorageError) {
                body(id, .success(try DeadLetterSchema.deadLetter(from: row, path: path)))
            } catch {
                body(id, .failure(error))
            }
        }
    }
}

/// A page of the dead-letter table: the rows read as dead letters, and those that could not be read.
public struct DeadLetterPage: Sendable, Equatable {
    public var letters: [DeadLetter] = []
    public var damaged: [DamagedDeadLetter] = []
    /// The id of the page's last row, read or not, for the next page's `after`; nil for an empty page.
    public var lastID: Int64?

    public init() {}

    /// Whether the page has no rows at all.
    public var isEmpty: Bool { lastID == nil }
}

/// The result of an export.
public struct DeadLetterExport: Sendable, Equatable {
    /// Dead letters written to the file.
    public var written: Int
    /// Rows that matched but could not be read, and were left out.
    public var damaged: [DamagedDeadLetter]
}

/// A row of the dead-letter table that cannot be read as a dead letter.
public struct DamagedDeadLetter: Sendable, Equatable {
    public var id: Int64
    /// The problem with the row, naming the column.
    public var problem: String
}

/// The schema of the dead-letter table and the SQL that reads and writes it.
enum DeadLetterSchema {
    static let feature = "dead_letter"

    static let migrations: Migrations = {
        var migrations = Migrations(feature: feature)
        migrations.register(Migration(name: "dead_letter_v1", sql: """
            CREATE TABLE dead_letters (
                id INTEGER PRIMARY KEY,
                created_at_ms INTEGER NOT NULL,
                kafka_topic TEXT NOT NULL,
                kafka_partition INTEGER NOT NULL,
                kafka_offset INTEGER NOT NULL,
                kafka_timestamp_ms INTEGER,
                kafka_key BLOB,
                kafka_value BLOB,
                kafka_headers BLOB NOT NULL,
                reason TEXT NOT NULL,
                error_code TEXT,
                error_message TEXT NOT NULL,
                mode TEXT,
                project TEXT,
                logstore TEXT,
                attempts INTEGER NOT NULL,
                UNIQUE (kafka_topic, kafka_partition, kafka_offset, reason)
            );
            CREATE INDEX dead_letters_reason ON dead_letters (reason, id);
            """))
        // v1 kept one row per topic, partition, offset and reason, so a second record at the same place (a hub
        // created again, or a second destination writing to the same file) only updated the first one's row
        // and was lost. v2 drops that constraint; `add` matches destination and value as well.
        migrations.register(Migration(name: "dead_letter_v2", sql: """
            CREATE TABLE dead_letters_v2 (
                id INTEGER PRIMARY KEY,
                created_at_ms INTEGER NOT NULL,
                kafka_topic TEXT NOT NULL,
                kafka_partition INTEGER NOT NULL,
                kafka_offset INTEGER NOT NULL,
                kafka_timestamp_ms INTEGER,
                kafka_key BLOB,
                kafka_value BLOB,
                kafka_headers BLOB NOT NULL,
                reason TEXT NOT NULL,
                error_code TEXT,
                error_message TEXT NOT NULL,
                mode TEXT,
                project TEXT,
                logstore TEXT,
                attempts INTEGER NOT NULL
            );
            INSERT INTO dead_letters_v2 SELECT \(DeadLetterSchema.columnsV1) FROM dead_letters;
            DROP TABLE dead_letters;
            ALTER TABLE dead_letters_v2 RENAME TO dead_letters;
            CREATE INDEX dead_letters_reason ON dead_letters (reason, id);
            CREATE INDEX dead_letters_record ON dead_letters (kafka_topic, kafka_partition, kafka_offset, reason);
            """))
        // v3 keeps which entries of a record SLS refused when it accepted the others (see `RefusedEntries`). Rows
        // without them keep the whole record, as before.
        migrations.register(Migration(name: "dead_letter_v3", sql: """
            ALTER TABLE dead_letters ADD COLUMN refused_entries TEXT;
            ALTER TABLE dead_letters ADD COLUMN record_entry_count INTEGER;
            """))
        return migrations
    }()

    /// The columns of v1 and v2, which the v2 migration copies.
    static let columnsV1 = """
        id, created_at_ms, kafka_topic, kafka_partition, kafka_offset, kafka_timestamp_ms, kafka_key, kafka_value,
        kafka_headers, reason, error_code, error_message, mode, project, logstore, attempts
        """

    static let columns = columnsV1 + ", refused_entries, record_entry_count"

    static let insertSQL = """
        INSERT INTO dead_letters (
            created_at_ms, kafka_topic, kafka_partition, kafka_offset, kafka_timestamp_ms, kafka_key, kafka_value,
            kafka_headers, reason, error_code, error_message, mode, project, logstore, attempts, refused_entries,
            record_entry_count
        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Finds the row of the same record, kept for the same reason and destination: a record read again after
    /// a restart. Another record at the same offset (a hub created again) or another destination gets its own row.
    static let findSQL = """
        SELECT id, created_at_ms, refused_entries, record_entry_count FROM dead_letters
        WHERE kafka_topic = ? AND kafka_partition = ? AND kafka_offset = ? AND reason = ?
            AND mode IS ? AND project IS ? AND logstore IS ? AND kafka_value IS ? AND kafka_key IS ?
        """

    static let updateRepeatSQL = """
        UPDATE dead_letters SET error_code = ?, error_message = ?, attempts = attempts + ?, refused_entries = ?,
            record_entry_count = ?
        WHERE id = ?
        """

    static func insertArguments(_ letter: DeadLetter, errorCode: String?, errorMessage: String) -> [SQLiteValue] {
        [
            .integer(letter.createdAtMilliseconds), .text(letter.kafkaTopic), .integer(letter.kafkaPartition),
            .integer(letter.kafkaOffset), .integer(letter.kafkaTimestampMilliseconds), .blob(letter.kafkaKey),
            .blob(letter.kafkaValue), .blob(DeadLetterHeaderCoding.encode(letter.kafkaHeaders)),
            .text(letter.reason.rawValue), .text(errorCode), .text(errorMessage), .text(letter.mode?.rawValue),
            .text(letter.project), .text(letter.logstore), .integer(letter.attempts),
            .text(letter.refusedEntries?.text), .integer(letter.refusedEntries?.recordEntryCount),
        ]
    }

    /// Reads a row selected with ``columns``.
    static func deadLetter(from row: SQLiteRow, path: String) throws(StorageError) -> DeadLetter {
        var letter: DeadLetter
        let headerBytes: [UInt8]
        do {
            headerBytes = try row.decode([UInt8].self, column: "kafka_headers")
            letter = DeadLetter(
                id: try row.decode(Int64.self, column: "id"),
                createdAtMilliseconds: try row.decode(Int64.self, column: "created_at_ms"),
                kafkaTopic: try row.decode(String.self, column: "kafka_topic"),
                kafkaPartition: try row.decode(Int32.self, column: "kafka_partition"),
                kafkaOffset: try row.decode(Int64.self, column: "kafka_offset"),
                kafkaTimestampMilliseconds: try row.decode(Int64?.self, column: "kafka_timestamp_ms"),
                kafkaKey: try row.decode([UInt8]?.self, column: "kafka_key"),
                kafkaValue: try row.decode([UInt8]?.self, column: "kafka_value"),
                reason: DeadLetterReason(rawValue: try row.decode(String.self, column: "reason")),
                errorCode: try row.decode(String?.self, column: "error_code"),
                errorMessage: try row.decode(String.self, column: "error_message"),
                mode: try row.decode(String?.self, column: "mode").map(MeterMode.init(rawValue:)),
                project: try row.decode(String?.self, column: "project"),
                logstore: try row.decode(String?.self, column: "logstore"),
                attempts: try row.decode(Int.self, column: "attempts")
            )
        } catch {
            throw .sqlite(error)
        }

        switch DeadLetterHeaderCoding.decode(headerBytes) {
        case .success(let headers):
            letter.kafkaHeaders = headers
        case .failure(let problem):
            throw .invalidStoredValue(path: path, id: letter.id ?? 0, reason: "kafka_headers: \(problem.text)")
        }
        letter.refusedEntries = try refusedEntries(from: row, path: path, id: letter.id ?? 0)
        return letter
    }

    /// Returns the refused entries of a row that ``findSQL`` selected, or nil when it keeps the whole record or its
    /// columns cannot be read, which keeps the whole record too.
    static func readableRefusedEntries(from row: SQLiteRow) -> RefusedEntries? {
        guard let text = try? row.decode(String?.self, column: "refused_entries"),
              let count = try? row.decode(Int?.self, column: "record_entry_count")
        else {
            return nil
        }
        return RefusedEntries(text: text, recordEntryCount: count)
    }

    /// Reads the `refused_entries` and `record_entry_count` columns of a row that ``columns`` or ``findSQL`` selected.
    static func refusedEntries(from row: SQLiteRow, path: String, id: Int64) throws(StorageError) -> RefusedEntries? {
        let text: String?
        let count: Int?
        do {
            text = try row.decode(String?.self, column: "refused_entries")
            count = try row.decode(Int?.self, column: "record_entry_count")
        } catch {
            throw .sqlite(error)
        }
        guard let text, let count else { return nil }
        guard let entries = RefusedEntries(text: text, recordEntryCount: count) else {
            throw .invalidStoredValue(path: path, id: id, reason: "refused_entries `\(text)` of \(count) entries")
        }
        return entries
    }
}

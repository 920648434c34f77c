/// The schema of the meter tables and the SQL that reads and writes them.
enum MeterSchema {
    static let feature = "meter"

    static let migrations: Migrations = {
        var migrations = Migrations(feature: feature)
        migrations.register(Migration(name: "meter_v1", sql: """
            CREATE TABLE meter_writes (
                id INTEGER PRIMARY KEY,
                recorded_at_ms INTEGER NOT NULL,
                instance_id TEXT NOT NULL,
                mode TEXT NOT NULL,
                delivery TEXT NOT NULL,
                project TEXT NOT NULL,
                logstore TEXT NOT NULL,
                kafka_topic TEXT NOT NULL,
                kafka_partition INTEGER NOT NULL,
                first_offset INTEGER NOT NULL,
                last_offset INTEGER NOT NULL,
                record_count INTEGER NOT NULL,
                entry_count INTEGER NOT NULL,
                raw_bytes INTEGER NOT NULL,
                normalized_bytes INTEGER NOT NULL,
                compressed_bytes INTEGER NOT NULL,
                compression TEXT NOT NULL,
                request_count INTEGER NOT NULL
            );
            CREATE INDEX meter_writes_mode_recorded_at ON meter_writes (mode, recorded_at_ms);
            CREATE INDEX meter_writes_recorded_at ON meter_writes (recorded_at_ms);
            """))
        // Adds what prices need beyond bytes and requests. Rows written before it keep NULL in the new columns,
        // which readers report instead of counting as zero.
        migrations.register(Migration(name: "meter_v2", sql: """
            ALTER TABLE meter_writes ADD COLUMN indexed_bytes INTEGER;
            ALTER TABLE meter_writes ADD COLUMN stored_bytes INTEGER;
            ALTER TABLE meter_writes ADD COLUMN billable_events INTEGER;
            ALTER TABLE meter_writes ADD COLUMN index_mode TEXT;
            ALTER TABLE meter_writes ADD COLUMN retention_days INTEGER;
            ALTER TABLE meter_writes ADD COLUMN hot_days INTEGER;
            ALTER TABLE meter_writes ADD COLUMN archive_after_days INTEGER;
            ALTER TABLE meter_writes ADD COLUMN active_shards INTEGER;
            CREATE TABLE meter_kafka_fetch (
                id INTEGER PRIMARY KEY,
                recorded_at_ms INTEGER NOT NULL,
                instance_id TEXT NOT NULL,
                delivery TEXT NOT NULL,
                broker TEXT NOT NULL,
                fetched_bytes INTEGER NOT NULL,
                interval_ms INTEGER NOT NULL
            );
            CREATE INDEX meter_kafka_fetch_recorded_at ON meter_kafka_fetch (recorded_at_ms);
            """))
        // Adds when the row's Kafka records were written to the hub, so that a report can tell a backlog read in
        // minutes from traffic of minutes. Older rows keep NULL, and a report prices their bytes over the row window.
        migrations.register(Migration(name: "meter_v3", sql: """
            ALTER TABLE meter_writes ADD COLUMN first_record_time_ms INTEGER;
            ALTER TABLE meter_writes ADD COLUMN last_record_time_ms INTEGER;
            """))
        return migrations
    }()

    /// Temporary objects that let a connection read a `meter_v1` file as if it had every later migration.
    /// Columns added since `meter_v1` read as NULL, as they do for older rows of a migrated file.
    static let version1CompatibilitySQL = """
        CREATE TEMP VIEW meter_writes AS SELECT *, NULL AS indexed_bytes, NULL AS stored_bytes,
            NULL AS billable_events, NULL AS index_mode, NULL AS retention_days, NULL AS hot_days,
            NULL AS archive_after_days, NULL AS active_shards, NULL AS first_record_time_ms,
            NULL AS last_record_time_ms
        FROM main.meter_writes;
        CREATE TEMP TABLE meter_kafka_fetch (
            id INTEGER PRIMARY KEY,
            recorded_at_ms INTEGER NOT NULL,
            instance_id TEXT NOT NULL,
            delivery TEXT NOT NULL,
            broker TEXT NOT NULL,
            fetched_bytes INTEGER NOT NULL,
            interval_ms INTEGER NOT NULL
        );
        """

    /// A temporary view that lets a connection read a `meter_v2` file as if it had `meter_v3`, whose columns
    /// read as NULL.
    static let version2CompatibilitySQL = """
        CREATE TEMP VIEW meter_writes AS SELECT *, NULL AS first_record_time_ms, NULL AS last_record_time_ms
        FROM main.meter_writes;
        """

    static let insertSQL = """
        INSERT INTO meter_writes (
            recorded_at_ms, instance_id, mode, delivery, project, logstore, kafka_topic, kafka_partition,
            first_offset, last_offset, record_count, entry_count, raw_bytes, normalized_bytes, compressed_bytes,
            compression, request_count, indexed_bytes, stored_bytes, billable_events, index_mode, retention_days,
            hot_days, archive_after_days, active_shards, first_record_time_ms, last_record_time_ms
        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func insertArguments(_ record: MeterRecord) -> [SQLiteValue] {
        let profile = record.logstoreProfile
        return [
            .integer(record.recordedAtMilliseconds), .text(record.instanceID), .text(record.mode.rawValue),
            .text(record.delivery.rawValue), .text(record.project), .text(record.logstore), .text(record.kafkaTopic),
            .integer(record.kafkaPartition), .integer(record.firstOffset), .integer(record.lastOffset),
            .integer(record.recordCount), .integer(record.entryCount), .integer(record.rawBytes),
            .integer(record.normalizedBytes), .integer(record.compressedBytes), .text(record.compression),
            .integer(record.requestCount), .integer(record.indexedBytes), .integer(record.storedBytes),
            .integer(record.billableEvents), .text(profile?.indexMode.rawValue), .integer(profile?.retentionDays),
            .integer(profile?.hotDays), .integer(profile?.archiveAfterDays), .integer(profile?.activeShards),
            .integer(record.firstRecordTimeMilliseconds), .integer(record.lastRecordTimeMilliseconds),
        ]
    }

    static let insertFetchSampleSQL = """
        INSERT INTO meter_kafka_fetch (recorded_at_ms, instance_id, delivery, broker, fetched_bytes, interval_ms)
        VALUES (?, ?, ?, ?, ?, ?)
        """

    static func insertArguments(_ sample: KafkaFetchSample) -> [SQLiteValue] {
        [
            .integer(sample.recordedAtMilliseconds), .text(sample.instanceID), .text(sample.delivery.rawValue),
            .text(sample.broker), .integer(sample.fetchedBytes), .integer(sample.intervalMilliseconds),
        ]
    }
}

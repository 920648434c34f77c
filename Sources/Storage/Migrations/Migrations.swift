import Core
import Foundation

/// The ordered schema migrations of one feature, such as the meter or the dead-letter store.
///
/// Each applied migration is recorded in the table `schema_migrations` with its feature and the time it was
/// applied. Several features may share one database file. Each checks only its own rows, so a file that
/// contains both the meter and the dead letters opens with either feature's migrations.
///
/// ```swift
/// var migrations = Migrations(feature: "meter")
/// migrations.register(Migration(name: "meter_v1", sql: "CREATE TABLE meter_writes (...)"))
/// try migrations.apply(to: database)
/// ```
public struct Migrations: Sendable {
    /// The feature name stored with each migration, such as `meter`.
    public let feature: String
    /// The migrations in the order they are applied.
    public private(set) var migrations: [Migration] = []

    public init(feature: String) {
        self.feature = feature
    }

    /// Appends a migration. Registering a name twice is a programming error and stops the process.
    public mutating func register(_ migration: Migration) {
        let isDuplicate = migrations.contains { $0.name == migration.name }
        precondition(!isDuplicate, "migration \(migration.name) is registered twice")
        migrations.append(migration)
    }

    static let createTableSQL = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            name TEXT PRIMARY KEY NOT NULL,
            feature TEXT NOT NULL,
            applied_at_ms INTEGER NOT NULL
        )
        """

    /// Applies the migrations that the database has not recorded, each in its own transaction, in registration
    /// order, and returns the names applied now.
    ///
    /// Applying is idempotent, and safe when several processes open the same file: each migration checks its
    /// record again after `BEGIN IMMEDIATE` has taken the write lock.
    /// - Throws: ``StorageError/unknownMigrations(feature:names:path:)`` before changing anything when the file
    ///   records migrations of this feature that are not registered, which means a newer ehbridge wrote it.
    ///   ``StorageError/migrationFailed(name:path:underlying:)`` when a migration fails. That migration is rolled
    ///   back, and the migrations before it stay applied. ``StorageError/sqlite(_:)`` for other SQLite failures.
    @discardableResult
    public func apply(to database: SQLiteDatabase, logger: Logger = .disabled) throws(StorageError) -> [String] {
        do {
            try database.execute(Self.createTableSQL)
        } catch {
            throw .sqlite(error)
        }
        try rejectUnknownMigrations(in: database)

        var applied: [String] = []
        for migration in migrations {
            do {
                let didApply = try database.immediateTransaction { () throws(SQLiteError) -> Bool in
                    let recorded = try database.query(
                        "SELECT 1 FROM schema_migrations WHERE name = ?", [.text(migration.name)]
                    )
                    guard recorded.isEmpty else { return false }

                    try migration.apply(database)
                    try database.execute(
                        "INSERT INTO schema_migrations (name, feature, applied_at_ms) VALUES (?, ?, ?)",
                        [.text(migration.name), .text(feature), .integer(Self.nowMilliseconds())]
                    )
                    return true
                }
                if didApply {
                    applied.append(migration.name)
                    logger.info("schema migration applied", metadata: [
                        "storage.path": .string(database.path), "storage.migration": .string(migration.name),
                    ])
                }
            } catch {
                throw .migrationFailed(name: migration.name, path: database.path, underlying: error)
            }
        }
        return applied
    }

    /// Checks, without writing, that the database records every registered migration of this feature and no
    /// unknown one. Use it for files opened read-only.
    /// - Throws: ``StorageError/unknownMigrations(feature:names:path:)``,
    ///   ``StorageError/missingMigrations(feature:names:path:)`` or ``StorageError/sqlite(_:)``.
    public func verify(_ database: SQLiteDatabase) throws(StorageError) {
        try rejectUnknownMigrations(in: database)

        let recorded = Set(try recordedNames(in: database))
        let missing = migrations.map(\.name).filter { !recorded.contains($0) }
        if !missing.isEmpty {
            throw .missingMigrations(feature: feature, names: missing, path: database.path)
        }
    }

    /// Returns the names of this feature's migrations that the database records, in the order they were applied.
    /// A database without a `schema_migrations` table records none.
    public func recordedNames(in database: SQLiteDatabase) throws(StorageError) -> [String] {
        do {
            let tables = try database.query(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            )
            guard !tables.isEmpty else { return [] }

            let rows = try database.query(
                "SELECT name FROM schema_migrations WHERE feature = ? ORDER BY applied_at_ms, rowid", [.text(feature)]
            )
            var names: [String] = []
            for row in rows {
                names.append(try row.decode(String.self, column: "name"))
            }
            return names
        } catch {
            throw .sqlite(error)
        }
    }

    private func rejectUnknownMigrations(in database: SQLiteDatabase) throws(StorageError) {
        let known = Set(migrations.map(\.name))
        let unknown = try recordedNames(in: database).filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw .unknownMigrations(feature: feature, names: unknown, path: database.path)
        }
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

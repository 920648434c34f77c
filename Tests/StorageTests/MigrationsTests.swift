import Foundation
import Testing
@testable import Storage

@Suite struct MigrationsTests {
    private static func migrations(_ names: [String], feature: String = "notes") -> Migrations {
        var migrations = Migrations(feature: feature)
        for name in names {
            migrations.register(Migration(name: name, sql: "CREATE TABLE \(name) (id INTEGER PRIMARY KEY)"))
        }
        return migrations
    }

    private static func tableNames(_ database: SQLiteDatabase) throws -> [String] {
        try database.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map {
            try $0.decode(String.self, column: "name")
        }
    }

    @Test func applyRunsOnceAndRecords() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        let migrations = Self.migrations(["notes_v1", "notes_v2"])

        #expect(try migrations.apply(to: database) == ["notes_v1", "notes_v2"])
        #expect(try migrations.apply(to: database) == [])

        let rows = try database.query("SELECT name, feature, applied_at_ms FROM schema_migrations ORDER BY rowid")
        #expect(try rows.map { try $0.decode(String.self, column: "name") } == ["notes_v1", "notes_v2"])
        #expect(try rows.map { try $0.decode(String.self, column: "feature") } == ["notes", "notes"])
        #expect(try rows.allSatisfy { try $0.decode(Int64.self, column: "applied_at_ms") > 1_700_000_000_000 })
        #expect(try Self.tableNames(database) == ["notes_v1", "notes_v2", "schema_migrations"])
    }

    @Test func applyAddsOnlyNewMigrations() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("test.sqlite")
        let first = try SQLiteDatabase(path: path)
        #expect(try Self.migrations(["notes_v1"]).apply(to: first) == ["notes_v1"])
        try first.close()

        let second = try SQLiteDatabase(path: path)
        defer { try? second.close() }
        #expect(try Self.migrations(["notes_v1", "notes_v2"]).apply(to: second) == ["notes_v2"])
    }

    @Test func applyRejectsUnknownNewerMigration() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        try Self.migrations(["notes_v1", "notes_v2"]).apply(to: database)

        do {
            try Self.migrations(["notes_v1"]).apply(to: database)
            Issue.record("expected unknownMigrations")
        } catch {
            guard case .unknownMigrations(let feature, let names, let path) = error else {
                Issue.record("expected unknownMigrations, got \(error)")
                return
            }
            #expect(feature == "notes")
            #expect(names == ["notes_v2"])
            #expect(path == database.path)
            #expect(error.description.contains("newer ehbridge"))
        }
    }

    @Test func featuresShareOneFile() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        let notes = Self.migrations(["notes_v1"], feature: "notes")
        let tags = Self.migrations(["tags_v1"], feature: "tags")

        #expect(try notes.apply(to: database) == ["notes_v1"])
        #expect(try tags.apply(to: database) == ["tags_v1"])
        #expect(try notes.apply(to: database) == [])
        try notes.verify(database)
        try tags.verify(database)
    }

    @Test func failedMigrationRollsBack() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        var migrations = Self.migrations(["notes_v1"])
        let failingSQL = "CREATE TABLE partial (id INTEGER); INSERT INTO absent VALUES (1);"
        migrations.register(Migration(name: "notes_v2", sql: failingSQL))

        do {
            try migrations.apply(to: database)
            Issue.record("expected migrationFailed")
        } catch {
            guard case .migrationFailed(let name, _, let underlying) = error else {
                Issue.record("expected migrationFailed, got \(error)")
                return
            }
            #expect(name == "notes_v2")
            #expect(underlying.message.contains("absent"))
        }

        #expect(try migrations.recordedNames(in: database) == ["notes_v1"])
        #expect(try Self.tableNames(database) == ["notes_v1", "schema_migrations"])
    }

    @Test func verifyReportsMissingMigrations() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("test.sqlite")
        let writer = try SQLiteDatabase(path: path)
        try writer.execute("CREATE TABLE unrelated (id INTEGER)")
        try writer.close()

        let reader = try SQLiteDatabase(path: path, options: SQLiteDatabase.Options(access: .readOnly))
        defer { try? reader.close() }
        do {
            try Self.migrations(["notes_v1"]).verify(reader)
            Issue.record("expected missingMigrations")
        } catch {
            guard case .missingMigrations(_, let names, _) = error else {
                Issue.record("expected missingMigrations, got \(error)")
                return
            }
            #expect(names == ["notes_v1"])
        }
    }
}

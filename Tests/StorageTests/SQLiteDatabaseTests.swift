import CSQLite
import Core
import Foundation
import Testing
@testable import Storage
import TestSupport

@Suite struct SQLiteDatabaseTests {
    @Test func openCreatesFolderAndOwnerOnlyFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("nested/deeper/test.sqlite")

        let database = try SQLiteDatabase(path: path)
        defer { try? database.close() }

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let permissions = try #require(attributes[.posixPermissions] as? NSNumber)
        #expect(permissions.intValue == 0o600)
    }

    @Test func immutableOpenReadsPathWithURICharacters() throws {
        let folder = try TemporaryDirectory()
        // `?`, `#` and `%` end or escape parts of a URI filename, so the path must be encoded.
        let path = folder.file("a ?#%20b/test.sqlite")
        let writer = try SQLiteDatabase(path: path)
        try writer.execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (7)")
        try writer.close()

        let reader = try SQLiteDatabase(path: path, options: SQLiteDatabase.Options(access: .readOnlyImmutable))
        let rows = try reader.query("SELECT v FROM t")
        try reader.close()

        #expect(try rows.first?.decode(Int64.self, column: "v") == 7)
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"), "an immutable reader creates no shared memory")
    }

    /// The meter and the dead-letter store share one file by default, so the bridge opens it twice. POSIX drops
    /// every lock a process holds on a file when it closes any descriptor of it, so a second open must not close
    /// a descriptor of its own on the existing file. Without the first connection's lock, another process that
    /// closes its connection takes itself for the last one and deletes the write-ahead log still in use.
    @Test func secondOpenKeepsFirstConnectionsLock() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("shared.sqlite")
        let first = try SQLiteDatabase(path: path)
        defer { try? first.close() }
        try first.execute("CREATE TABLE t (v INTEGER)")
        try first.execute("INSERT INTO t VALUES (1)")
        let second = try SQLiteDatabase(path: path)
        defer { try? second.close() }

        // Another process reads the file and closes its connection, as `ehbridge dlq list` does.
        let reader = SpawnedProcess()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reader.arguments = ["python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT COUNT(*) FROM t').fetchall(); c.close()", path]
        try reader.run()
        reader.waitUntilExit()
        #expect(reader.terminationStatus == 0)

        #expect(FileManager.default.fileExists(atPath: path + "-wal"), "the write-ahead log in use was deleted")
        try first.execute("INSERT INTO t VALUES (2)")
        #expect(try second.query("SELECT COUNT(*) FROM t").first?[0] == .integer(2))
    }

    @Test func openEnablesWALAndPragmas() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }

        #expect(try database.query("PRAGMA journal_mode").first?[0] == .text("wal"))
        #expect(try database.query("PRAGMA synchronous").first?[0] == .integer(1))
        #expect(try database.query("PRAGMA foreign_keys").first?[0] == .integer(1))
        #expect(try database.query("PRAGMA busy_timeout").first?[0] == .integer(5_000))
    }

    @Test func openAppliesSynchronousFull() throws {
        let folder = try TemporaryDirectory()
        let options = SQLiteDatabase.Options(synchronous: .full)
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"), options: options)
        defer { try? database.close() }

        #expect(try database.query("PRAGMA synchronous").first?[0] == .integer(2))
    }

    @Test func bindAndReadRoundTrip() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        try database.execute("CREATE TABLE value_kinds (id INTEGER PRIMARY KEY, value)")

        let values: [SQLiteValue] = [
            .integer(Int64.max), .integer(Int64.min), .real(-1.5), .text("grüße \u{0} after nul"), .text(""),
            .blob([0, 255, 1, 0]), .blob([]), .null,
        ]
        let insert = try database.prepare("INSERT INTO value_kinds (id, value) VALUES (?, ?)")
        for (index, value) in values.enumerated() {
            try insert.execute([.integer(index), value])
        }

        let rows = try database.query("SELECT value FROM value_kinds ORDER BY id")
        #expect(rows.map { $0[0] } == values)
        #expect(try database.query("SELECT typeof(value) FROM value_kinds WHERE id = 6").first?[0] == .text("blob"))
    }

    @Test func decodeReadsTypedColumns() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }

        let row = try #require(try database.query(
            "SELECT ? AS count, ? AS ratio, ? AS name, ? AS body, ? AS missing", [42, 0.25, "meter", .blob([7]), nil]
        ).first)
        #expect(try row.decode(Int64.self, column: "count") == 42)
        #expect(try row.decode(Int.self, column: "count") == 42)
        #expect(try row.decode(Double.self, column: "count") == 42)
        #expect(try row.decode(Double.self, column: "ratio") == 0.25)
        #expect(try row.decode(String.self, column: "name") == "meter")
        #expect(try row.decode([UInt8].self, column: "body") == [7])
        #expect(try row.decode(String?.self, column: "missing") == nil)
        #expect(try row.decode(Int64?.self, column: "count") == 42)
        #expect(row.columnNames == ["count", "ratio", "name", "body", "missing"])
    }

    @Test func decodeRejectsMismatchAndNull() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        let row = try #require(try database.query("SELECT 'text' AS name, NULL AS missing").first)

        #expect {
            try row.decode(Int64.self, column: "name")
        } throws: { error in
            (error as? SQLiteError)?.kind == .typeMismatch
        }
        #expect {
            try row.decode(String.self, column: "missing")
        } throws: { error in
            (error as? SQLiteError)?.kind == .typeMismatch
        }
        #expect {
            try row.decode(String.self, column: "absent")
        } throws: { error in
            (error as? SQLiteError)?.code == SQLITE_RANGE
        }
    }

    @Test func bindRejectsWrongArgumentCount() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }

        #expect {
            try database.query("SELECT ? + ?", [1])
        } throws: { error in
            let sqliteError = error as? SQLiteError
            return sqliteError?.code == SQLITE_RANGE && sqliteError?.operation == .bind
        }
    }

    @Test func transactionCommitsBody() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        try database.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)")

        let result = try database.transaction {
            try database.execute("INSERT INTO items (id) VALUES (?)", [1])
            return "done"
        }

        #expect(result == "done")
        #expect(try database.query("SELECT COUNT(*) FROM items").first?[0] == .integer(1))
    }

    @Test func transactionRollsBackOnThrow() throws {
        struct Abort: Error, Equatable {}
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        try database.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)")

        #expect(throws: Abort()) {
            try database.transaction {
                try database.execute("INSERT INTO items (id) VALUES (?)", [1])
                throw Abort()
            }
        }

        #expect(try database.query("SELECT COUNT(*) FROM items").first?[0] == .integer(0))
        // The connection is usable again: no transaction is left open.
        try database.execute("INSERT INTO items (id) VALUES (?)", [2])
        #expect(try database.query("SELECT COUNT(*) FROM items").first?[0] == .integer(1))
    }

    @Test func nestedTransactionRollsBackAlone() throws {
        struct Abort: Error {}
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        try database.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)")

        try database.transaction {
            try database.execute("INSERT INTO items (id) VALUES (?)", [1])
            _ = try? database.transaction {
                try database.execute("INSERT INTO items (id) VALUES (?)", [2])
                throw Abort()
            }
        }

        let ids = try database.query("SELECT id FROM items ORDER BY id").map { $0[0] }
        #expect(ids == [.integer(1)])
    }

    @Test func constraintErrorKeepsCodeWithoutValues() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        try database.execute("CREATE TABLE tokens (name TEXT PRIMARY KEY, value TEXT)")
        try database.execute("INSERT INTO tokens (name, value) VALUES (?, ?)", ["name-7f3a9c", "value-b81d2e"])

        do {
            try database.execute("INSERT INTO tokens (name, value) VALUES (?, ?)", ["name-7f3a9c", "value-b81d2e"])
            Issue.record("expected a constraint error")
        } catch {
            #expect(error.code == SQLITE_CONSTRAINT)
            #expect(error.extendedCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
            #expect(error.kind == .constraint)
            #expect(error.operation == .step)
            #expect(error.statement == "INSERT INTO tokens (name, value) VALUES (?, ?)")
            #expect(error.message.contains("tokens.name"))
            #expect(!error.description.contains("name-7f3a9c"))
            #expect(!error.description.contains("value-b81d2e"))
            #expect(error.description.contains("SQLITE_CONSTRAINT"))
        }
    }

    @Test func syntaxErrorNamesStatement() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }

        do {
            _ = try database.prepare("SELEC 1")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.code == SQLITE_ERROR)
            #expect(error.operation == .prepare)
            #expect(error.statement == "SELEC 1")
        }
    }

    @Test func prepareRejectsSecondStatement() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }

        #expect(throws: SQLiteError.self) { try database.prepare("SELECT 1; SELECT 2") }
        #expect(try database.prepare("SELECT 1; -- trailing comment\n").query().count == 1)
    }

    @Test func executeRunsSeveralStatements() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }

        try database.execute("""
            CREATE TABLE a (id INTEGER); -- a comment between statements
            INSERT INTO a VALUES (1);
            INSERT INTO a VALUES (2);
            """)
        #expect(try database.query("SELECT SUM(id) FROM a").first?[0] == .integer(3))
    }

    @Test func busyLockIsRetriedThenSucceeds() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("test.sqlite")
        let holder = try SQLiteDatabase(path: path)
        defer { try? holder.close() }
        try holder.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)")
        try holder.execute("BEGIN IMMEDIATE")
        try holder.execute("INSERT INTO items (id) VALUES (?)", [1])

        // The observer releases the write lock before the second retry, so the retry count is exact.
        let retries = Locked<[Int]>([])
        let busyRetry = SQLiteDatabase.BusyRetry(maxRetries: 5, initialDelayMilliseconds: 1) { retry, error in
            retries.withLock { $0.append(retry) }
            #expect(error.kind == .busy)
            if retry == 2 {
                try? holder.execute("COMMIT")
            }
        }
        let options = SQLiteDatabase.Options(busyTimeoutMilliseconds: 0, busyRetry: busyRetry)
        let writer = try SQLiteDatabase(path: path, options: options)
        defer { try? writer.close() }

        try writer.execute("INSERT INTO items (id) VALUES (?)", [2])

        #expect(retries.withLock { $0 } == [1, 2])
        #expect(try writer.query("SELECT COUNT(*) FROM items").first?[0] == .integer(2))
    }

    @Test func busyLockFailsAfterRetries() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("test.sqlite")
        let holder = try SQLiteDatabase(path: path)
        defer { try? holder.close() }
        try holder.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)")
        try holder.execute("BEGIN IMMEDIATE")
        defer { try? holder.execute("ROLLBACK") }

        let retries = Locked(0)
        let busyRetry = SQLiteDatabase.BusyRetry(maxRetries: 2, initialDelayMilliseconds: 1) { _, _ in
            retries.withLock { $0 += 1 }
        }
        let options = SQLiteDatabase.Options(busyTimeoutMilliseconds: 0, busyRetry: busyRetry)
        let writer = try SQLiteDatabase(path: path, options: options)
        defer { try? writer.close() }

        do {
            try writer.transaction {
                try writer.execute("INSERT INTO items (id) VALUES (?)", [1])
            }
            Issue.record("expected SQLITE_BUSY")
        } catch let error as SQLiteError {
            #expect(error.code == SQLITE_BUSY)
            #expect(error.kind == .busy)
            #expect(error.statement == "BEGIN IMMEDIATE")
            #expect(error.hint != nil)
        }
        #expect(retries.withLock { $0 } == 2)
    }

    @Test func fullDatabaseIsReportedAsFull() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        defer { try? database.close() }
        try database.execute("CREATE TABLE payloads (body BLOB)")
        // Cap the file at its current size, so the next large insert cannot grow it.
        let pages = try database.query("PRAGMA page_count").first?[0]
        guard case .integer(let pageCount) = pages else {
            Issue.record("PRAGMA page_count returned \(String(describing: pages))")
            return
        }
        _ = try database.query("PRAGMA max_page_count = \(pageCount + 1)")

        do {
            try database.execute("INSERT INTO payloads (body) VALUES (?)", [.blob(Array(repeating: 1, count: 1 << 20))])
            Issue.record("expected SQLITE_FULL")
        } catch {
            #expect(error.code == SQLITE_FULL)
            #expect(error.kind == .full)
            #expect(error.description.contains("Free space"))
        }
    }

    @Test func closedDatabaseRejectsCalls() throws {
        let folder = try TemporaryDirectory()
        let database = try SQLiteDatabase(path: folder.file("test.sqlite"))
        let statement = try database.prepare("SELECT 1")
        try database.close()
        try database.close()

        #expect {
            try database.execute("SELECT 1")
        } throws: { error in
            (error as? SQLiteError)?.kind == .misuse
        }
        #expect {
            try statement.query()
        } throws: { error in
            (error as? SQLiteError)?.kind == .misuse
        }
    }

    @Test func readOnlyOpenOfMissingFileFails() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("absent.sqlite")

        do {
            _ = try SQLiteDatabase(path: path, options: SQLiteDatabase.Options(access: .readOnly))
            Issue.record("expected an open error")
        } catch {
            #expect(error.code == SQLITE_CANTOPEN)
            #expect(error.operation == .open)
            #expect(error.kind == .access)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func readOnlyOpenReadsClosedWALFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("test.sqlite")
        let writer = try SQLiteDatabase(path: path)
        try writer.execute("CREATE TABLE items (id INTEGER); INSERT INTO items VALUES (5);")
        try writer.close()

        let reader = try SQLiteDatabase(path: path, options: SQLiteDatabase.Options(access: .readOnly))
        defer { try? reader.close() }

        #expect(try reader.query("SELECT id FROM items").first?[0] == .integer(5))
        #expect {
            try reader.execute("INSERT INTO items VALUES (6)")
        } throws: { error in
            (error as? SQLiteError)?.code == SQLITE_READONLY
        }
    }
}

import Core
import Foundation
import Testing
@testable import Storage

@Suite struct DeadLetterStoreTests {
    private static let createdAt: Int64 = 1_772_323_200_000

    private static func letter(
        offset: Int64 = 42,
        partition: Int32 = 3,
        topic: String = "insights-logs-auditevent",
        reason: DeadLetterReason = .slsRejected,
        value: [UInt8]? = Array(#"{"records":[{"operationName":"Sign-in"}]}"#.utf8),
        message: String = "PostBodyInvalid: the LogGroup is invalid",
        attempts: Int = 1,
        createdAt: Int64 = createdAt
    ) -> DeadLetter {
        DeadLetter(
            createdAtMilliseconds: createdAt, kafkaTopic: topic, kafkaPartition: partition, kafkaOffset: offset,
            kafkaTimestampMilliseconds: createdAt - 5_000, kafkaKey: nil, kafkaValue: value,
            kafkaHeaders: [
                DeadLetterHeader(name: "content-type", value: Array("application/json".utf8)),
                DeadLetterHeader(name: "empty", value: []),
                DeadLetterHeader(name: "null", value: nil),
                DeadLetterHeader(name: "binary", value: [0xFF, 0x00, 0xFE]),
            ],
            reason: reason, errorCode: "PostBodyInvalid", errorMessage: message, mode: .userLogService,
            project: "ctdr-prod", logstore: "azure-audit", attempts: attempts
        )
    }

    private static func withID(_ letter: DeadLetter, _ id: Int64) -> DeadLetter {
        var copy = letter
        copy.id = id
        return copy
    }

    @Test func addThenListRoundTrips() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        var binary = Self.letter(offset: 1, value: [0x00, 0xC3, 0x28, 0xFF])
        binary.kafkaKey = []
        binary.kafkaTimestampMilliseconds = nil
        binary.errorCode = nil
        binary.mode = nil
        binary.project = nil
        binary.logstore = nil
        let letters = [Self.letter(offset: 0), binary, Self.letter(offset: 2, value: nil)]

        let result = try store.add(letters)

        #expect(result.insertedCount == 3)
        #expect(result.updatedCount == 0)
        #expect(result.ids.count == 3)
        let listed = try store.list()
        #expect(listed == zip(letters, result.ids).map { Self.withID($0, $1) })
        #expect(listed[1].kafkaKey == [])
        #expect(listed[2].kafkaValue == nil)
    }

    @Test func sameRecordAndReasonUpdatesRow() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        let first = try store.add([Self.letter(message: "first failure", attempts: 3)])

        let repeated = try store.add([Self.letter(message: "second failure", attempts: 2)])
        let otherReason = try store.add([Self.letter(reason: .entryTooLarge)])

        #expect(repeated.updatedCount == 1)
        #expect(repeated.insertedCount == 0)
        #expect(repeated.ids == first.ids)
        #expect(otherReason.insertedCount == 1)
        let stored = try #require(try store.list(filter: DeadLetterFilter(reason: .slsRejected)).first)
        #expect(stored.errorMessage == "second failure")
        #expect(stored.attempts == 5)
        #expect(stored.kafkaValue == Self.letter().kafkaValue)
        #expect(try store.count() == [.slsRejected: 1, .entryTooLarge: 1])
    }

    @Test func repeatedPartialLetterMergesRefusedEntries() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        var first = Self.letter(offset: 1)
        first.refusedEntries = RefusedEntries(indices: 0..<2, recordEntryCount: 8)
        var second = Self.letter(offset: 1)
        second.refusedEntries = RefusedEntries(indices: 2..<4, recordEntryCount: 8)
        var rest = Self.letter(offset: 1)
        rest.refusedEntries = RefusedEntries(indices: 4..<8, recordEntryCount: 8)

        try store.add([first])
        #expect(try store.list().first?.refusedEntries?.text == "0-1")
        try store.add([second])
        #expect(try store.list().first?.refusedEntries?.text == "0-3")
        try store.add([rest])

        let stored = try store.list()
        #expect(stored.count == 1)
        #expect(stored.first?.refusedEntries == nil, "every entry refused: the whole record")
    }

    /// A replay narrows the row as it is now, which the pipeline may have widened since the replay read it.
    @Test func removeAcceptedEntriesReadsCurrentRow() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        var partial = Self.letter(offset: 1)
        partial.refusedEntries = RefusedEntries(indices: 4..<8, recordEntryCount: 8)
        let id = try store.add([partial]).ids[0]
        try store.add([Self.letter(offset: 1)])

        let remaining = try store.removeAcceptedEntries(id: id, accepted: [4, 5], recordEntryCount: 8)
        let otherCount = try store.removeAcceptedEntries(id: id, accepted: [0], recordEntryCount: 9)

        #expect(remaining?.text == "0-3,6-7", "entries 0-3, which the row gained, stay")
        #expect(otherCount?.text == "0-3,6-7", "another count leaves the row as it is")
        #expect(try store.list().first?.refusedEntries?.text == "0-3,6-7")
    }

    @Test func exportNamesRefusedEntries() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        var partial = Self.letter(offset: 1)
        partial.refusedEntries = RefusedEntries(indices: [4, 5, 6], recordEntryCount: 7)
        try store.add([partial, Self.letter(offset: 2)])
        let exportPath = folder.file("dead-letters.jsonl")

        try store.export(to: exportPath)

        let lines = try String(contentsOfFile: exportPath, encoding: .utf8).split(separator: "\n")
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["refused_entries"] as? String } == ["4-6", nil])
        #expect(objects.map { $0["record_entry_count"] as? Int } == [7, nil])
        #expect(objects[1]["refused_entries"] is NSNull)
    }

    @Test func otherRecordAtSameOffsetGetsOwnRow() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        try store.add([Self.letter()])
        // A hub created again reuses offsets; a second destination writing to the same file keeps its own letters.
        var otherDestination = Self.letter()
        otherDestination.logstore = "azure-audit-b"
        otherDestination.mode = .dedicatedChannel

        let otherValue = try store.add([Self.letter(value: Array(#"{"records":[{"id":"second"}]}"#.utf8))])
        let otherPlace = try store.add([otherDestination])

        #expect(otherValue.insertedCount == 1)
        #expect(otherPlace.insertedCount == 1)
        let values = try store.list().map(\.kafkaValue)
        #expect(values.count == 3)
        #expect(values[1] == Array(#"{"records":[{"id":"second"}]}"#.utf8))
    }

    @Test func version1FileKeepsRowsAndDropsOffsetKey() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("dead-letters.sqlite")
        let database = try SQLiteDatabase(path: path)
        var version1 = Migrations(feature: DeadLetterSchema.feature)
        version1.register(DeadLetterSchema.migrations.migrations[0])
        try version1.apply(to: database)
        let old = Self.letter()
        // The columns of v1, without the later ones.
        let insertV1 = """
            INSERT INTO dead_letters (
                created_at_ms, kafka_topic, kafka_partition, kafka_offset, kafka_timestamp_ms, kafka_key, kafka_value,
                kafka_headers, reason, error_code, error_message, mode, project, logstore, attempts
            ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        try database.execute(insertV1, Array(DeadLetterSchema.insertArguments(old, errorCode: "E", errorMessage: "m").prefix(15)))
        try database.close()

        let store = try DeadLetterStore(path: path, logger: .disabled)
        defer { store.close() }
        let added = try store.add([Self.letter(value: [1, 2, 3])])

        #expect(added.insertedCount == 1)
        let listed = try store.list()
        #expect(listed.count == 2)
        #expect(listed.first?.kafkaValue == old.kafkaValue)
        #expect(listed.first?.errorCode == "E")
    }

    @Test func countGroupsByReasonWithFilter() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        try store.add([
            Self.letter(offset: 1, reason: .slsRejected),
            Self.letter(offset: 2, reason: .slsRejected),
            Self.letter(offset: 3, reason: .entryTooLarge),
            Self.letter(offset: 4, partition: 9, reason: .invalidRecord),
        ])

        #expect(try store.count() == [.slsRejected: 2, .entryTooLarge: 1, .invalidRecord: 1])
        #expect(try store.count(filter: DeadLetterFilter(kafkaPartition: 9)) == [.invalidRecord: 1])
        #expect(try store.count(filter: DeadLetterFilter(kafkaTopic: "absent")) == [:])
    }

    @Test func listPagesAndFilters() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        let letters = (0..<5).map { Self.letter(offset: Int64($0), createdAt: Self.createdAt + Int64($0) * 1_000) }
        try store.add(letters)
        try store.add([Self.letter(offset: 0, topic: "insights-logs-signinlogs")])

        let firstPage = try store.list(limit: 2)
        let secondPage = try store.list(limit: 2, after: firstPage.last?.id)
        #expect(firstPage.map(\.kafkaOffset) == [0, 1])
        #expect(secondPage.map(\.kafkaOffset) == [2, 3])

        let topic = try store.list(filter: DeadLetterFilter(kafkaTopic: "insights-logs-signinlogs"))
        #expect(topic.count == 1)
        let window = DeadLetterFilter(
            kafkaTopic: "insights-logs-auditevent", createdFromMilliseconds: Self.createdAt + 1_000,
            createdBeforeMilliseconds: Self.createdAt + 3_000
        )
        #expect(try store.list(filter: window).map(\.kafkaOffset) == [1, 2])
        let offsets = DeadLetterFilter(kafkaTopic: "insights-logs-auditevent", kafkaOffsets: 2...3)
        #expect(try store.list(filter: offsets).map(\.kafkaOffset) == [2, 3])
    }

    @Test func removeDeletesGivenIDs() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        let ids = try store.add([Self.letter(offset: 1), Self.letter(offset: 2), Self.letter(offset: 3)]).ids

        #expect(try store.remove(ids: [ids[0], ids[2], 999_999]) == 2)
        #expect(try store.list().map(\.kafkaOffset) == [2])
        #expect(try store.remove(ids: []) == 0)
    }

    @Test func addIsDurableAcrossReopen() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("dead-letters.sqlite")
        let store = try DeadLetterStore(path: path, logger: .disabled)
        #expect(try store.database.query("PRAGMA synchronous").first?[0] == .integer(2))
        let ids = try store.add([Self.letter(offset: 7)]).ids
        store.close()

        let reopened = try DeadLetterStore(path: path, logger: .disabled)
        defer { reopened.close() }
        #expect(try reopened.list() == [Self.withID(Self.letter(offset: 7), ids[0])])
    }

    @Test func errorTextIsRedactedBeforeStoring() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        let connectionString = "Endpoint=sb://ns/;SharedAccessKeyName=a;SharedAccessKey=k3y-v4lue-9"
        var letter = Self.letter(message: "auth failed for \(connectionString)")
        letter.errorCode = "sasl.password=hunter2-secret"

        try store.add([letter])

        let row = try #require(try store.database.query("SELECT error_code, error_message FROM dead_letters").first)
        let message = try row.decode(String.self, column: "error_message")
        let code = try row.decode(String.self, column: "error_code")
        #expect(!message.contains("k3y-v4lue-9"))
        #expect(message.contains(SecretRedactor.placeholder))
        #expect(!code.contains("hunter2-secret"))
    }

    @Test func exportWritesDecodableJSONLines() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        let text = Self.letter(offset: 1)
        let binary = Self.letter(offset: 2, value: [0x00, 0xC3, 0x28, 0xFF])
        try store.add([text, binary])
        let exportPath = folder.file("export/dead-letters.jsonl")
        try FileManager.default.createDirectory(atPath: folder.file("export"), withIntermediateDirectories: true)

        #expect(try store.export(to: exportPath).written == 2)

        let content = try String(contentsOfFile: exportPath, encoding: .utf8)
        let lines = content.split(separator: "\n")
        #expect(lines.count == 2)
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }

        for (object, letter) in zip(objects, [text, binary]) {
            let base64 = try #require(object["kafka_value_base64"] as? String)
            #expect(Data(base64Encoded: base64).map(Array.init) == letter.kafkaValue)
            #expect(object["kafka_offset"] as? Int == Int(letter.kafkaOffset))
            #expect(object["reason"] as? String == "sls_rejected")
            #expect(object["kafka_key_base64"] is NSNull)
        }
        #expect(objects[0]["kafka_value_text"] as? String == #"{"records":[{"operationName":"Sign-in"}]}"#)
        #expect(objects[1]["kafka_value_text"] is NSNull)

        let headers = try #require(objects[0]["kafka_headers"] as? [[String: Any]])
        #expect(headers.map { $0["name"] as? String } == ["content-type", "empty", "null", "binary"])
        #expect(headers[0]["value_text"] as? String == "application/json")
        #expect(headers[2]["value_base64"] is NSNull)
        #expect((headers[3]["value_base64"] as? String).flatMap { Data(base64Encoded: $0) } == Data([0xFF, 0x00, 0xFE]))

        let attributes = try FileManager.default.attributesOfItem(atPath: exportPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("export")) == ["dead-letters.jsonl"])
    }

    @Test func exportPagesPastFiveHundred() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        try store.add((0..<1_203).map { Self.letter(offset: Int64($0)) })
        let exportPath = folder.file("all.jsonl")

        #expect(try store.export(to: exportPath, filter: DeadLetterFilter(reason: .slsRejected)).written == 1_203)
        let lines = try String(contentsOfFile: exportPath, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1_203)
    }

    @Test func exportToMissingFolderFails() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }

        #expect {
            try store.export(to: folder.file("absent/export.jsonl"))
        } throws: { error in
            guard case .exportFailed(let path, _) = error as? StorageError else { return false }
            return path.hasSuffix("absent/export.jsonl")
        }
    }

    /// One damaged row must not hide the others from a listing or an export.
    @Test func damagedRowIsSkippedByPageAndExport() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        let ids = try store.add([Self.letter(offset: 1), Self.letter(offset: 2), Self.letter(offset: 3)]).ids
        try store.database.execute("UPDATE dead_letters SET kafka_headers = ? WHERE id = ?", [.blob([1, 0, 0, 0, 9, 65]), .integer(ids[1])])

        let page = try store.page()
        let export = try store.export(to: folder.file("export.jsonl"))

        #expect(page.letters.map(\.kafkaOffset) == [1, 3])
        #expect(page.damaged.map(\.id) == [ids[1]])
        #expect(page.damaged.first?.problem.contains("kafka_headers") == true)
        #expect(page.lastID == ids[2])
        #expect(export.written == 2)
        #expect(export.damaged.map(\.id) == [ids[1]])
    }

    /// A page of damaged rows alone still moves the cursor, so paging does not end early.
    @Test func pageOfDamagedRowsAdvances() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        let ids = try store.add([Self.letter(offset: 1), Self.letter(offset: 2)]).ids
        try store.database.execute("UPDATE dead_letters SET kafka_headers = ? WHERE id = ?", [.blob([1, 0, 0, 0, 9, 65]), .integer(ids[0])])

        let first = try store.page(limit: 1)
        let second = try store.page(limit: 1, after: first.lastID)

        #expect(first.letters.isEmpty)
        #expect(!first.isEmpty)
        #expect(second.letters.map(\.kafkaOffset) == [2])
    }

    @Test func corruptHeadersAreReported() throws {
        let folder = try TemporaryDirectory()
        let store = try DeadLetterStore(path: folder.file("dead-letters.sqlite"), logger: .disabled)
        defer { store.close() }
        let id = try store.add([Self.letter()]).ids[0]
        // The name length is 9 bytes, but only 1 byte follows.
        let truncated: [UInt8] = [1, 0, 0, 0, 9, 65]
        try store.database.execute("UPDATE dead_letters SET kafka_headers = ? WHERE id = ?", [.blob(truncated), .integer(id)])

        #expect {
            try store.list()
        } throws: { error in
            guard case .invalidStoredValue(_, let storedID, let reason) = error as? StorageError else { return false }
            return storedID == id && reason.contains("truncated")
        }
    }

    @Test func meterAndDeadLettersShareFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("ehbridge.sqlite")
        let writer = try MeterWriter(path: path, logger: .disabled)
        let store = try DeadLetterStore(path: path, logger: .disabled)
        defer { store.close() }

        writer.record(MeterFixtures.record(rawBytes: 11))
        try store.add([Self.letter()])
        #expect(writer.close())

        let reader = try MeterReader(paths: [path])
        defer { reader.close() }
        #expect(try reader.totals().first?.amounts.rawBytes == 11)
        #expect(try store.count() == [.slsRejected: 1])
        let names = try store.database.query("SELECT name FROM schema_migrations ORDER BY name").map {
            try $0.decode(String.self, column: "name")
        }
        #expect(names == ["dead_letter_v1", "dead_letter_v2", "dead_letter_v3", "meter_v1", "meter_v2", "meter_v3"])

        let reopened = try MeterWriter(path: path, logger: .disabled)
        #expect(reopened.close())
    }
}

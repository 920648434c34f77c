import Testing
import AzureLogs
import Core

/// Several JSON values in one message: JSON Lines, concatenated documents, and broken lines.
@Suite struct JSONLinesTests {
    private let normalizer = AzureLogNormalizer()

    @Test func twoFixtureLinesGiveFourEntries() throws {
        let keyVault = try Fixtures.bytes("10-keyvault-auditevent.json").filter { $0 != 0x0A }
        let storage = try Fixtures.bytes("14-storage-blob.json").filter { $0 != 0x0A }

        let message = normalizer.normalize(keyVault + [0x0A] + storage + [0x0A], context: .sample)

        #expect(message.outcome == .parsed(records: 4))
        #expect(message.entries.map { $0[BridgeFieldKey.operation] } == ["SecretGet", "SecretList", "GetBlob", "PutBlob"])
        #expect(message.report.jsonValues == 2)
    }

    @Test func prettyPrintedDocumentsFollowEachOther() throws {
        let first = try Fixtures.bytes("03-activity-policy.json")
        let second = try Fixtures.bytes("05-entra-audit.json")

        let message = normalizer.normalize(first + second, context: .sample)

        #expect(message.outcome == .parsed(records: 2))
        #expect(message.entries.map { $0[BridgeFieldKey.category] } == ["Policy", "AuditLogs"])
    }

    @Test func concatenatedObjectsWithoutSeparator() {
        let message = normalizer.normalize(text: #"{"a":1}{"a":2}[{"a":3}]"#)

        #expect(message.outcome == .parsed(records: 3))
        #expect(message.entries.map { $0["a"] } == ["1", "2", "3"])
        #expect(message.report.jsonValues == 3)
    }

    @Test func crlfLinesAreRead() {
        let message = normalizer.normalize(text: "{\"a\":1}\r\n{\"a\":2}\r\n")

        #expect(message.entries.map { $0["a"] } == ["1", "2"])
    }

    @Test func brokenLineBecomesRawEntryInPlace() throws {
        let text = "{\"a\":1}\n{\"a\":2,\"b\":}\n{\"records\":[{\"a\":3},{\"a\":4}]}\n"
        let message = normalizer.normalize(text: text)

        #expect(message.outcome == .parsed(records: 4))
        try #require(message.entries.count == 4)
        #expect(message.entries[0]["a"] == "1")
        #expect(message.entries[1][BridgeFieldKey.raw] == #"{"a":2,"b":}"#)
        #expect(message.entries[1][BridgeFieldKey.parseError] == "expected a value, found '}'")
        #expect(message.entries[1][BridgeFieldKey.parseErrorOffset] == "19")
        #expect(message.entries[2]["a"] == "3")
        #expect(message.entries[3]["a"] == "4")
        #expect(message.report.rawEntries == 1)
    }

    @Test func truncatedLastLineKeepsEarlierLines() throws {
        let message = normalizer.normalize(text: "{\"records\":[{\"a\":1}]}\n{\"records\":[{\"a\":2},")

        #expect(message.outcome == .parsed(records: 2))
        #expect(message.entries.first?["a"] == "1")
        #expect(message.entries.last?[BridgeFieldKey.raw] == #"{"records":[{"a":2},"#)
    }

    @Test func allLinesBrokenGiveOneRawEntry() throws {
        let text = "{\"a\":}\n{\"b\":}"
        let message = normalizer.normalize(text: text)

        #expect(message.outcome == .parseError(ParseFailure(description: "expected a value, found '}'", byteOffset: 5)))
        #expect(message.entries.count == 1)
        #expect(message.entries.first?[BridgeFieldKey.raw] == text)
    }

    @Test func brokenPrettyPrintedDocumentIsNotSplit() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": tru\n}\n"
        let message = normalizer.normalize(text: text)

        #expect(message.outcome == .parseError(ParseFailure(description: "expected a value, found byte 0x0A", byteOffset: 22)))
        #expect(message.entries.count == 1)
        #expect(message.entries.first?[BridgeFieldKey.raw] == text)
    }

    @Test func scalarAfterObjectIsParseError() {
        let message = normalizer.normalize(text: "{\"a\":1}\n42")

        #expect(message.outcome == .parseError(ParseFailure(
            description: "expected the end of the input after the JSON value, found '4'", byteOffset: 8)))
    }

    @Test func emptyEnvelopeLinesAreEmpty() {
        let message = normalizer.normalize(text: "{\"records\":[]}\n{\"records\":[]}\n")

        #expect(message.outcome == .empty(.emptyRecords))
        #expect(message.entries.isEmpty)
    }

    @Test func emptyArrayLinesAreEmpty() {
        #expect(normalizer.normalize(text: "[]\n[]").outcome == .empty(.emptyArray))
    }

    @Test func invalidUTF8LineIsRepairedAlone() throws {
        let bytes = Array("{\"a\":\"x\"}\n{\"a\":\"".utf8) + [0xFF] + Array("\"}\n{\"a\":}".utf8)
        let message = normalizer.normalize(bytes, context: .sample)

        #expect(message.outcome == .parsed(records: 3))
        try #require(message.entries.count == 3)
        #expect(message.entries[0][BridgeFieldKey.sanitized] == nil)
        #expect(message.entries[1]["a"] == "\u{FFFD}")
        #expect(message.entries[1][BridgeFieldKey.sanitized] == "invalid_utf8")
        #expect(message.entries[2][BridgeFieldKey.raw] == #"{"a":}"#)
    }
}

import AzureLogs
import Core
import Testing

/// One record view serves every record of a message, so nothing of a record may show up in the next one.
@Suite struct RecordViewReuseTests {
    private let sourceOnly = AzureLogNormalizer(options: NormalizationOptions(derivedFields: []))

    @Test func cleanRecordAfterMarkedRecordHasNoMarks() throws {
        // The first record has a repeated key with two values, a key the SLS key rule rewrites, a `\u0000` escape
        // and a string that looks like JSON but is not. The second has none of these.
        let message = AzureLogNormalizer().normalize(text: #"""
            {"records":[
              {"a":"1","host.name":"h","note":"x\u0000y","props":"{'k':1}","a":"2"},
              {"b":"3","c":"4"}
            ]}
            """#)
        #expect(message.entries.count == 2)
        let second = try #require(message.entries.last)

        #expect(second.contents.map(\.key).filter { !$0.hasPrefix("ehb_") } == ["b", "c"])
        #expect(second[BridgeFieldKey.unparsedJSON] == nil)
        #expect(message.entries.first?[BridgeFieldKey.unparsedJSON] == "props")
        #expect(message.report.rewrittenKeys == 1)
        #expect(message.report.nulBytes == 1)
        // One cause for the NUL byte and one for the repeated key, both of the first record.
        #expect(message.deadLetterCauses.count == 2)
        #expect(message.deadLetterCauses.filter { $0 == .repeatedKey(key: "a") }.count == 1)
    }

    @Test func markedRecordAfterCleanRecordKeepsItsMarks() throws {
        let message = sourceOnly.normalize(text: #"{"records":[{"b":"3"},{"host.name":"h","a":"1","a":"2"}]}"#)
        let second = try #require(message.entries.last)

        #expect(second.contents.map(\.key) == ["host_name", "a", BridgeFieldKey.timeSource])
        #expect(second["a"] == "2")
        #expect(message.report.rewrittenKeys == 1)
        #expect(message.deadLetterCauses == [.repeatedKey(key: "a")])
    }
}

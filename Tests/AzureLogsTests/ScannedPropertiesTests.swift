import BenchmarkCorpus
import Core
import Testing
@testable import AzureLogs

/// The `properties` members that the record scan lists, against the second walk over the object they replace.
@Suite struct ScannedPropertiesTests {
    /// Records the look-ups of every listed `properties` object, both ways.
    private struct ComparingVisitor: RecordVisitor {
        let bytes: UnsafeBufferPointer<UInt8>
        var listed = 0
        var mismatches: [Int] = []

        mutating func beginValue() {}
        mutating func discardVisitedRecords() {}

        mutating func visitRecord(_ record: JSONValueSpan, members: [JSONMember], properties: ScannedProperties) {
            guard properties.objectStart >= 0 else {
                return
            }
            listed += 1
            let fromList = PropertiesFields.lookUp(properties.members, in: bytes)
            if PropertiesFields.walk(bytes, objectStart: properties.objectStart) != fromList {
                mismatches.append(properties.objectStart)
            }
        }
    }

    @Test(arguments: [
        #"{}"#,
        #"{ }"#,
        #"{"a":1}"#,
        #"{"a" :1}"#,
        #"{"a": 1,"b":2}"#,
        #"{"a":1 ,"b":2}"#,
        #"{"a":{"b" : 1},"c":"x"}"#,
        #"{"a":{"b":1},"c":[1, 2]}"#,
        #"{"a":"x\"y","k\u0065y":"\u0041"}"#,
        "{\n\"a\":[],\"b\":{}\n}",
    ])
    func scanObjectMatchesScanValue(_ text: String) throws {
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var plain = JSONScanner(buffer)
            let expected = try plain.scanValue()
            var listing = JSONScanner(buffer)
            var members: [JSONMember] = []
            let span = try listing.scanObject(recordingMembersInto: &members)

            #expect(span == expected)
            #expect(listing.position == plain.position)
            var iterating = JSONScanner(buffer)
            var expectedMembers: [JSONMember] = []
            try iterating.enterObject()
            var isFirst = true
            while let key = try iterating.nextMemberKey(isFirst: &isFirst) {
                expectedMembers.append(JSONMember(key: key, value: try iterating.scanValue()))
            }
            #expect(members == expectedMembers)
        }
    }

    @Test(arguments: rejectionCases.filter { $0.input.first == UInt8(ascii: "{") })
    func scanObjectRejectsLikeScanValue(_ testCase: RejectionCase) {
        testCase.input.withUnsafeBufferPointer { buffer in
            var plain = JSONScanner(buffer)
            var listing = JSONScanner(buffer)
            var members: [JSONMember] = []
            let expected = Result { () throws(JSONSyntaxError) in try plain.scanValue() }
            let listed = Result { () throws(JSONSyntaxError) in try listing.scanObject(recordingMembersInto: &members) }
            switch (expected, listed) {
            case (.success(let expectedSpan), .success(let span)):
                #expect(span == expectedSpan)
            case (.failure(let expectedError), .failure(let error)):
                #expect(error == expectedError)
            default:
                Issue.record("scanValue gave \(expected), scanObject gave \(listed)")
            }
        }
    }

    /// Every `properties` object of the generated corpus. Its categories include App Service HTTP logs, Azure
    /// Firewall and AKS audit logs, whose derived fields read `properties`.
    @Test func listedMembersMatchWalkOnGeneratedRecords() throws {
        let corpus = Corpus.generate(seed: 11, targetBytes: 600_000)
        var listed = 0
        var mismatches = 0
        for message in corpus.messages {
            try message.value.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
                var visitor = ComparingVisitor(bytes: buffer)
                _ = try RecordScanner.scan(buffer, from: 0, visitor: &visitor)
                listed += visitor.listed
                mismatches += visitor.mismatches.count
            }
        }
        #expect(listed > 200)
        #expect(mismatches == 0)
    }

    /// Scans `text` with a ``ComparingVisitor`` and returns how many `properties` objects it listed and how many
    /// of those the look-up and the walk disagreed on.
    private func compareListings(_ text: String) throws -> (listed: Int, mismatches: Int) {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var visitor = ComparingVisitor(bytes: buffer)
            _ = try RecordScanner.scan(buffer, from: 0, visitor: &visitor)
            return (visitor.listed, visitor.mismatches.count)
        }
    }

    /// Keys with the length and first letter of a name the rules read, in any case, escaped or not.
    @Test(arguments: [
        #"{"cat":1,"mag":2,"lag":3,"sourceid":4,"csmethox":5,"csuristex":6,"eventcategorx":7}"#,
        #"{"CIP":"a","Msg":"b","LOG":"c","SourceIP":"d","CSMETHOD":"e","csUriStem":"f","EventCategory":"g"}"#,
        #"{"c\u0069p":"a","\u004DSG":"b","eventCategory":"g","eventCategory":"h","cip":"x"}"#,
        #"{"ci":1,"c":2,"":3,"cipx":4,"sourceips":5,"eventcategory ":6}"#,
    ])
    func lookUpMatchesWalkOnNearNames(_ properties: String) throws {
        let result = try compareListings(#"{"records":[{"properties":\#(properties)}]}"#)

        #expect(result.listed == 1)
        #expect(result.mismatches == 0)
    }

    @Test func repeatedPropertiesKeyListsTheLastObject() throws {
        let result = try compareListings(#"{"records":[{"properties":{"CIp":"192.0.2.1"},"Properties":{"CIp":"192.0.2.2"}}]}"#)

        #expect(result.listed == 1)
        #expect(result.mismatches == 0)
    }

    // MARK: Derived fields through the normalizer

    private func envelopeEntry(_ record: String) throws -> LogEntry {
        let message = AzureLogNormalizer().normalize(text: #"{"records":[\#(record)]}"#)
        try #require(message.outcome == .parsed(records: 1))
        return message.entries[0]
    }

    @Test func callerIPComesFromListedProperties() throws {
        let entry = try envelopeEntry(#"{"category":"AppServiceHTTPLogs","properties":{"CIp":"192.0.2.44:5100","CsMethod":"GET","CsUriStem":"/a"}}"#)

        #expect(entry[BridgeFieldKey.callerIP] == "192.0.2.44")
        #expect(entry[BridgeFieldKey.operation] == "GET /a")
    }

    @Test func repeatedPropertiesKeyUsesTheLastValue() throws {
        let entry = try envelopeEntry(#"{"properties":{"CIp":"192.0.2.1"},"properties":{"CIp":"192.0.2.2"}}"#)

        #expect(entry[BridgeFieldKey.callerIP] == "192.0.2.2")
    }

    /// Keys that differ in case are two contents, and the rules read the first one.
    @Test func propertiesKeysDifferingInCaseUseTheFirst() throws {
        let entry = try envelopeEntry(#"{"properties":{"CIp":"192.0.2.1"},"PROPERTIES":{"CIp":"192.0.2.2"}}"#)

        #expect(entry[BridgeFieldKey.callerIP] == "192.0.2.1")
    }

    @Test func escapedPropertiesKeyIsStillRead() throws {
        let entry = try envelopeEntry(#"{"propert\u0069es":{"CIp":"192.0.2.7"}}"#)

        #expect(entry[BridgeFieldKey.callerIP] == "192.0.2.7")
    }
}

import Testing
import AzureLogs
import Core

/// The optional expansion of NSG and VNet flow-log tuples into one entry per flow.
@Suite struct FlowTupleTests {
    private let expanding = AzureLogNormalizer(options: NormalizationOptions(expandFlowTuples: true))

    @Test func expansionIsOffByDefault() throws {
        let message = AzureLogNormalizer().normalize(try Fixtures.bytes("06-nsg-flow-v2.json"), context: .sample)

        #expect(message.entries.count == 1)
        #expect(message.entries.first?["properties"] != nil)
    }

    @Test func nsgSampleGivesThreeFlows() throws {
        let message = expanding.normalize(try Fixtures.bytes("06-nsg-flow-v2.json"), context: .sample)

        #expect(message.outcome == .parsed(records: 1))
        #expect(message.report.flowTupleEntries == 3)
        try #require(message.entries.count == 3)
        let first = message.entries[0]
        #expect(first.time == tenOClockSeconds)
        #expect(first.timeNanoseconds == nil)
        #expect(first[BridgeFieldKey.time] == "2026-03-01T10:00:00Z")
        #expect(first["flow_source_ip"] == "198.51.100.23")
        #expect(first["flow_destination_ip"] == "10.0.0.4")
        #expect(first["flow_destination_port"] == "22")
        #expect(first["flow_protocol"] == "T")
        #expect(first["flow_direction"] == "I")
        #expect(first["flow_decision"] == "D")
        #expect(first["flow_state"] == "B")
        #expect(first["flow_packets_sent"] == nil)
        #expect(first["flow_rule"] == "DefaultRule_DenyAllInBound")
        #expect(first["flow_mac"] == "000D3A000001")
        #expect(first["flow_version"] == "2")
        #expect(first["properties"] == nil)
        #expect(first["category"] == "NetworkSecurityGroupFlowEvent")
        #expect(first[BridgeFieldKey.category] == "NetworkSecurityGroupFlowEvent")
        let last = message.entries[2]
        #expect(last.time == tenOClockSeconds + 60)
        #expect(last["flow_bytes_sent"] == "1800")
        #expect(last["flow_bytes_received"] == "9000")
        #expect(last["flow_tuple"] == "1772359260,10.0.0.4,203.0.113.80,49152,443,T,O,A,E,12,1800,10,9000")
    }

    @Test func vnetFlowRecordsExpand() throws {
        let record = """
            {"records":[{"time":"2026-03-01T10:01:00.5Z","flowLogVersion":4,"flowLogGUID":"g",\
            "macAddress":"00224871C205","category":"FlowLogFlowEvent","flowLogResourceID":"/x",\
            "targetResourceID":"/SUBSCRIPTIONS/S/VNET","operationName":"FlowLogFlowEvent",\
            "flowRecords":{"flows":[{"aclID":"acl-1","flowGroups":[{"rule":"DefaultRule_AllowInternetOutBound",\
            "flowTuples":["1772359200123,10.0.0.6,192.0.2.180,23956,443,6,O,B,NX,0,0,0,0",\
            "1772359201000,10.0.0.6,192.0.2.180,23956,443,6,O,E,NX,7,1200,5,3000"]}]}]}}]}
            """
        let message = expanding.normalize(text: record)

        #expect(!message.requiresDeadLetter, "the expansion carries every member")
        try #require(message.entries.count == 2)
        let first = message.entries[0]
        #expect(first.time == tenOClockSeconds)
        #expect(first.timeNanoseconds == 123_000_000)
        #expect(first["flow_acl_id"] == "acl-1")
        #expect(first["flow_rule"] == "DefaultRule_AllowInternetOutBound")
        #expect(first["flow_protocol"] == "6")
        #expect(first["flow_state"] == "B")
        #expect(first["flow_encryption"] == "NX")
        #expect(first["flow_packets_sent"] == "0")
        #expect(first["flowRecords"] == nil)
        #expect(first[BridgeFieldKey.resourceId] == "/subscriptions/s/vnet")
        #expect(first[BridgeFieldKey.operation] == "FlowLogFlowEvent")
        #expect(message.entries[1]["flow_bytes_received"] == "3000")
        #expect(message.entries[1][BridgeFieldKey.resourceId] == "/subscriptions/s/vnet")
        #expect(message.entries[1][BridgeFieldKey.operation] == "FlowLogFlowEvent")
    }

    @Test func derivedFieldsAfterContainerKeepValues() throws {
        // The tuple container comes first, so the record's later values sit elsewhere in each flow entry.
        let record = """
            {"records":[{"flowRecords":{"flows":[{"aclID":"acl-1","flowGroups":[{"rule":"R",\
            "flowTuples":["1772359200123,10.0.0.6,192.0.2.180,23956,443,6,O,B,NX,0,0,0,0"]}]}]},\
            "time":"2026-03-01T10:01:00.5Z","category":"FlowLogFlowEvent",\
            "targetResourceID":"/SUBSCRIPTIONS/S/VNET-AFTER","operationName":"FlowLogFlowEvent"}]}
            """
        let message = expanding.normalize(text: record)

        try #require(message.entries.count == 1)
        #expect(message.entries[0][BridgeFieldKey.resourceId] == "/subscriptions/s/vnet-after")
        #expect(message.entries[0][BridgeFieldKey.operation] == "FlowLogFlowEvent")
    }

    @Test func tupleWithoutValidTimeUsesRecordTime() throws {
        let record = """
            {"time":"2026-03-01T10:01:00Z","category":"NetworkSecurityGroupFlowEvent",\
            "properties":{"Version":1,"flows":[{"rule":"r","flows":[{"mac":"m","flowTuples":["bad,1.2.3.4,5.6.7.8,1,2,U,O,A"]}]}]}}
            """
        let entry = try #require(expanding.normalize(text: record).entries.first)

        #expect(entry.time == tenOClockSeconds + 60)
        #expect(entry["flow_protocol"] == "U")
        #expect(entry["flow_state"] == nil)
    }

    @Test func fixtureExpansionsNeedNoCopy() throws {
        for fixture in ["06-nsg-flow-v2.json"] {
            let message = expanding.normalize(try Fixtures.bytes(fixture), context: .sample)
            #expect(message.report.flowTupleEntries > 0)
            #expect(!message.requiresDeadLetter, "\(fixture) expands completely")
        }
    }

    @Test(arguments: [
        #"{"Version":2,"extra":"KEEPME","flows":[{"rule":"R","flows":[{"mac":"M","flowTuples":["1772359200,a,b,1,2,T,I,A,B,,,,"]}]}]}"#,
        #"{"Version":2,"flows":[{"rule":"R","note":"KEEP2","flows":[{"mac":"M","flowTuples":["1772359200,a,b,1,2,T,I,A,B,,,,"]}]}]}"#,
        #"{"Version":2,"flows":[{"rule":"R","flows":[{"mac":"M","flowTuples":["1772359200,a,b,1,2,T,I,A,B,,,,",42]}]}]}"#,
        #"{"Version":2,"flows":[{"rule":"R","flows":[{"mac":"M","flowTuples":["1772359200,a,b,1,2,T,I,A,B,,,,"]}]},{"rule":"R2","flows":[{"mac":"M2","flowTuples":[]}]}]}"#,
    ])
    func partialExpansionKeepsRawCopy(properties: String) throws {
        let message = expanding.normalize(text: #"{"category":"NetworkSecurityGroupFlowEvent","properties":"# + properties + "}")

        #expect(message.report.flowTupleEntries == 1)
        #expect(message.deadLetterCauses == [.flowTuplesIncomplete])
    }

    /// A tuple whose text changed (an escaped NUL becomes U+FFFD) keeps its record as a raw copy.
    @Test func tupleWithNULKeepsRawCopy() throws {
        let properties = #"{"Version":2,"flows":[{"rule":"R","flows":[{"mac":"M","flowTuples":["1772359200,a\u0000,b,1,2,T,I,A,B,,,,"]}]}]}"#
        let message = expanding.normalize(text: #"{"category":"NetworkSecurityGroupFlowEvent","properties":"# + properties + "}")

        #expect(message.entries.allSatisfy { entry in entry.contents.allSatisfy { !$0.value.utf8.contains(0) } })
        #expect(message.deadLetterCauses == [.flowTuplesIncomplete])
    }

    @Test func flowRecordWithoutTuplesStaysWhole() throws {
        let record = #"{"category":"NetworkSecurityGroupFlowEvent","properties":{"Version":2,"flows":[]}}"#
        let message = expanding.normalize(text: record)

        #expect(message.entries.count == 1)
        #expect(message.entries.first?["properties"] == #"{"Version":2,"flows":[]}"#)
        #expect(message.report.flowTupleEntries == 0)
    }

    @Test func recordFieldWithFlowKeyIsKept() throws {
        let record = """
            {"flow_rule":"mine","category":"NetworkSecurityGroupFlowEvent",\
            "properties":{"flows":[{"rule":"r","flows":[{"mac":"m","flowTuples":["1772359200,1.2.3.4,5.6.7.8,1,2,U,O,A"]}]}]}}
            """
        let entry = try #require(expanding.normalize(text: record).entries.first)

        #expect(entry["flow_rule"] == "mine")
        #expect(entry["flow_rule_2"] == "r")
    }

    @Test func otherCategoriesAreNotExpanded() throws {
        let message = expanding.normalize(try Fixtures.bytes("09-firewall-structured.json"), context: .sample)

        #expect(message.entries.count == 2)
        #expect(message.report.flowTupleEntries == 0)
    }
}

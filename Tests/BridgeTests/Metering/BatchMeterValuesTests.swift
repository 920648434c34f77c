import Core
import SLS
import Testing
@testable import Bridge

@Suite struct BatchMeterValuesTests {
    private static let group = LogGroup(
        logs: [
            LogEntry(time: 1, contents: [LogContent("level", "Error"), LogContent("message", "disk full")]),
            LogEntry(time: 2, contents: [LogContent("level", "Info"), LogContent("caller", "10.0.0.1")]),
        ],
        topic: "audit", source: "ns.servicebus.windows.net",
        tags: [LogTag(key: "ehb_kafka_partition", value: "3")]
    )

    @Test func fullTextCountsEveryFieldOfEveryLog() {
        let values = BatchMeterValues.compute(
            logGroup: Self.group, recordValueSizes: [100], compressedBytes: 40, indexMode: .fullText, indexFields: []
        )
        // Per log: __topic__ audit (9 + 5), __source__ (10 + 25), __tag__:ehb_kafka_partition 3 (27 + 1) = 77.
        // Contents: level Error message "disk full" (5 + 5 + 7 + 9) and level Info caller 10.0.0.1 (5 + 4 + 6 + 8).
        #expect(values.indexedBytes == 77 * 2 + 26 + 23)
        #expect(values.storedBytes == 40 + values.indexedBytes)
    }

    @Test func fieldIndexCountsNamedFieldsOnly() {
        let values = BatchMeterValues.compute(
            logGroup: Self.group, recordValueSizes: [], compressedBytes: 40, indexMode: .fields,
            indexFields: ["level", "__topic__"]
        )
        #expect(values.indexedBytes == (5 + 5) + (5 + 4) + 2 * (9 + 5))
        #expect(values.billableEvents == 0)
    }

    @Test func noIndexStoresOnlyTheBody() {
        let values = BatchMeterValues.compute(
            logGroup: Self.group, recordValueSizes: [1], compressedBytes: 40, indexMode: .none, indexFields: []
        )
        #expect(values.indexedBytes == 0)
        #expect(values.storedBytes == 40)
    }

    @Test func eventsCountStartedSixtyFourKibibytes() {
        let values = BatchMeterValues.compute(
            logGroup: Self.group, recordValueSizes: [0, 1, 65_536, 65_537, 98_304], compressedBytes: 0,
            indexMode: .none, indexFields: []
        )
        #expect(values.billableEvents == 1 + 1 + 1 + 2 + 2)
    }
}

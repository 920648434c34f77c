import Testing
@testable import AzureLogs
import Core

/// 2026-03-01T10:00:00Z in seconds since the epoch.
private let tenOClock: Int64 = 1_772_359_200

let acceptedEpochTimes: [TimestampCase] = [
    TimestampCase(text: "1772359200", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "1772359200.5", seconds: tenOClock, nanoseconds: 500_000_000, digits: 1),
    TimestampCase(text: "1772359200.123456789", seconds: tenOClock, nanoseconds: 123_456_789, digits: 9),
    TimestampCase(text: " 1772359200 ", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "1772359200123", seconds: tenOClock, nanoseconds: 123_000_000, digits: 3),
    TimestampCase(text: "1772359200123456", seconds: tenOClock, nanoseconds: 123_456_000, digits: 6),
    TimestampCase(text: "1772359200123456789", seconds: tenOClock, nanoseconds: 123_456_789, digits: 9),
]

let rejectedEpochTimes: [String] = [
    "", "20180719", "177235920", "17723592001", "-1772359200", "1772359200.", "1772359200123.5", "1.7723592e9",
    "99999999999999999999", "1772359200Z", "0x69A40E20",
]

/// Times read from records and kept inside the SLS time window.
@Suite struct EntryTimeTests {
    private let normalizer = AzureLogNormalizer()

    @Test(arguments: acceptedEpochTimes)
    func epochParserAcceptsUnitsByDigitCount(_ testCase: TimestampCase) throws {
        let timestamp = try #require(EpochTimestampParser.parse(testCase.text))

        #expect(timestamp.secondsSinceEpoch == testCase.seconds)
        #expect(timestamp.nanoseconds == testCase.nanoseconds)
        #expect(timestamp.fractionDigits == testCase.digits)
    }

    @Test(arguments: rejectedEpochTimes)
    func epochParserRejectsOtherNumbers(_ text: String) {
        #expect(EpochTimestampParser.parse(text) == nil)
    }

    @Test(arguments: [
        #"1772359200"#, #""1772359200""#, #"1772359200000"#, #""1772359200000""#, #"1772359200.0"#,
    ])
    func epochTimeFieldSetsEntryTime(_ value: String) throws {
        let entry = try #require(normalizer.normalize(text: #"{"time":\#(value)}"#).entries.first)

        #expect(entry.time == tenOClockSeconds)
        #expect(entry[BridgeFieldKey.timeSource] == nil)
    }

    @Test func millisecondEpochKeepsNanoseconds() throws {
        let entry = try #require(normalizer.normalize(text: #"{"timeGenerated":"1772359200007"}"#).entries.first)

        #expect(entry.timeNanoseconds == 7_000_000)
        #expect(entry[BridgeFieldKey.time] == "2026-03-01T10:00:00.007Z")
    }

    @Test func timeOlderThanWindowUsesReceiveTime() throws {
        let message = normalizer.normalize(text: #"{"time":"2026-02-20T10:00:00.5Z"}"#)
        let entry = try #require(message.entries.first)

        #expect(entry.time == 1_772_366_401)
        #expect(entry.timeNanoseconds == 250_000_000)
        #expect(entry[BridgeFieldKey.timeSource] == "received")
        #expect(entry[BridgeFieldKey.originalTime] == "2026-02-20T10:00:00.5Z")
        #expect(entry["time"] == "2026-02-20T10:00:00.5Z")
        #expect(message.report.adjustedTimes == 1)
    }

    @Test func timeInFutureUsesReceiveTime() throws {
        let entry = try #require(normalizer.normalize(text: #"{"time":"2026-03-01T12:30:00Z"}"#).entries.first)

        #expect(entry.time == 1_772_366_401)
        #expect(entry[BridgeFieldKey.originalTime] == "2026-03-01T12:30:00Z")
    }

    @Test func timeJustInsideWindowIsKept() throws {
        // The receive time is 12:00:01.250; 10 minutes ahead and 7 days minus 1 hour back are inside.
        let ahead = try #require(normalizer.normalize(text: #"{"time":"2026-03-01T12:10:01Z"}"#).entries.first)
        let behind = try #require(normalizer.normalize(text: #"{"time":"2026-02-22T13:00:01Z"}"#).entries.first)

        #expect(ahead[BridgeFieldKey.originalTime] == nil)
        #expect(ahead.time == 1_772_367_001)
        #expect(behind[BridgeFieldKey.originalTime] == nil)
    }

    @Test func oldKafkaTimestampUsesReceiveTime() throws {
        let context = MessageContext(kafkaTimestampMilliseconds: 1_700_000_000_000, receivedAtMilliseconds: 1_772_366_401_250)
        let entry = try #require(normalizer.normalize(text: #"{"a":1}"#, context: context).entries.first)

        #expect(entry.time == 1_772_366_401)
        #expect(entry[BridgeFieldKey.timeSource] == "received")
        #expect(entry[BridgeFieldKey.originalTime] == "2023-11-14T22:13:20.000Z")
    }

    @Test func windowLimitsAreConfigurable() throws {
        var options = NormalizationOptions()
        options.limits.maximumAgeSeconds = 3600
        let entry = try #require(AzureLogNormalizer(options: options).normalize(text: #"{"time":"2026-03-01T10:00:00Z"}"#).entries.first)

        #expect(entry[BridgeFieldKey.originalTime] == "2026-03-01T10:00:00Z")
    }

    @Test func timeSourceMarkersStayWithoutDerivedFields() throws {
        let sourceOnly = AzureLogNormalizer(options: NormalizationOptions(derivedFields: []))
        let entry = try #require(sourceOnly.normalize(text: #"{"time":"2020-01-01T00:00:00Z"}"#).entries.first)

        #expect(entry.contents.map(\.key) == ["time", BridgeFieldKey.timeSource, BridgeFieldKey.originalTime])
    }
}

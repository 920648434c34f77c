import Foundation
import Testing
@testable import AzureLogs

/// 2026-03-01T10:00:00Z in seconds since the epoch.
private let tenOClock: Int64 = 1_772_359_200

struct TimestampCase: Sendable, CustomTestStringConvertible {
    var text: String
    var seconds: Int64
    var nanoseconds: UInt32
    var digits: Int

    var testDescription: String { text }
}

let acceptedTimestamps: [TimestampCase] = [
    TimestampCase(text: "2026-03-01T10:00:00Z", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "2026-03-01T10:00:00.5+00:00", seconds: tenOClock, nanoseconds: 500_000_000, digits: 1),
    TimestampCase(text: "2026-03-01T10:00:00.22Z", seconds: tenOClock, nanoseconds: 220_000_000, digits: 2),
    TimestampCase(text: "2026-03-01T10:00:00.000Z", seconds: tenOClock, nanoseconds: 0, digits: 3),
    TimestampCase(text: "2026-03-01T10:02:00.992099+00:00", seconds: tenOClock + 120, nanoseconds: 992_099_000, digits: 6),
    TimestampCase(text: "2026-03-01T10:00:00.6816663Z", seconds: tenOClock, nanoseconds: 681_666_300, digits: 7),
    TimestampCase(text: "2026-03-01T10:00:00.535404056Z", seconds: tenOClock, nanoseconds: 535_404_056, digits: 9),
    // Digits beyond nanoseconds are truncated, not rounded.
    TimestampCase(text: "2026-03-01T10:00:00.99999999999Z", seconds: tenOClock, nanoseconds: 999_999_999, digits: 9),
    TimestampCase(text: "2026-03-01T10:00:00.1234567891Z", seconds: tenOClock, nanoseconds: 123_456_789, digits: 9),
    // Zones are converted to UTC; no zone means UTC.
    TimestampCase(text: "2026-03-01T11:00:00+01:00", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "2026-03-01T04:30:00-05:30", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "2026-03-01T11:00:00+0100", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "2026-03-01T11:00:00+01", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "2026-03-01T10:00:00", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "2026-03-01 10:00:00.25", seconds: tenOClock, nanoseconds: 250_000_000, digits: 2),
    TimestampCase(text: "2026-03-01t10:00:00z", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "  2026-03-01T10:00:00Z  ", seconds: tenOClock, nanoseconds: 0, digits: 0),
    // A zone offset can move the date across midnight and a year boundary.
    TimestampCase(text: "2026-01-01T00:30:00+01:00", seconds: 1_767_223_800, nanoseconds: 0, digits: 0),
    TimestampCase(text: "2024-02-29T00:00:00Z", seconds: 1_709_164_800, nanoseconds: 0, digits: 0),
    TimestampCase(text: "1970-01-01T00:00:00Z", seconds: 0, nanoseconds: 0, digits: 0),
    // US formats.
    TimestampCase(text: "3/1/2026 10:00:00 AM", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "3/1/2026 1:00:00 PM", seconds: tenOClock + 3 * 3600, nanoseconds: 0, digits: 0),
    TimestampCase(text: "3/1/2026 12:00:00 AM", seconds: tenOClock - 10 * 3600, nanoseconds: 0, digits: 0),
    TimestampCase(text: "3/1/2026 12:30:00 pm", seconds: tenOClock + 2 * 3600 + 1800, nanoseconds: 0, digits: 0),
    TimestampCase(text: "03/01/2026 10:00:00", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "3/1/2026 22:00:00", seconds: tenOClock + 12 * 3600, nanoseconds: 0, digits: 0),
    TimestampCase(text: "3/1/2026 11:00:00 AM +01:00", seconds: tenOClock, nanoseconds: 0, digits: 0),
    TimestampCase(text: "3/1/2026 10:00:00.125 AM", seconds: tenOClock, nanoseconds: 125_000_000, digits: 3),
]

let rejectedTimestamps: [String] = [
    "", "2026-03-01", "2026-3-01T10:00:00Z", "2026-03-01T10:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T10:60:00Z", "2026-03-01T10:00:60Z",
    "2026-03-01T10:00:00+25:00", "2026-03-01T10:00:00 Z", "2026-03-01T10:00:00.Z", "2026-03-01T10:00:00Zjunk",
    "20180719:L012620622", "13/1/2026 10:00:00 AM", "3/1/2026 13:00:00 PM", "3/1/2026 0:00:00 AM",
    "3/1/26 10:00:00 AM", "3/1/2026", "1772359200", "0000-01-01T00:00:00Z",
]

@Suite struct TimestampParserTests {
    @Test(arguments: acceptedTimestamps)
    func parseAcceptsAzureFormats(_ testCase: TimestampCase) throws {
        let timestamp = try #require(TimestampParser.parse(testCase.text))

        #expect(timestamp.secondsSinceEpoch == testCase.seconds)
        #expect(timestamp.nanoseconds == testCase.nanoseconds)
        #expect(timestamp.fractionDigits == testCase.digits)
    }

    @Test(arguments: rejectedTimestamps)
    func parseRejectsMalformedText(_ text: String) {
        #expect(TimestampParser.parse(text) == nil)
    }

    @Test func rfc3339KeepsFractionDigits() {
        let seven = UTCTimestamp(secondsSinceEpoch: tenOClock, nanoseconds: 123_456_700, fractionDigits: 7)
        let none = UTCTimestamp(secondsSinceEpoch: tenOClock, nanoseconds: 0, fractionDigits: 0)
        let nine = UTCTimestamp(secondsSinceEpoch: 0, nanoseconds: 5, fractionDigits: 9)

        #expect(seven.rfc3339 == "2026-03-01T10:00:00.1234567Z")
        #expect(none.rfc3339 == "2026-03-01T10:00:00Z")
        #expect(nine.rfc3339 == "1970-01-01T00:00:00.000000005Z")
    }

    @Test func rfc3339MatchesGmtime() {
        var generator = SystemRandomNumberGenerator()
        // From 0001-01-01 to 9999-12-31, with every count of fraction digits.
        for _ in 0..<5_000 {
            var seconds = Int.random(in: -62_135_596_800...253_402_300_799, using: &generator)
            let nanoseconds = UInt32.random(in: 0...999_999_999, using: &generator)
            let digits = Int.random(in: 0...9, using: &generator)
            let timestamp = UTCTimestamp(secondsSinceEpoch: Int64(seconds), nanoseconds: nanoseconds, fractionDigits: digits)

            var parts = tm()
            gmtime_r(&seconds, &parts)
            var expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec)
            )
            if digits > 0 {
                let allDigits = String(format: "%09u", nanoseconds)
                expected += "." + allDigits.prefix(digits)
            }
            expected += "Z"
            #expect(timestamp.rfc3339 == expected, "\(seconds) \(nanoseconds) \(digits)")
        }
    }

    @Test func millisecondsGiveThreeFractionDigits() {
        let timestamp = UTCTimestamp(millisecondsSinceEpoch: 1_772_366_400_250)

        #expect(timestamp.secondsSinceEpoch == 1_772_366_400)
        #expect(timestamp.nanoseconds == 250_000_000)
        #expect(timestamp.rfc3339 == "2026-03-01T12:00:00.250Z")
    }

    @Test func negativeMillisecondsRoundTowardPast() {
        let timestamp = UTCTimestamp(millisecondsSinceEpoch: -1)

        #expect(timestamp.secondsSinceEpoch == -1)
        #expect(timestamp.nanoseconds == 999_000_000)
        #expect(timestamp.rfc3339 == "1969-12-31T23:59:59.999Z")
    }

    @Test func civilCalendarRoundTrips() {
        for days in stride(from: Int64(-800_000), through: 3_000_000, by: 997) {
            let date = CivilCalendar.date(daysSinceEpoch: days)
            #expect(CivilCalendar.daysSinceEpoch(year: date.year, month: date.month, day: date.day) == days)
            #expect((1...CivilCalendar.daysInMonth(year: date.year, month: date.month)).contains(date.day))
        }
    }

    @Test func civilCalendarKnownDates() {
        #expect(CivilCalendar.daysSinceEpoch(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.daysSinceEpoch(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.daysSinceEpoch(year: 1969, month: 12, day: 31) == -1)
        #expect(CivilCalendar.daysInMonth(year: 1900, month: 2) == 28)
        #expect(CivilCalendar.daysInMonth(year: 2000, month: 2) == 29)
    }
}

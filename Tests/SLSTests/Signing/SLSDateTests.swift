import Testing
@testable import SLS

@Suite struct SLSDateTests {
    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (1_262_507_627, "Sun, 03 Jan 2010 08:33:47 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 GMT"),
        (4_107_542_399, "Sun, 28 Feb 2100 23:59:59 GMT"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
    ])
    func rfc1123FormatsUTC(seconds: Int64, expected: String) {
        #expect(SLSDate.rfc1123(seconds) == expected)
    }

    @Test func iso8601BasicFormatsGoV4Date() {
        #expect(SLSDate.iso8601Basic(1_659_929_010) == "20220808T032330Z")
    }

    @Test func iso8601BasicPadsFields() {
        #expect(SLSDate.iso8601Basic(0) == "19700101T000000Z")
    }

    @Test func parseZeroPaddedDay() {
        #expect(SLSDate.parseRFC1123("Sun, 03 Jan 2010 08:33:47 GMT") == 1_262_507_627)
    }

    @Test func parseOneDigitDayAsInSLSDocumentation() {
        // The SLS documentation example names the wrong weekday (3 January 2010 was a Sunday); parsing ignores it.
        #expect(SLSDate.parseRFC1123("Mon, 3 Jan 2010 08:33:47 GMT") == 1_262_507_627)
    }

    @Test func parseRoundTripsFormatting() {
        for seconds: Int64 in [0, 1_262_507_627, 1_709_164_800, 1_772_359_200, 4_107_542_399] {
            #expect(SLSDate.parseRFC1123(SLSDate.rfc1123(seconds)) == seconds)
        }
    }

    @Test(arguments: [
        "",
        "Sun, 03 Jan 2010 08:33:47",
        "Sun, 03 Jan 2010 08:33:47 UTC",
        "Sun, 03 Jan 2010 08:33:47 +0000",
        "Sun 03 Jan 2010 08:33:47 GMT",
        "Sunday, 03 Jan 2010 08:33:47 GMT",
        "Sun, 03 January 2010 08:33:47 GMT",
        "Sun, 03 jan 2010 08:33:47 GMT",
        "Sun,  3 Jan 2010 08:33:47 GMT",
        "Sun, 003 Jan 2010 08:33:47 GMT",
        "Sun, 03 Jan 10 08:33:47 GMT",
        "Sun, 03 Jan 2010 8:33:47 GMT",
        "Sun, 03 Jan 2010 24:00:00 GMT",
        "Sun, 03 Jan 2010 08:60:00 GMT",
        "Sun, 03 Jan 2010 08:33:60 GMT",
        "Sun, 00 Jan 2010 08:33:47 GMT",
        "Sun, 29 Feb 2023 08:33:47 GMT",
        "Sun, 31 Apr 2023 08:33:47 GMT",
        "Sun, +3 Jan 2010 08:33:47 GMT",
        "Sun, 03 Jan 2010 08:33:47 GMT ",
    ])
    func parseRejectsMalformedDate(text: String) {
        #expect(SLSDate.parseRFC1123(text) == nil)
    }

    @Test func parseAcceptsLeapDay() {
        #expect(SLSDate.parseRFC1123("Thu, 29 Feb 2024 00:00:00 GMT") == 1_709_164_800)
    }
}

import Testing
@testable import AzureLogs
import Core

/// The SLS per-value and per-entry limits, and the dead-letter reasons they raise.
@Suite struct SizeLimitTests {
    private func normalizer(valueBytes: Int = 1_000_000, entryBytes: Int = 1_000_000) -> AzureLogNormalizer {
        var options = NormalizationOptions(derivedFields: [])
        options.limits.maximumValueBytes = valueBytes
        options.limits.maximumEntryBytes = entryBytes
        return AzureLogNormalizer(options: options)
    }

    @Test func defaultLimitsFollowSLSDocumentation() {
        let limits = NormalizationLimits()

        #expect(limits.maximumValueBytes == 1_000_000)
        #expect(limits.maximumEntryBytes == 1_000_000)
        #expect(limits.maximumKeyBytes == 128)
        #expect(limits.maximumAgeSeconds == 7 * 86_400 - 3_600)
        #expect(limits.maximumFutureSeconds == 600)
        #expect(limits.maximumLogGroupEntries == 4096)
        #expect(limits.problems().isEmpty)
    }

    @Test func longValueIsTruncatedWithMarker() throws {
        let long = String(repeating: "x", count: 300)
        let message = normalizer(valueBytes: 100).normalize(text: #"{"short":"ok","long":"\#(long)"}"#)
        let entry = try #require(message.entries.first)
        let value = try #require(entry["long"])

        #expect(value.utf8.count <= 100)
        #expect(value.hasSuffix("...[truncated from 300 bytes]"))
        #expect(value.hasPrefix(String(repeating: "x", count: 71)))
        #expect(entry["short"] == "ok")
        #expect(entry[BridgeFieldKey.truncated] == "long")
        #expect(message.deadLetterCauses == [.valueTruncated(key: "long", originalBytes: 300)])
        #expect(message.requiresDeadLetter)
        #expect(message.report.truncatedValues == 1)
    }

    @Test func truncationKeepsWholeCharacters() throws {
        let text = String(repeating: "é", count: 100)
        let value = EntrySizeLimiter.truncated(text, originalBytes: 200, toBytes: 64)

        #expect(value.utf8.count <= 64)
        #expect(value.hasSuffix("...[truncated from 200 bytes]"))
        #expect(value.unicodeScalars.allSatisfy { $0 == "é" || $0.isASCII })
    }

    @Test func largeEntryCutsLongestValuesFirst() throws {
        let big = String(repeating: "b", count: 5000)
        let medium = String(repeating: "m", count: 3000)
        let message = normalizer(entryBytes: 6000).normalize(text: #"{"big":"\#(big)","medium":"\#(medium)","s":"x"}"#)
        let entry = try #require(message.entries.first)

        #expect(EntrySizeLimiter.entryBytes(entry) <= 6000)
        #expect(entry["medium"] == medium)
        #expect(entry["s"] == "x")
        #expect(entry["big"]?.hasSuffix("...[truncated from 5000 bytes]") == true)
        #expect(entry[BridgeFieldKey.truncated] == "big")
    }

    @Test func entryLimitCanCutSeveralValues() throws {
        let values = (0..<4).map { index in "\"v\(index)\":\"" + String(repeating: "z", count: 1000) + "\"" }
        let message = normalizer(entryBytes: 1000).normalize(text: "{" + values.joined(separator: ",") + "}")
        let entry = try #require(message.entries.first)

        #expect(EntrySizeLimiter.entryBytes(entry) <= 1000)
        #expect(entry[BridgeFieldKey.truncated]?.split(separator: ",").count ?? 0 >= 3)
        #expect(message.deadLetterCauses.count == message.report.truncatedValues)
    }

    @Test func manyKeyEntryKeepsRawCopy() throws {
        // 200 values of 10 bytes cannot be cut (values stay at least 64 bytes), so the entry stays above 1,000.
        let values = (0..<200).map { #""k\#($0)":"0123456789""# }
        let message = normalizer(entryBytes: 1000).normalize(text: "{" + values.joined(separator: ",") + "}")
        let entry = try #require(message.entries.first)

        #expect(EntrySizeLimiter.entryBytes(entry) > 1000)
        #expect(message.deadLetterCauses == [.entryOverLimit(bytes: EntrySizeLimiter.entryBytes(entry), limit: 1000)])
    }

    @Test func largeUnreadableMessageKeepsTruncatedRawText() throws {
        let text = "{\"a\":" + String(repeating: "9", count: 500) + ","
        let message = normalizer(valueBytes: 200).normalize(text: text)
        let entry = try #require(message.entries.first)

        #expect(entry[BridgeFieldKey.raw]?.utf8.count ?? 0 <= 200)
        #expect(entry[BridgeFieldKey.truncated] == BridgeFieldKey.raw)
        #expect(message.deadLetterCauses == [.valueTruncated(key: BridgeFieldKey.raw, originalBytes: text.utf8.count)])
    }

    @Test func sourceTruncatedKeyIsKept() throws {
        let long = String(repeating: "x", count: 300)
        let message = normalizer(valueBytes: 100).normalize(text: #"{"ehb_truncated":"mine","long":"\#(long)"}"#)
        let entry = try #require(message.entries.first)

        #expect(entry.contents.filter { $0.key == BridgeFieldKey.truncated }.count == 1)
        #expect(entry[BridgeFieldKey.truncated] == "mine")
        #expect(message.requiresDeadLetter)
    }

    @Test func valuesWithinLimitsAreUntouched() throws {
        let message = AzureLogNormalizer().normalize(try Fixtures.bytes("11-aks-kube-audit.json"), context: .sample)

        #expect(message.entries.first?[BridgeFieldKey.truncated] == nil)
        #expect(!message.requiresDeadLetter)
    }

    @Test func impossibleLimitsAreReported() {
        let limits = NormalizationLimits(maximumValueBytes: 10, maximumEntryBytes: 50, maximumKeyBytes: 8, maximumAgeSeconds: 0)

        #expect(limits.problems() == [
            "maximum value bytes must be at least 64, not 10",
            "maximum entry bytes must be at least the maximum key bytes plus 64, not 50",
            "maximum key bytes must be at least 16, not 8",
            "maximum age must be a positive number of seconds, not 0",
        ])
    }

    @Test func entryLargerThanLogGroupIsReported() {
        let limits = NormalizationLimits(maximumEntryBytes: 6_000_000, maximumLogGroupBytes: 5_000_000)

        #expect(limits.problems() == [
            "maximum entry bytes (6000000) must not exceed the maximum LogGroup bytes (5000000)",
        ])
    }
}

import Testing
@testable import AzureLogs
import Core

/// gzip values, encoding repair of invalid UTF-8, NUL bytes and lone surrogates.
@Suite struct EncodingTests {
    private let normalizer = AzureLogNormalizer()

    // MARK: gzip

    @Test func gzipValueGivesSameEntriesAsPlain() throws {
        let plain = try Fixtures.bytes("01-activity-administrative.json")
        let expected = normalizer.normalize(plain, context: .sample)

        let message = normalizer.normalize(Gzip.compress(plain), context: .sample)

        #expect(message.entries == expected.entries)
        #expect(message.outcome == .parsed(records: 2))
        #expect(message.report.inflatedGzip)
        #expect(!message.requiresDeadLetter)
    }

    @Test func gzipMembersAreConcatenated() throws {
        let first = Gzip.compress(Array(#"{"a":1}"#.utf8))
        let second = Gzip.compress(Array("\n{\"a\":2}".utf8))

        let message = normalizer.normalize(first + second, context: .sample)

        #expect(message.outcome == .parsed(records: 2))
        #expect(message.entries.map { $0["a"] } == ["1", "2"])
    }

    @Test func gzipOfByteOrderMarkValueIsRead() throws {
        let message = normalizer.normalize(Gzip.compress(try Fixtures.bytes("15-bom-functionapp.json")), context: .sample)

        #expect(message.outcome == .parsed(records: 1))
        #expect(message.entries.first?[BridgeFieldKey.level] == "Error")
    }

    @Test func truncatedGzipBecomesBase64RawEntry() throws {
        let compressed = Gzip.compress(try Fixtures.bytes("01-activity-administrative.json"))
        let cut = Array(compressed.prefix(40))

        let message = normalizer.normalize(cut, context: .sample)
        let entry = try #require(message.entries.first)

        #expect(message.outcome == .parseError(ParseFailure(
            description: "gzip data is cut off before the end of the stream", byteOffset: 0)))
        #expect(entry[BridgeFieldKey.raw] == "base64:" + Base64.encode(cut))
        #expect(message.deadLetterCauses == [.decompressionFailed("gzip data is cut off before the end of the stream")])
        #expect(message.deadLetterCauses.first?.isFixedByLimits == false)
        #expect(message.report.rawEntries == 1)
    }

    @Test func gzipAboveInflateCapIsRejected() throws {
        let bomb = Gzip.compress([UInt8](repeating: 0x20, count: 2_000_000))
        var options = NormalizationOptions()
        options.limits.maximumInflatedBytes = 1_000_000

        let message = AzureLogNormalizer(options: options).normalize(bomb, context: .sample)

        #expect(bomb.count < 10_000)
        #expect(message.outcome == .parseError(ParseFailure(
            description: "gzip data inflates to more than the limit of 1000000 bytes", byteOffset: 0)))
        #expect(message.requiresDeadLetter)
        let cause = try #require(message.deadLetterCauses.first)
        #expect(cause.isFixedByLimits)
        #expect(cause.replayAdvice.contains("max_inflated_bytes"))
    }

    @Test func gzipWithTrailingBytesIsRejected() throws {
        let value = Gzip.compress(Array(#"{"a":1}"#.utf8)) + Array("junk".utf8)

        let message = normalizer.normalize(value, context: .sample)

        #expect(message.outcome == .parseError(ParseFailure(
            description: "4 bytes after the gzip stream are not another gzip member", byteOffset: 0)))
    }

    @Test func gzipWithWrongChecksumIsRejected() throws {
        var value = Gzip.compress(Array(#"{"a":"some text to compress"}"#.utf8))
        // The CRC-32 of the data is the 8th to 5th byte from the end (RFC 1952).
        value[value.count - 8] ^= 0xFF

        let message = normalizer.normalize(value, context: .sample)

        #expect(message.outcome == .parseError(ParseFailure(
            description: "invalid gzip data: incorrect data check", byteOffset: 0)))
        #expect(message.entries.first?[BridgeFieldKey.raw]?.hasPrefix("base64:H4sI") == true)
    }

    @Test func gzipOfEmptyValueIsEmpty() {
        let message = normalizer.normalize(Gzip.compress([]), context: .sample)

        #expect(message.outcome == .empty(.zeroLength))
        #expect(message.report.inflatedGzip)
    }

    // MARK: Encoding repair

    @Test func invalidUTF8InStringIsReplacedAndCounted() throws {
        let bytes = Array(#"{"time":"2026-03-01T10:00:00Z","msg":"a"#.utf8) + [0xFF, 0xC3] + Array(#"b"}"#.utf8)

        let message = normalizer.normalize(bytes, context: .sample)
        let entry = try #require(message.entries.first)

        #expect(message.outcome == .parsed(records: 1))
        #expect(entry["msg"] == "a\u{FFFD}\u{FFFD}b")
        #expect(entry[BridgeFieldKey.sanitized] == "invalid_utf8")
        #expect(entry.time == tenOClockSeconds)
        #expect(message.report.invalidUTF8Sequences == 2)
        #expect(message.deadLetterCauses == [.textRepaired(["invalid_utf8"])])
    }

    @Test func droppedNULBetweenRecordsMarksNone() throws {
        let bytes = Array(#"{"records":[{"a":"ok"},"#.utf8) + [0x00] + Array(#"{"a":"ok2"}]}"#.utf8)

        let message = normalizer.normalize(bytes, context: .sample)

        #expect(message.entries.count == 2)
        #expect(message.entries.allSatisfy { $0[BridgeFieldKey.sanitized] == nil })
        #expect(!message.requiresDeadLetter)
    }

    @Test func repairMarksOnlyRecordsItChanged() throws {
        let bytes = Array(#"{"records":[{"a":""#.utf8) + [0xFF] + Array(#""},{"b":"ok"},{"c":"x"#.utf8) + [0x00]
            + Array(#"y"}]}"#.utf8)

        let message = normalizer.normalize(bytes, context: .sample)

        try #require(message.entries.count == 3)
        #expect(message.entries[0][BridgeFieldKey.sanitized] == "invalid_utf8")
        #expect(message.entries[1][BridgeFieldKey.sanitized] == nil)
        #expect(message.entries[2][BridgeFieldKey.sanitized] == "nul_bytes")
        #expect(message.deadLetterCauses == [.textRepaired(["invalid_utf8", "nul_bytes"])])
    }

    @Test func overlongAndSurrogateEncodingsAreInvalid() throws {
        // C0 AF is an overlong "/", ED A0 80 an encoded surrogate: both are invalid UTF-8.
        let bytes = Array(#"{"msg":"x"#.utf8) + [0xC0, 0xAF, 0xED, 0xA0, 0x80] + Array(#""}"#.utf8)

        let message = normalizer.normalize(bytes, context: .sample)

        #expect(message.entries.first?["msg"] == "x" + String(repeating: "\u{FFFD}", count: 5))
        #expect(message.report.invalidUTF8Sequences == 5)
    }

    @Test func nulInsideStringBecomesReplacement() throws {
        let bytes = Array(#"{"msg":"a"#.utf8) + [0x00] + Array(#"b"}"#.utf8)

        let message = normalizer.normalize(bytes, context: .sample)

        #expect(message.entries.first?["msg"] == "a\u{FFFD}b")
        #expect(message.entries.first?[BridgeFieldKey.sanitized] == "nul_bytes")
        #expect(message.report.nulBytes == 1)
    }

    @Test func trailingNULTerminatorIsDropped() throws {
        let bytes = Array(#"{"records":[{"a":1}]}"#.utf8) + [0x00, 0x00]

        let message = normalizer.normalize(bytes, context: .sample)

        #expect(message.outcome == .parsed(records: 1))
        #expect(message.entries.first?["a"] == "1")
        #expect(message.entries.first?[BridgeFieldKey.sanitized] == nil)
        #expect(message.report.nulBytes == 2)
        #expect(!message.requiresDeadLetter, "a dropped terminator changes no record")
    }

    @Test func escapedNULBecomesReplacement() throws {
        let message = normalizer.normalize(text: #"{"msg":"a\u0000b","nested":{"k":"\u0000"}}"#)
        let entry = try #require(message.entries.first)

        #expect(entry["msg"] == "a\u{FFFD}b")
        #expect(entry["nested"] == #"{"k":"\u0000"}"#)
        #expect(entry[BridgeFieldKey.sanitized] == "nul_bytes")
        #expect(message.report.nulBytes == 1)
        #expect(message.deadLetterCauses == [.textRepaired(["nul_bytes"])])
    }

    @Test func loneSurrogateEscapeIsReplaced() throws {
        let message = normalizer.normalize(text: #"{"msg":"cut \ud83d","pair":"\ud83d\ude00","low":"\udc00"}"#)
        let entry = try #require(message.entries.first)

        #expect(message.outcome == .parsed(records: 1))
        #expect(entry["msg"] == "cut \u{FFFD}")
        #expect(entry["pair"] == "😀")
        #expect(entry["low"] == "\u{FFFD}")
        #expect(entry[BridgeFieldKey.sanitized] == "lone_surrogates")
        #expect(message.report.loneSurrogates == 2)
    }

    @Test func repairDoesNotHideSyntaxErrors() throws {
        let bytes = Array(#"{"msg":"a"#.utf8) + [0xFF] + Array(#"", oops}"#.utf8)

        let message = normalizer.normalize(bytes, context: .sample)

        // The invalid byte alone would have been repaired, so the error named is the one that remains: `oops`.
        #expect(message.outcome == .parseError(ParseFailure(
            description: "expected an object key string, found 'o'", byteOffset: 13)))
        #expect(message.entries.first?[BridgeFieldKey.raw] == "{\"msg\":\"a\u{FFFD}\", oops}")
        #expect(message.deadLetterCauses == [.rawTextNotUTF8])
        #expect(message.report.invalidUTF8Sequences == 0)
    }

    @Test func repairOfCleanTextChangesNothing() throws {
        let bytes = try Fixtures.bytes("04-entra-signin-nonascii.json")

        let repair = bytes.withUnsafeBufferPointer { EncodingRepair.repair($0) }

        #expect(repair == nil)
    }

    @Test func base64MatchesStandardEncoding() {
        #expect(Base64.encode(Array("".utf8)) == "")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode([0xFF, 0xFE, 0x00]) == "//4A")
    }
}

import Core
import Testing
@testable import SLS

@Suite struct LogGroupDecoderTests {
    // MARK: Round trips

    @Test func decodeGoSDKExample() throws {
        let group = try LogGroupDecoder.decode(WireTestData.bytes(hex: WireTestData.exampleLogGroupHex))

        #expect(group == WireTestData.exampleLogGroup)
    }

    @Test(arguments: [
        LogGroup(logs: []),
        LogGroup(logs: [LogEntry(time: 0, contents: [])]),
        LogGroup(logs: [LogEntry(time: 1_772_359_200, contents: [LogContent("k", "v")])], topic: "", source: ""),
        LogGroup(logs: [LogEntry(time: UInt32.max, timeNanoseconds: 999_999_999, contents: [LogContent("k", "v")])]),
        LogGroup(logs: [LogEntry(time: 5, timeNanoseconds: 0, contents: [LogContent("k", "v")])]),
        LogGroup(logs: [LogEntry(time: 5, contents: [LogContent("", ""), LogContent("empty", "")])]),
        LogGroup(
            logs: [LogEntry(time: 7, contents: [LogContent("città", "Zürich ✓ 日本語 😀"), LogContent("ключ", "значение")])],
            topic: "тема", source: "источник", tags: [LogTag(key: "标签", value: "值")]
        ),
        LogGroup(
            logs: [LogEntry(time: 9, contents: [LogContent("line", "a\nb\u{0}c")])],
            topic: "t", source: "10.0.0.1",
            tags: [LogTag(key: "__pack_id__", value: "ABC-1"), LogTag(key: "empty", value: "")]
        ),
    ])
    func roundTripPreservesGroup(group: LogGroup) throws {
        let decoded = try LogGroupDecoder.decode(LogGroupEncoder.encode(group))

        #expect(decoded == group)
    }

    @Test func roundTripManyLogs() throws {
        let group = WireTestData.auditLogGroup(count: 5_000)

        let decoded = try LogGroupDecoder.decode(LogGroupEncoder.encode(group))

        #expect(decoded.logs.count == 5_000)
        #expect(decoded == group)
    }

    @Test func roundTripLongValue() throws {
        let value = String(repeating: "abcdefghij", count: 100_000)
        let group = LogGroup(logs: [LogEntry(time: 1, contents: [LogContent("message", value)])])

        let decoded = try LogGroupDecoder.decode(LogGroupEncoder.encode(group))

        #expect(decoded.logs.first?["message"] == value)
    }

    // MARK: Unknown fields

    @Test func skipsUnknownFieldsOfEveryWireType() throws {
        var body: [UInt8] = []
        body += [0x12, 0x03] + Array("res".utf8)             // LogGroup.Reserved (2), length-delimited
        body += [0x2A, 0x04] + Array("uuid".utf8)            // LogGroup.MachineUUID (5)
        body += [0x39] + [UInt8](repeating: 0x11, count: 8)  // field 7, wire type 1 (fixed64)
        body += [0x45, 0x01, 0x02, 0x03, 0x04]               // field 8, wire type 5 (fixed32)
        body += [0x48, 0x96, 0x01]                           // field 9, varint 150

        var log: [UInt8] = [0x08, 0x07]                      // Time 7
        log += [0x1A, 0x02] + Array("v1".utf8)               // Log.values (3), repeated string
        log += [0x1A, 0x00]                                  // Log.values, empty
        log += [0x12, 0x08, 0x0A, 0x01, 0x6B, 0x12, 0x01, 0x76, 0x18, 0x01]  // Content k=v plus field 3 varint
        log += [0x2D, 0x00, 0x00, 0x00, 0x00]                // field 5, wire type 5
        log += [0x31] + [UInt8](repeating: 0, count: 8)      // field 6, wire type 1
        body += [0x0A, UInt8(log.count)] + log
        body += [0x1A, 0x01, 0x74]                           // Topic "t"

        let group = try LogGroupDecoder.decode(body)

        #expect(group == LogGroup(logs: [LogEntry(time: 7, contents: [LogContent("k", "v")])], topic: "t"))
    }

    @Test func lastTopicWins() throws {
        let group = try LogGroupDecoder.decode([0x1A, 0x01, 0x61, 0x1A, 0x01, 0x62])

        #expect(group.topic == "b")
    }

    // MARK: Rejections

    @Test func decodeRejectsTruncatedVarint() {
        // Log of 2 bytes whose Time varint has its continuation bit set on the last byte.
        let error = decodeError([0x0A, 0x02, 0x08, 0x80])

        #expect(error == LogGroupDecodingError(.truncatedVarint, offset: 3))
    }

    @Test func decodeRejectsTruncatedTag() {
        let error = decodeError([0x1A, 0x00, 0x80])

        #expect(error == LogGroupDecodingError(.truncatedVarint, offset: 2))
    }

    @Test func decodeRejectsVarintLongerThanTenBytes() {
        let error = decodeError([0x48] + [UInt8](repeating: 0xFF, count: 10) + [0x01])

        #expect(error == LogGroupDecodingError(.varintTooLong, offset: 1))
    }

    @Test func decodeRejectsVarintBeyondSixtyFourBits() {
        let error = decodeError([0x48] + [UInt8](repeating: 0xFF, count: 9) + [0x02])

        #expect(error == LogGroupDecodingError(.varintTooLong, offset: 1))
    }

    @Test func decodeAcceptsLargestTenByteVarint() throws {
        let group = try LogGroupDecoder.decode([0x48] + [UInt8](repeating: 0xFF, count: 9) + [0x01])

        #expect(group == LogGroup(logs: []))
    }

    @Test func decodeRejectsLengthPastEnd() {
        let error = decodeError([0x0A, 0x05, 0x08, 0x01])

        #expect(error == LogGroupDecodingError(.lengthPastEnd(length: 5, available: 2), offset: 1))
    }

    @Test func decodeRejectsNestedLengthPastItsMessage() {
        // The Log is 4 bytes long, and its Content claims 3 bytes after the Log's last byte.
        let error = decodeError([0x0A, 0x04, 0x08, 0x01, 0x12, 0x03, 0x0A, 0x00, 0x12])

        #expect(error == LogGroupDecodingError(.lengthPastEnd(length: 3, available: 0), offset: 5))
    }

    @Test func decodeRejectsMissingTime() {
        let error = decodeError([0x0A, 0x06, 0x12, 0x04, 0x0A, 0x00, 0x12, 0x00])

        #expect(error == LogGroupDecodingError(.missingRequiredField("Log.Time"), offset: 2))
    }

    @Test func decodeRejectsMissingContentKey() {
        let error = decodeError([0x0A, 0x06, 0x08, 0x01, 0x12, 0x02, 0x12, 0x00])

        #expect(error == LogGroupDecodingError(.missingRequiredField("Log.Content.Key"), offset: 6))
    }

    @Test func decodeRejectsMissingContentValue() {
        let error = decodeError([0x0A, 0x06, 0x08, 0x01, 0x12, 0x02, 0x0A, 0x00])

        #expect(error == LogGroupDecodingError(.missingRequiredField("Log.Content.Value"), offset: 6))
    }

    @Test func decodeRejectsMissingTagValue() {
        let error = decodeError([0x32, 0x02, 0x0A, 0x00])

        #expect(error == LogGroupDecodingError(.missingRequiredField("LogTag.Value"), offset: 2))
    }

    @Test(arguments: [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82]] as [[UInt8]])
    func decodeRejectsInvalidUTF8Value(invalid: [UInt8]) {
        let content: [UInt8] = [0x0A, 0x01, 0x6B, 0x12, UInt8(invalid.count)] + invalid
        let log: [UInt8] = [0x08, 0x01, 0x12, UInt8(content.count)] + content
        let body: [UInt8] = [0x0A, UInt8(log.count)] + log

        let error = decodeError(body)

        #expect(error == LogGroupDecodingError(.invalidUTF8(field: "Log.Content.Value"), offset: 11))
    }

    @Test func decodeRejectsInvalidUTF8Topic() {
        let error = decodeError([0x1A, 0x02, 0x61, 0xFE])

        #expect(error == LogGroupDecodingError(.invalidUTF8(field: "LogGroup.Topic"), offset: 2))
    }

    @Test func decodeRejectsTimeAboveUInt32() {
        // Time = 2^32, the varint 80 80 80 80 10.
        let error = decodeError([0x0A, 0x06, 0x08, 0x80, 0x80, 0x80, 0x80, 0x10])

        #expect(error == LogGroupDecodingError(.valueOutOfRange(field: "Log.Time", value: 1 << 32), offset: 3))
    }

    @Test func decodeRejectsTimeNanosecondsOfOneSecond() {
        // Time_ns = 1,000,000,000 = 0x3B9ACA00, little-endian.
        let error = decodeError([0x0A, 0x07, 0x08, 0x01, 0x25, 0x00, 0xCA, 0x9A, 0x3B])

        #expect(error == LogGroupDecodingError(.valueOutOfRange(field: "Log.Time_ns", value: 1_000_000_000), offset: 5))
    }

    @Test func decodeRejectsTruncatedTimeNanoseconds() {
        let error = decodeError([0x0A, 0x05, 0x08, 0x01, 0x25, 0x00, 0x00])

        #expect(error == LogGroupDecodingError(.truncatedFixedWidth(bytes: 4), offset: 5))
    }

    @Test func decodeRejectsTopicWithVarintWireType() {
        let error = decodeError([0x18, 0x01])

        #expect(error == LogGroupDecodingError(.wrongWireType(field: "LogGroup.Topic", wireType: 0), offset: 0))
    }

    @Test func decodeRejectsFieldNumberZero() {
        let error = decodeError([0x02, 0x00])

        #expect(error == LogGroupDecodingError(.invalidFieldNumber(0), offset: 0))
    }

    @Test(arguments: [0x3B, 0x3C, 0x3E, 0x3F] as [UInt8])
    func decodeRejectsGroupAndUndefinedWireTypes(tag: UInt8) {
        let error = decodeError([0x1A, 0x00, tag, 0x00])

        #expect(error == LogGroupDecodingError(.unsupportedWireType(tag & 7), offset: 2))
    }

    @Test func decodeRejectsTruncatedUnknownFixed64() {
        let error = decodeError([0x39, 0x00, 0x00, 0x00])

        #expect(error == LogGroupDecodingError(.truncatedFixedWidth(bytes: 8), offset: 1))
    }

    @Test func errorDescriptionNamesFieldAndOffset() {
        let error = LogGroupDecodingError(.missingRequiredField("Log.Content.Value"), offset: 6)

        #expect(error.description == "invalid LogGroup protobuf at byte offset 6: required field Log.Content.Value is missing")
    }

    private func decodeError(_ bytes: [UInt8]) -> LogGroupDecodingError? {
        do {
            _ = try LogGroupDecoder.decode(bytes)
            return nil
        } catch {
            return error
        }
    }
}

import Core
import Testing
@testable import SLS

@Suite struct LogGroupEncoderTests {
    @Test func encodeMatchesGoSDKExampleByteForByte() {
        let encoded = LogGroupEncoder.encode(WireTestData.exampleLogGroup)

        #expect(encoded.count == 50)
        #expect(WireTestData.hex(encoded) == WireTestData.exampleLogGroupHex)
    }

    @Test func encodeReusingWritesAtStartAndKeepsLongerBuffer() {
        var buffer = [UInt8](repeating: 0xAA, count: 60)

        let size = LogGroupEncoder.encode(WireTestData.exampleLogGroup, reusing: &buffer)

        #expect(size == 50)
        #expect(buffer.count == 60)
        #expect(WireTestData.hex(Array(buffer.prefix(size))) == WireTestData.exampleLogGroupHex)
        #expect(buffer.suffix(10).allSatisfy { $0 == 0xAA })
    }

    @Test func encodeReusingGrowsShortBufferInSteps() {
        var buffer: [UInt8] = [0xAA, 0xBB]

        let size = LogGroupEncoder.encode(WireTestData.exampleLogGroup, reusing: &buffer)

        #expect(size == 50)
        #expect(buffer.count == ReusableBuffer.growthStep)
        #expect(WireTestData.hex(Array(buffer.prefix(size))) == WireTestData.exampleLogGroupHex)
    }

    @Test func encodeReusingKeepsStorageForSlightlyLargerGroup() {
        var buffer: [UInt8] = []
        let first = WireTestData.auditLogGroup(count: 300)
        let larger = WireTestData.auditLogGroup(count: 301)
        let firstSize = LogGroupEncoder.encode(first, reusing: &buffer)
        let storage = buffer.withUnsafeBufferPointer { $0.baseAddress }

        let largerSize = LogGroupEncoder.encode(larger, reusing: &buffer)

        #expect(largerSize > firstSize)
        #expect(largerSize <= buffer.count, "room left by rounding up to a whole step")
        #expect(buffer.count % ReusableBuffer.growthStep == 0)
        #expect(buffer.withUnsafeBufferPointer { $0.baseAddress } == storage, "no new allocation")
        #expect(Array(buffer.prefix(largerSize)) == LogGroupEncoder.encode(larger))
    }

    @Test func encodedSizeMatchesOutput() {
        let group = WireTestData.auditLogGroup(count: 300)

        #expect(LogGroupEncoder.encodedSize(of: group) == LogGroupEncoder.encode(group).count)
    }

    @Test func emptyGroupWritesOnlyEmptyTopic() {
        let encoded = LogGroupEncoder.encode(LogGroup(logs: []))

        #expect(encoded == [0x1A, 0x00])
    }

    @Test func timeNanosecondsIsFixed32AfterContents() {
        let group = LogGroup(logs: [LogEntry(time: 1, timeNanoseconds: 0x0102_0304, contents: [LogContent("k", "v")])])

        let encoded = LogGroupEncoder.encode(group)

        // Log: Time (08 01), Content (12 06 0a 01 'k' 12 01 'v'), Time_ns (25 + 4 little-endian bytes).
        #expect(WireTestData.hex(encoded) == "0a0f0801" + "12060a016b120176" + "2504030201" + "1a00")
    }

    @Test func zeroTimeNanosecondsIsStillWritten() {
        let group = LogGroup(logs: [LogEntry(time: 1, timeNanoseconds: 0, contents: [])])

        #expect(WireTestData.hex(LogGroupEncoder.encode(group)) == "0a0708012500000000" + "1a00")
    }

    @Test func tagsFollowTopicAndSource() {
        let group = LogGroup(logs: [], topic: "t", source: "s", tags: [LogTag(key: "a", value: "b")])

        #expect(WireTestData.hex(LogGroupEncoder.encode(group)) == "1a0174" + "220173" + "32060a0161120162")
    }

    @Test func longValueUsesMultiByteLength() {
        let value = String(repeating: "x", count: 300)
        let group = LogGroup(logs: [LogEntry(time: 0, contents: [LogContent("k", value)])])

        let encoded = LogGroupEncoder.encode(group)

        // Value length 300 is the varint ac 02, the Content is 3 + 303 = 306 bytes (b2 02) and the Log is
        // 2 + 3 + 306 = 311 bytes (b7 02).
        #expect(encoded.count == LogGroupEncoder.encodedSize(of: group))
        #expect(Array(encoded[0...2]) == [0x0A, 0xB7, 0x02])
        #expect(Array(encoded[5...7]) == [0x12, 0xB2, 0x02])
        #expect(Array(encoded[11...13]) == [0x12, 0xAC, 0x02])
    }
}

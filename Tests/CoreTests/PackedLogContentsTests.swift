import Core
import Testing

@Suite struct PackedLogContentsTests {
    private let sample = [
        LogContent("time", "2026-03-01T10:00:00Z"),
        LogContent("", ""),
        LogContent("caf\u{E9}", "na\u{EF}ve \u{1D11E}"),
        LogContent("long", String(repeating: "x", count: 200)),
        LogContent("longer", String(repeating: "y", count: 20_000)),
    ]

    @Test func packedContentsRoundTrip() {
        let packed = PackedLogContents(sample)

        #expect(packed.contents == sample)
        #expect(packed.count == sample.count)
        #expect(!packed.isEmpty)
        #expect(PackedLogContents().isEmpty)
        #expect(PackedLogContents().contents.isEmpty)
    }

    @Test func packedBytesAreProtobufContents() {
        let packed = PackedLogContents([LogContent("k", "vv"), LogContent("key", "")])

        // Field 2 of Log, a Content of Key (field 1) and Value (field 2), each length-delimited.
        #expect(packed.bytes == [0x12, 0x07, 0x0A, 0x01, 0x6B, 0x12, 0x02, 0x76, 0x76,
                                 0x12, 0x07, 0x0A, 0x03, 0x6B, 0x65, 0x79, 0x12, 0x00])
    }

    @Test func longValuesGetMultiByteLengths() {
        let packed = PackedLogContents([LogContent("v", String(repeating: "z", count: 300))])

        // 300 = 0b10_0101100: varint AC 02; the pair is 1 + 1 + 1 + 1 + 2 + 300 = 306 = B2 02.
        #expect(Array(packed.bytes.prefix(8)) == [0x12, 0xB2, 0x02, 0x0A, 0x01, 0x76, 0x12, 0xAC])
        #expect(packed.bytes[8] == 0x02)
        #expect(packed.bytes.count == 3 + 306)
    }

    @Test(arguments: [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152])
    func lengthBoundariesRoundTrip(valueBytes: Int) {
        func varint(_ value: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            var rest = value
            while rest >= 0x80 {
                bytes.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            return bytes + [UInt8(rest)]
        }
        let content = LogContent("k", String(repeating: "v", count: valueBytes))
        let packed = PackedLogContents([content])

        // The Content field around the key field (tag, length 1, "k") and the value field.
        let valueHeader = [UInt8(0x12)] + varint(valueBytes)
        let pairBytes = 3 + valueHeader.count + valueBytes
        let header = [UInt8(0x12)] + varint(pairBytes) + [0x0A, 0x01, 0x6B] + valueHeader
        #expect(Array(packed.bytes.prefix(header.count)) == header)
        #expect(packed.bytes.count == header.count + valueBytes)
        #expect(packed.contents == [content])
    }

    @Test func keysAndValuesOfEveryShortLength() {
        // Lengths around the 4, 8 and 16 bytes where the copy changes its method.
        let contents = LogContentsBuffer(capacity: 16)
        var expected: [LogContent] = []
        for length in 0...40 {
            let key = String((0..<length).map { Character(UnicodeScalar(UInt8(0x61 + $0 % 26))) })
            let value = String((0..<(40 - length)).map { Character(UnicodeScalar(UInt8(0x41 + $0 % 26))) })
            contents.append(key: key, value: value)
            expected.append(LogContent(key, value))
        }

        #expect(contents.contents == expected)
    }

    @Test func countsTextBytes() {
        let packed = PackedLogContents(sample)
        let expectedText = sample.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }

        #expect(packed.textBytes == expectedText)
        #expect(packed.maximumValueBytes == 20_000)
    }

    @Test func valueForKeyReturnsFirstMatch() {
        let packed = PackedLogContents([LogContent("a", "1"), LogContent("b", "2"), LogContent("a", "3")])

        #expect(packed.value(forKey: "a") == "1")
        #expect(packed.value(forKey: "b") == "2")
        #expect(packed.value(forKey: "c") == nil)
    }

    @Test func containsKeyLooksAtPrefix() {
        let packed = PackedLogContents([LogContent("a", "1"), LogContent("ehb_time", "2")])

        #expect(packed.containsKey("ehb_time"))
        #expect(!packed.containsKey("ehb_time", amongFirst: 1))
        #expect(packed.containsKey("a", amongFirst: 1))
        #expect(!packed.containsKey("A"))
    }

    @Test func forEachVisitsInOrder() {
        var keys: [String] = []
        var valueBytes = 0
        PackedLogContents(sample).forEach { key, value in
            keys.append(String(decoding: key, as: UTF8.self))
            valueBytes += value.count
        }

        #expect(keys == sample.map(\.key))
        #expect(valueBytes == sample.reduce(0) { $0 + $1.value.utf8.count })
    }
}

@Suite struct LogContentsBufferTests {
    @Test func bufferGrowsPastItsCapacity() {
        let buffer = LogContentsBuffer(capacity: 16)
        let contents = (0..<100).map { LogContent("key\($0)", String(repeating: "v", count: $0 * 7)) }
        buffer.append(contents)

        #expect(buffer.count == 100)
        #expect(buffer.makePackedContents() == PackedLogContents(contents))
    }

    @Test func removeAllEmptiesForReuse() {
        let buffer = LogContentsBuffer()
        buffer.append(key: "first", value: "1")
        buffer.removeAll()
        buffer.append(key: "second", value: "2")

        #expect(buffer.contents == [LogContent("second", "2")])
        #expect(buffer.textBytes == 7)
        #expect(buffer.maximumValueBytes == 1)
    }

    @Test func appendReturnsValueRange() {
        let buffer = LogContentsBuffer()
        buffer.append(key: "k", value: "abc")
        let range = [UInt8]("value".utf8).withUnsafeBufferPointer { value in
            [UInt8]("key".utf8).withUnsafeBufferPointer { key in buffer.append(key: key, value: value) }
        }

        #expect(buffer.string(in: range) == "value")
    }

    @Test func writerAppendMatchesStringAppend() {
        let written = LogContentsBuffer()
        written.append(key: "time", valueByteCount: 4) { output in
            for (index, byte) in "2026".utf8.enumerated() {
                output[index] = byte
            }
        }
        let appended = LogContentsBuffer()
        appended.append(key: "time", value: "2026")

        #expect(written.makePackedContents() == appended.makePackedContents())
    }

    /// Small strings keep their bytes inside the string value, larger ones on the heap, and a string made from a
    /// substring shares nothing with the original. All must pack like their bytes.
    @Test func stringAppendMatchesByteAppend() {
        let long = String(repeating: "resource/", count: 20)
        let cut = String(long.dropFirst(9).prefix(40))
        let pairs = [
            ("", ""), ("caf\u{E9}", "na\u{EF}ve \u{1D11E}"), ("ehb_level", "Informational"), ("ehb_resource_id", long),
            ("k", cut),
        ]
        for (key, value) in pairs {
            let fromStrings = LogContentsBuffer()
            fromStrings.append(key: key, value: value)
            let fromBytes = LogContentsBuffer()
            Array(key.utf8).withUnsafeBufferPointer { keyBytes in
                Array(value.utf8).withUnsafeBufferPointer { _ = fromBytes.append(key: keyBytes, value: $0) }
            }

            #expect(fromStrings.makePackedContents() == fromBytes.makePackedContents(), "\(key)")
            #expect(fromStrings.contents == [LogContent(key, value)], "\(key)")
        }
    }

    @Test func packedCopyIsIndependentOfBuffer() {
        let buffer = LogContentsBuffer()
        buffer.append(key: "a", value: "1")
        let packed = buffer.makePackedContents()
        buffer.removeAll()
        buffer.append(key: "b", value: "2")

        #expect(packed.contents == [LogContent("a", "1")])
    }
}

@Suite struct LogEntryContentsTests {
    @Test func contentsPropertyReadsAndWritesPackedForm() {
        var entry = LogEntry(time: 1, contents: [LogContent("a", "1")])
        entry.contents.append(LogContent("b", "2"))

        #expect(entry.contents == [LogContent("a", "1"), LogContent("b", "2")])
        #expect(entry.packedContents == PackedLogContents([LogContent("a", "1"), LogContent("b", "2")]))
        #expect(entry["b"] == "2")
    }

    @Test func entriesWithSameContentsAreEqual() {
        let packed = LogEntry(time: 5, timeNanoseconds: 7, packedContents: PackedLogContents([LogContent("k", "v")]))
        let fromArray = LogEntry(time: 5, timeNanoseconds: 7, contents: [LogContent("k", "v")])

        #expect(packed == fromArray)
        #expect(packed != LogEntry(time: 5, timeNanoseconds: 7, contents: [LogContent("k", "w")]))
    }
}

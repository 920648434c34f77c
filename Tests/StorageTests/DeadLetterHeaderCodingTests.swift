import Testing
@testable import Storage

@Suite struct KafkaHeaderCodingTests {
    @Test func encodeLayoutIsDocumented() {
        let bytes = DeadLetterHeaderCoding.encode([DeadLetterHeader(name: "k", value: [7, 8]), DeadLetterHeader(name: "n", value: nil)])
        #expect(bytes == [1, 0, 0, 0, 1, 107, 0, 0, 0, 2, 7, 8, 0, 0, 0, 1, 110, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func decodeRoundTrips() throws {
        let headers = [
            DeadLetterHeader(name: "ünïcode", value: Array("välue".utf8)), DeadLetterHeader(name: "", value: []),
            DeadLetterHeader(name: "null", value: nil), DeadLetterHeader(name: "bytes", value: [0, 255]),
        ]
        #expect(try DeadLetterHeaderCoding.decode(DeadLetterHeaderCoding.encode(headers)).get() == headers)
        #expect(try DeadLetterHeaderCoding.decode(DeadLetterHeaderCoding.encode([])).get() == [])
        #expect(try DeadLetterHeaderCoding.decode([]).get() == [])
    }

    @Test(arguments: [
        [2] as [UInt8],
        [1, 0, 0],
        [1, 0, 0, 0, 5, 65],
        [1, 0, 0, 0, 1, 65, 0, 0],
        [1, 0, 0, 0, 1, 65, 0, 0, 0, 3, 1],
        [1, 0, 0, 0, 1, 0xFF, 0, 0, 0, 0],
    ])
    func decodeRejectsMalformedBlob(bytes: [UInt8]) {
        #expect(throws: DeadLetterHeaderCoding.DecodingProblem.self) {
            try DeadLetterHeaderCoding.decode(bytes).get()
        }
    }
}

import Testing
@testable import Storage

@Suite struct KafkaHeaderCodingTests {
    @Test func encodeLayoutIsDocumented() {
        let bytes = KafkaHeaderCoding.encode([KafkaHeader(name: "k", value: [7, 8]), KafkaHeader(name: "n", value: nil)])
        #expect(bytes == [1, 0, 0, 0, 1, 107, 0, 0, 0, 2, 7, 8, 0, 0, 0, 1, 110, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test func decodeRoundTrips() throws {
        let headers = [
            KafkaHeader(name: "ünïcode", value: Array("välue".utf8)), KafkaHeader(name: "", value: []),
            KafkaHeader(name: "null", value: nil), KafkaHeader(name: "bytes", value: [0, 255]),
        ]
        #expect(try KafkaHeaderCoding.decode(KafkaHeaderCoding.encode(headers)).get() == headers)
        #expect(try KafkaHeaderCoding.decode(KafkaHeaderCoding.encode([])).get() == [])
        #expect(try KafkaHeaderCoding.decode([]).get() == [])
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
        #expect(throws: KafkaHeaderCoding.DecodingProblem.self) {
            try KafkaHeaderCoding.decode(bytes).get()
        }
    }
}

import Testing
@testable import AzureLogs
import Core

struct HeaderCase: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var expected: String
    var isBase64 = false

    var testDescription: String { bytes.map { String($0, radix: 16) }.joined(separator: " ") }
}

/// AMQP 1.0 encodings (OASIS AMQP 1.0, part 1, section 1.6) and plain header values.
let headerCases: [HeaderCase] = [
    HeaderCase(bytes: [0xA1, 0x05, 0x68, 0x65, 0x6C, 0x6C, 0x6F], expected: "hello"),
    HeaderCase(bytes: [0xB1, 0x00, 0x00, 0x00, 0x02] + Array("hé".utf8).prefix(2), expected: "h\u{FFFD}", isBase64: true),
    HeaderCase(bytes: [0xB1, 0x00, 0x00, 0x00, 0x03] + Array("hé".utf8), expected: "hé"),
    HeaderCase(bytes: [0xA3, 0x03] + Array("sym".utf8), expected: "sym"),
    HeaderCase(bytes: [0xB3, 0x00, 0x00, 0x00, 0x01, 0x78], expected: "x"),
    HeaderCase(bytes: [0x40], expected: ""),
    HeaderCase(bytes: [0x41], expected: "true"),
    HeaderCase(bytes: [0x42], expected: "false"),
    HeaderCase(bytes: [0x56, 0x01], expected: "true"),
    HeaderCase(bytes: [0x56, 0x00], expected: "false"),
    HeaderCase(bytes: [0x43], expected: "0"),
    HeaderCase(bytes: [0x44], expected: "0"),
    HeaderCase(bytes: [0x50, 0xFF], expected: "255"),
    HeaderCase(bytes: [0x51, 0xFF], expected: "-1"),
    HeaderCase(bytes: [0x52, 0x07], expected: "7"),
    HeaderCase(bytes: [0x53, 0x09], expected: "9"),
    HeaderCase(bytes: [0x54, 0x80], expected: "-128"),
    HeaderCase(bytes: [0x55, 0x05], expected: "5"),
    HeaderCase(bytes: [0x60, 0x01, 0x00], expected: "256"),
    HeaderCase(bytes: [0x61, 0xFF, 0xFE], expected: "-2"),
    HeaderCase(bytes: [0x70, 0x00, 0x01, 0x00, 0x00], expected: "65536"),
    HeaderCase(bytes: [0x71, 0x00, 0x00, 0x00, 0x05], expected: "5"),
    HeaderCase(bytes: [0x71, 0xFF, 0xFF, 0xFF, 0xFB], expected: "-5"),
    HeaderCase(bytes: [0x72, 0x3F, 0xC0, 0x00, 0x00], expected: "1.5"),
    HeaderCase(bytes: [0x73, 0x00, 0x00, 0x00, 0xE9], expected: "é"),
    HeaderCase(bytes: [0x80, 0, 0, 0, 1, 0, 0, 0, 0], expected: "4294967296"),
    HeaderCase(bytes: [0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE], expected: "-2"),
    HeaderCase(bytes: [0x82, 0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18], expected: "3.141592653589793"),
    // 1772359200123 milliseconds = 0x19CA8D72D7B.
    HeaderCase(bytes: [0x83, 0x00, 0x00, 0x01, 0x9C, 0xA8, 0xD7, 0x2D, 0x7B], expected: "2026-03-01T10:00:00.123Z"),
    HeaderCase(
        bytes: [0x98, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF],
        expected: "00112233-4455-6677-8899-aabbccddeeff"),
    HeaderCase(bytes: [0xA0, 0x03, 0x00, 0xFF, 0x10], expected: "base64:AP8Q"),
    HeaderCase(bytes: [0xB0, 0x00, 0x00, 0x00, 0x01, 0xFF], expected: "base64:/w=="),
    // Unknown types: decimal64, list8.
    HeaderCase(bytes: [0x84, 1, 2, 3, 4, 5, 6, 7, 8], expected: "base64:hAECAwQFBgcI", isBase64: true),
    HeaderCase(bytes: [0xC0, 0x01, 0x00], expected: "base64:wAEA", isBase64: true),
    // Plain values.
    HeaderCase(bytes: Array("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".utf8),
               expected: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
    HeaderCase(bytes: Array("München".utf8), expected: "München"),
    HeaderCase(bytes: Array("US".utf8), expected: "US"),
    HeaderCase(bytes: Array("line\tend".utf8), expected: "line\tend"),
    HeaderCase(bytes: [0xFF, 0xFE], expected: "base64://4=", isBase64: true),
    // NUL characters become U+FFFD, in plain text and in AMQP strings.
    HeaderCase(bytes: [0x68, 0x00, 0x69], expected: "h\u{FFFD}i"),
    HeaderCase(bytes: [0xA1, 0x01, 0x00], expected: "\u{FFFD}"),
    // A string whose length byte does not match is not an AMQP value.
    HeaderCase(bytes: [0xA1, 0x09, 0x68, 0x69], expected: "base64:oQloaQ==", isBase64: true),
]

@Suite struct HeaderTagTests {
    @Test(arguments: headerCases)
    func headerValueDecodes(_ testCase: HeaderCase) {
        let decoded = testCase.bytes.withUnsafeBufferPointer { AMQPHeaderValue.text($0) }

        if testCase.isBase64 {
            #expect(decoded.isBase64)
            #expect(decoded.text.hasPrefix("base64:"))
        } else {
            #expect(!decoded.isBase64)
            #expect(decoded.text == testCase.expected)
        }
        if testCase.expected.hasPrefix("base64:") {
            #expect(decoded.text == testCase.expected)
        }
    }

    @Test func headersBecomeTagsInOrder() throws {
        let context = MessageContext(
            kafkaTimestampMilliseconds: nil, receivedAtMilliseconds: 1_772_366_401_250,
            headers: [
                ("Diagnostic-Id", Array("00-abc-01".utf8)), ("x-opt-count", [0x71, 0, 0, 0, 5]),
                ("x-opt-count", [0x41]), ("empty", nil), ("binary", [0xFF, 0x00]),
                ("greeting", [0xA1, 0x05, 0x68, 0x65, 0x6C, 0x6C, 0x6F]),
            ]
        )

        let message = AzureLogNormalizer().normalize(Array(#"{"a":1}"#.utf8), context: context)

        #expect(message.tags.map(\.key) == [
            "ehb_header_Diagnostic_Id", "ehb_header_x_opt_count", "ehb_header_x_opt_count_2", "ehb_header_empty",
            "ehb_header_binary", "ehb_header_greeting",
        ])
        #expect(message.tags.map(\.value) == ["00-abc-01", "5", "true", "", "base64:/wA=", "hello"])
        #expect(message.report.base64Headers == 1)
        #expect(message.entries.count == 1)
    }

    @Test func headersOfUnreadableAndEmptyMessagesStillBecomeTags() {
        let context = MessageContext(
            kafkaTimestampMilliseconds: nil, receivedAtMilliseconds: 0, headers: [("h", [0xFF])]
        )
        let normalizer = AzureLogNormalizer()

        #expect(normalizer.normalize(nil, context: context).tags.map(\.value) == ["base64:/w=="])
        #expect(normalizer.normalize([], context: context).tags.count == 1)
        #expect(normalizer.normalize(Array("not json".utf8), context: context).tags.count == 1)
        #expect(normalizer.normalize([0x1F, 0x8B, 0x00], context: context).tags.count == 1)
    }

    @Test func headerTagsCanBeTurnedOff() {
        let context = MessageContext(kafkaTimestampMilliseconds: nil, receivedAtMilliseconds: 0, headers: [("h", [0x41])])

        let message = AzureLogNormalizer(options: NormalizationOptions(headerTags: false))
            .normalize(Array(#"{"a":1}"#.utf8), context: context)

        #expect(message.tags.isEmpty)
    }

    @Test func longHeaderValueIsTruncated() {
        var options = NormalizationOptions()
        options.limits.maximumValueBytes = 100
        let context = MessageContext(
            kafkaTimestampMilliseconds: nil, receivedAtMilliseconds: 0,
            headers: [(String(repeating: "n", count: 200), Array(String(repeating: "v", count: 500).utf8))]
        )

        let message = AzureLogNormalizer(options: options).normalize(Array(#"{"a":1}"#.utf8), context: context)
        let tag = message.tags.first

        #expect(tag?.key.utf8.count == 128)
        #expect(tag?.value.hasSuffix("...[truncated from 500 bytes]") == true)
        #expect(message.requiresDeadLetter)
    }
}

import Foundation
import Testing
@testable import AzureLogs

/// `JSONText.unescaped`, which copies the runs between escapes 8 bytes at a time, against Foundation's JSON parser.
@Suite struct JSONUnescapeTests {
    /// Pieces of string content: plain runs of several lengths, every kind of escape, and raw UTF-8.
    private static let pieces = [
        "a", "plain", "sixteen-bytes-ok", "a run that is longer than three words", "\\\"", "\\\\", "\\/", "\\b",
        "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u00e9", "\\u20AC", "\\ud834\\udd1e", "\\u0000", "caf\u{E9}",
        "\u{1D11E}", "{", "}",
    ]

    /// Returns the string that the JSON string literal with `content` between its quotes decodes to, by
    /// `JSONText.unescaped` and by `JSONSerialization`.
    private static func decodeBothWays(_ content: String) throws -> (fast: String, reference: String) {
        let literal = Array("\"\(content)\"".utf8)
        let fast = try literal.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var scanner = JSONScanner(buffer)
            let span = try scanner.scanValue()
            return JSONText.unescaped(span, in: buffer)
        }
        let array = try JSONSerialization.jsonObject(with: Data("[".utf8 + literal + "]".utf8), options: [])
        let reference = try #require((array as? [Any])?.first as? String)
        return (fast, reference)
    }

    @Test func unescapedMatchesFoundationOnGeneratedStrings() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<3000 {
            let count = Int.random(in: 0...24, using: &random)
            let content = (0..<count).map { _ in Self.pieces.randomElement(using: &random)! }.joined()
            let decoded = try Self.decodeBothWays(content)

            #expect(decoded.fast == decoded.reference, "\(content)")
        }
    }

    /// A backslash at every offset of a 17-byte run, so that it falls in each byte of a word and in the tail.
    @Test(arguments: 0..<17)
    func unescapedFindsAnEscapeAtEveryOffset(offset: Int) throws {
        var content = Array(repeating: "x", count: 17)
        content[offset] = "\\n"
        let decoded = try Self.decodeBothWays(content.joined())

        #expect(decoded.fast == decoded.reference)
        #expect(decoded.fast.utf8.count == 17)
    }
}

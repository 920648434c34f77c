import Testing
@testable import AzureLogs

/// Scans `bytes` as one whole JSON document and returns the value's span and its content text.
private func scanDocument(_ bytes: [UInt8]) throws(JSONSyntaxError) -> (span: JSONValueSpan, text: String) {
    var result: Result<(JSONValueSpan, String), JSONSyntaxError>!
    bytes.withUnsafeBufferPointer { buffer in
        var scanner = JSONScanner(buffer)
        result = Result { () throws(JSONSyntaxError) in
            scanner.skipWhitespace()
            let span = try scanner.scanValue()
            scanner.skipWhitespace()
            if !scanner.isAtEnd {
                throw JSONSyntaxError(.unexpectedByte(buffer[scanner.position], expected: .endOfInput), at: scanner.position)
            }
            return (span, JSONText.contentValue(span, in: buffer))
        }
    }
    return try result.get()
}

private func scanDocument(_ text: String) throws(JSONSyntaxError) -> (span: JSONValueSpan, text: String) {
    try scanDocument(Array(text.utf8))
}

/// Returns the error scanning `bytes` throws, or nil when it succeeds.
private func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
    do {
        _ = try scanDocument(bytes)
        return nil
    } catch {
        return error
    }
}

private func syntaxError(_ text: String) -> JSONSyntaxError? {
    syntaxError(Array(text.utf8))
}

struct RejectionCase: Sendable, CustomTestStringConvertible {
    var input: [UInt8]
    var reason: JSONSyntaxError.Reason
    var offset: Int
    var testDescription: String

    init(_ text: String, _ reason: JSONSyntaxError.Reason, at offset: Int) {
        self.init(bytes: Array(text.utf8), reason, at: offset, name: text)
    }

    init(bytes: [UInt8], _ reason: JSONSyntaxError.Reason, at offset: Int, name: String) {
        input = bytes
        self.reason = reason
        self.offset = offset
        testDescription = name
    }
}

let rejectionCases: [RejectionCase] = [
    // Truncated input.
    RejectionCase(#"{"a":1"#, .unexpectedEndOfInput, at: 6),
    RejectionCase(#"{"a":"#, .unexpectedEndOfInput, at: 5),
    RejectionCase("[1, 2", .unexpectedEndOfInput, at: 5),
    RejectionCase("", .unexpectedEndOfInput, at: 0),
    RejectionCase("tru", .unexpectedEndOfInput, at: 3),
    RejectionCase("1.", .unexpectedEndOfInput, at: 2),
    RejectionCase("-", .unexpectedEndOfInput, at: 1),
    // Trailing garbage.
    RejectionCase("{} x", .unexpectedByte(UInt8(ascii: "x"), expected: .endOfInput), at: 3),
    RejectionCase(#"{"a":1}}"#, .unexpectedByte(UInt8(ascii: "}"), expected: .endOfInput), at: 7),
    RejectionCase("1 2", .unexpectedByte(UInt8(ascii: "2"), expected: .endOfInput), at: 2),
    // Unterminated strings.
    RejectionCase(#""abc"#, .unterminatedString, at: 4),
    RejectionCase(#"{"key"#, .unterminatedString, at: 5),
    RejectionCase(#""abc\"#, .unterminatedString, at: 5),
    RejectionCase(#""\u12"#, .unterminatedString, at: 5),
    // Invalid escapes.
    RejectionCase(#""a\qb""#, .invalidEscape(UInt8(ascii: "q")), at: 2),
    RejectionCase(#""\x41""#, .invalidEscape(UInt8(ascii: "x")), at: 1),
    RejectionCase(#""\'""#, .invalidEscape(UInt8(ascii: "'")), at: 1),
    RejectionCase(#""\u00G1""#, .invalidUnicodeEscape, at: 1),
    // Lone surrogates.
    RejectionCase(#""\uD800""#, .loneSurrogate(0xD800), at: 1),
    RejectionCase(#""x\uDBFFy""#, .loneSurrogate(0xDBFF), at: 2),
    RejectionCase(#""\uDC00""#, .loneSurrogate(0xDC00), at: 1),
    RejectionCase(#""\uD83D\u0041""#, .loneSurrogate(0xD83D), at: 1),
    RejectionCase(#""\uD83D\n""#, .loneSurrogate(0xD83D), at: 1),
    // Leading zeros and other malformed numbers.
    RejectionCase("01", .leadingZero, at: 0),
    RejectionCase("-007", .leadingZero, at: 1),
    RejectionCase("[00]", .leadingZero, at: 1),
    RejectionCase("1.e5", .unexpectedByte(UInt8(ascii: "e"), expected: .digit), at: 2),
    RejectionCase("1e+", .unexpectedEndOfInput, at: 3),
    RejectionCase("-a", .unexpectedByte(UInt8(ascii: "a"), expected: .digit), at: 1),
    RejectionCase(".5", .unexpectedByte(UInt8(ascii: "."), expected: .value), at: 0),
    RejectionCase("+1", .unexpectedByte(UInt8(ascii: "+"), expected: .value), at: 0),
    // Control characters inside strings.
    RejectionCase("\"a\nb\"", .controlCharacterInString(0x0A), at: 2),
    RejectionCase("\"\t\"", .controlCharacterInString(0x09), at: 1),
    RejectionCase(bytes: [0x22, 0x00, 0x22], .controlCharacterInString(0x00), at: 1, name: "NUL in string"),
    // Invalid UTF-8.
    RejectionCase(bytes: [0x22, 0xFF, 0x22], .invalidUTF8(0xFF), at: 1, name: "byte 0xFF"),
    RejectionCase(bytes: [0x22, 0xC0, 0x80, 0x22], .invalidUTF8(0xC0), at: 1, name: "overlong NUL"),
    RejectionCase(bytes: [0x22, 0xE0, 0x80, 0x80, 0x22], .invalidUTF8(0xE0), at: 1, name: "overlong 3-byte form"),
    RejectionCase(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8(0xED), at: 1, name: "encoded surrogate"),
    RejectionCase(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8(0xF4), at: 1, name: "above U+10FFFF"),
    RejectionCase(bytes: [0x22, 0x61, 0xC3, 0x22], .invalidUTF8(0xC3), at: 2, name: "truncated sequence"),
    RejectionCase(bytes: [0x22, 0x80, 0x22], .invalidUTF8(0x80), at: 1, name: "lone continuation byte"),
    // Structure.
    RejectionCase("[1,]", .unexpectedByte(UInt8(ascii: "]"), expected: .value), at: 3),
    RejectionCase(#"{"a":1,}"#, .unexpectedByte(UInt8(ascii: "}"), expected: .objectKey), at: 7),
    RejectionCase(#"{"a" 1}"#, .unexpectedByte(UInt8(ascii: "1"), expected: .colon), at: 5),
    RejectionCase(#"{"a":1 "b":2}"#, .unexpectedByte(UInt8(ascii: "\""), expected: .commaOrObjectEnd), at: 7),
    RejectionCase("[1 2]", .unexpectedByte(UInt8(ascii: "2"), expected: .commaOrArrayEnd), at: 3),
    RejectionCase("{'a':1}", .unexpectedByte(UInt8(ascii: "'"), expected: .objectKey), at: 1),
    RejectionCase("{a:1}", .unexpectedByte(UInt8(ascii: "a"), expected: .objectKey), at: 1),
    RejectionCase("[nul]", .unexpectedByte(UInt8(ascii: "]"), expected: .value), at: 4),
    RejectionCase("[True]", .unexpectedByte(UInt8(ascii: "T"), expected: .value), at: 1),
    RejectionCase("[1}", .unexpectedByte(UInt8(ascii: "}"), expected: .commaOrArrayEnd), at: 2),
]

@Suite struct JSONScannerTests {
    @Test(arguments: rejectionCases)
    func scanRejectsInvalidJSONAtOffset(_ testCase: RejectionCase) {
        let error = syntaxError(testCase.input)

        #expect(error?.reason == testCase.reason)
        #expect(error?.offset == testCase.offset)
    }

    @Test func stringDecodesEveryEscape() throws {
        let result = try scanDocument(#""q\"b\\s\/b\bf\fn\nr\rt\tu\u0041\u00e9\u20AC""#)

        #expect(result.span.kind == .string)
        #expect(result.span.needsRewrite)
        #expect(result.text == "q\"b\\s/b\u{8}f\u{C}n\nr\rt\tuAé€")
    }

    @Test func stringDecodesSurrogatePairs() throws {
        #expect(try scanDocument(#""\uD83D\uDE00""#).text == "😀")
        #expect(try scanDocument(#""\ud834\udd1e clef""#).text == "𝄞 clef")
        #expect(try scanDocument(#""\uDBFF\uDFFF""#).text == "\u{10FFFF}")
    }

    /// The string scan skips 8 plain bytes at a time, so place each special byte at every offset of a word.
    @Test func stringFindsSpecialBytesAtEveryOffset() throws {
        for length in 1...20 {
            for position in 0..<length {
                var plain = Array(repeating: UInt8(ascii: "a"), count: length)
                let expected = String(decoding: plain, as: UTF8.self)

                #expect(try scanDocument([0x22] + plain + [0x22]).text == expected)

                plain[position] = 0x0A
                let control = syntaxError([0x22] + plain + [0x22])
                #expect(control == JSONSyntaxError(.controlCharacterInString(0x0A), at: position + 1))

                var escaped = Array(repeating: UInt8(ascii: "a"), count: length)
                escaped.replaceSubrange(position..<(position + 1), with: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                var decoded = Array(repeating: Character("a"), count: length)
                decoded[position] = "\""
                #expect(try scanDocument([0x22] + escaped + [0x22]).text == String(decoded))

                var accented = Array(repeating: UInt8(ascii: "a"), count: length)
                accented.replaceSubrange(position..<(position + 1), with: Array("é".utf8))
                decoded[position] = "é"
                #expect(try scanDocument([0x22] + accented + [0x22]).text == String(decoded))

                let unterminated = syntaxError([0x22] + Array(repeating: UInt8(ascii: "a"), count: length))
                #expect(unterminated == JSONSyntaxError(.unterminatedString, at: length + 1))
            }
        }
    }

    @Test func stringDecodesNULEscape() throws {
        #expect(try scanDocument(#""a\u0000b""#).text == "a\u{0}b")
    }

    @Test func stringKeepsRawUTF8() throws {
        let result = try scanDocument(#""Zoë Ünal (テスト) ™ 😀""#)

        #expect(result.span.needsRewrite == false)
        #expect(result.text == "Zoë Ünal (テスト) ™ 😀")
    }

    @Test func numbersKeepTheirText() throws {
        for number in ["0", "-0", "42", "-12.5e+3", "1E5", "0.25", "6.02e-23", "-9007199254740993", "1e400"] {
            let result = try scanDocument(number)
            #expect(result.span.kind == .number, "\(number)")
            #expect(result.text == number)
        }
    }

    @Test func literalsKeepTheirText() throws {
        #expect(try scanDocument("true").span.kind == .trueLiteral)
        #expect(try scanDocument("false").text == "false")
        #expect(try scanDocument("null").text == "null")
    }

    @Test func whitespaceAroundValueIsAllowed() throws {
        let result = try scanDocument(" \t\r\n {\"a\" : 1} \n")

        #expect(result.span.start == 5)
        #expect(result.text == #"{"a":1}"#)
    }

    @Test func compactRemovesWhitespaceOutsideStrings() throws {
        let source = """
            {
              "a" : [ 1 , 2.5 , { } , [ ] ],
              "b" : "x y \\" } ",
              "c\\u0041" : { "d" : null }
            }
            """
        let result = try scanDocument(source)

        #expect(result.span.needsRewrite)
        #expect(result.text == #"{"a":[1,2.5,{},[]],"b":"x y \" } ","c\u0041":{"d":null}}"#)
    }

    @Test func compactReturnsCompactInputUnchanged() throws {
        let source = #"{"a":[1,{"b":"c d"}],"e":"\n"}"#
        let result = try scanDocument(source)

        #expect(result.span.needsRewrite == false)
        #expect(result.text == source)
    }

    @Test func deepNestingWithinLimitIsAccepted() throws {
        let depth = JSONScanner.maximumNestingDepth
        let source = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let result = try scanDocument(source)

        #expect(result.span.kind == .array)
        #expect(result.span.end == source.utf8.count)
    }

    @Test func deepNestingOfObjectsIsAccepted() throws {
        let source = String(repeating: #"{"a":"#, count: 500) + "{}" + String(repeating: "}", count: 500)

        #expect(try scanDocument(source).text == source)
    }

    @Test func nestingBeyondLimitIsRejected() {
        let depth = JSONScanner.maximumNestingDepth + 1
        let source = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = syntaxError(source)

        #expect(error?.reason == .nestingTooDeep(limit: JSONScanner.maximumNestingDepth))
        #expect(error?.offset == JSONScanner.maximumNestingDepth)
    }

    @Test func memberIterationVisitsKeysInOrder() throws {
        let bytes = Array(#" { "b" : 1 , "a" : [2] , "c" : {} } "#.utf8)
        var keys: [String] = []
        var values: [String] = []

        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var scanner = JSONScanner(buffer)
            try scanner.enterObject()
            var isFirst = true
            while let key = try scanner.nextMemberKey(isFirst: &isFirst) {
                keys.append(JSONText.unescaped(key, in: buffer))
                values.append(JSONText.contentValue(try scanner.scanValue(), in: buffer))
            }
            #expect(scanner.depth == 0)
        }

        #expect(keys == ["b", "a", "c"])
        #expect(values == ["1", "[2]", "{}"])
    }

    @Test func errorDescriptionsNameTheProblem() {
        #expect(syntaxError("{'a':1}")?.description == "expected an object key string, found '''")
        #expect(syntaxError(#""\uDC00""#)?.description == #"lone UTF-16 surrogate \uDC00 in string"#)
        #expect(syntaxError("\"a\nb\"")?.description == "unescaped control character U+000A in string")
        #expect(syntaxError([0x22, 0xFF, 0x22])?.description == "invalid UTF-8 sequence starting with byte 0xFF")
        #expect(syntaxError("{} x")?.description == "expected the end of the input after the JSON value, found 'x'")
        #expect(syntaxError("[1 ]]")?.description == "expected the end of the input after the JSON value, found ']'")
    }
}

/// The word-at-a-time test that finds the first byte a string scan must look at.
@Suite struct SpecialStringByteTests {
    /// Returns the offset of the first quote, backslash, control or non-ASCII byte, or nil.
    private func firstSpecialOffset(_ bytes: [UInt8]) -> Int? {
        bytes.firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 }
    }

    private func maskOffset(_ bytes: [UInt8]) -> Int? {
        let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
        let mask = JSONScanner.specialStringBytes(word)
        return mask == 0 ? nil : mask.trailingZeroBitCount / 8
    }

    @Test func specialByteFoundAtEveryOffset() {
        for offset in 0..<8 {
            for value in 0...255 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                bytes[offset] = UInt8(value)
                // A second special byte above the first must not move the result.
                if offset < 7 { bytes[7] = 0x22 }
                #expect(maskOffset(bytes) == firstSpecialOffset(bytes), "byte \(value) at offset \(offset)")
            }
        }
    }

    @Test func plainWordHasNoSpecialByte() {
        #expect(maskOffset(Array("abcd 1~]".utf8)) == nil)
        #expect(maskOffset([0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x7F, 0x41]) == nil)
    }

    @Test func randomWordsMatchByteScan() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            // Mostly plain ASCII, with an occasional special byte, like JSON string content.
            let bytes = (0..<8).map { _ -> UInt8 in
                UInt8.random(in: 0...15, using: &generator) == 0
                    ? UInt8.random(in: 0...255, using: &generator) : UInt8.random(in: 0x20...0x7E, using: &generator)
            }
            #expect(maskOffset(bytes) == firstSpecialOffset(bytes), "bytes \(bytes)")
        }
    }
}


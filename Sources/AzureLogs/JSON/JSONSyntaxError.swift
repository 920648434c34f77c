/// A violation of the JSON grammar (RFC 8259), with the byte offset where the scanner stopped.
struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    /// The token the scanner expected where it found something else.
    enum Expectation: Equatable, Sendable {
        case value
        case objectKey
        case colon
        case commaOrObjectEnd
        case commaOrArrayEnd
        case digit
        case endOfInput

        var phrase: String {
            switch self {
            case .value: "a value"
            case .objectKey: "an object key string"
            case .colon: "':' after the object key"
            case .commaOrObjectEnd: "',' or '}'"
            case .commaOrArrayEnd: "',' or ']'"
            case .digit: "a digit"
            case .endOfInput: "the end of the input after the JSON value"
            }
        }
    }

    enum Reason: Equatable, Sendable {
        case unexpectedEndOfInput
        case unexpectedByte(UInt8, expected: Expectation)
        case unterminatedString
        case invalidEscape(UInt8)
        case invalidUnicodeEscape
        /// A `\uXXXX` escape for a UTF-16 surrogate that is not part of a high-low pair.
        case loneSurrogate(UInt16)
        case controlCharacterInString(UInt8)
        case invalidUTF8(UInt8)
        case leadingZero
        case nestingTooDeep(limit: Int)
    }

    var reason: Reason
    /// Byte offset into the scanned buffer.
    var offset: Int

    /// Whether encoding repair (``EncodingRepair``) removes this kind of error: invalid UTF-8, a NUL byte in a
    /// string, a lone surrogate escape.
    var isRepairedByEncodingRepair: Bool {
        switch reason {
        case .invalidUTF8, .loneSurrogate, .controlCharacterInString(0): true
        default: false
        }
    }

    init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A short English description, without the offset.
    var description: String {
        switch reason {
        case .unexpectedEndOfInput:
            "unexpected end of input"
        case .unexpectedByte(let byte, let expected):
            "expected \(expected.phrase), found \(Self.describe(byte))"
        case .unterminatedString:
            "unterminated string"
        case .invalidEscape(let byte):
            "invalid escape sequence: backslash followed by \(Self.describe(byte))"
        case .invalidUnicodeEscape:
            "invalid \\u escape: expected 4 hexadecimal digits"
        case .loneSurrogate(let unit):
            "lone UTF-16 surrogate \\u\(Self.hex(unit, digits: 4)) in string"
        case .controlCharacterInString(let byte):
            "unescaped control character U+\(Self.hex(UInt16(byte), digits: 4)) in string"
        case .invalidUTF8(let byte):
            "invalid UTF-8 sequence starting with byte 0x\(Self.hex(UInt16(byte), digits: 2))"
        case .leadingZero:
            "number has a leading zero"
        case .nestingTooDeep(let limit):
            "objects and arrays nested deeper than \(limit) levels"
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte > 0x20 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x\(hex(UInt16(byte), digits: 2))"
    }

    private static func hex(_ value: UInt16, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

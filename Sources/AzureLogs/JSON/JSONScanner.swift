/// A validating JSON scanner (RFC 8259) over a borrowed byte buffer that builds no tree.
///
/// Each `scan` call checks the full syntax of one value, strings included (escapes, surrogate pairs, UTF-8
/// well-formedness, no raw control characters), moves `position` past it and returns its ``JSONValueSpan``.
/// Objects and arrays are checked with an explicit stack rather than recursion, so deep input cannot exhaust
/// the thread's stack. Member-by-member iteration for the few objects whose fields the caller needs lives in
/// `JSONScanner+Members.swift`.
///
/// The scanner does not own `bytes`: the caller keeps the buffer alive and unchanged while the scanner and
/// any span it returned are in use. Offsets in spans and errors are indexes into `bytes`.
struct JSONScanner {
    /// The deepest nesting of objects and arrays accepted, counted from where the scanner started.
    static let maximumNestingDepth = 1000

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    /// Containers opened by the member and element iteration functions and not yet closed.
    var depth = 0
    /// Open brackets (`{` or `[`) of the container being checked by ``scanContainer()``.
    private var containerStack: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// Skips JSON whitespace (space, tab, line feed, carriage return) and returns whether there was any.
    @inline(__always)
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = position
        let count = bytes.count
        while position < count {
            switch bytes[position] {
            case ASCII.space, ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn:
                position += 1
            default:
                return position != start
            }
        }
        return position != start
    }

    /// Returns the byte at `position`, or throws ``JSONSyntaxError/Reason/unexpectedEndOfInput`` at the end.
    @inline(__always)
    func currentByte() throws(JSONSyntaxError) -> UInt8 {
        guard position < bytes.count else {
            throw JSONSyntaxError(.unexpectedEndOfInput, at: position)
        }
        return bytes[position]
    }

    /// Scans the value that starts at `position` (no leading whitespace) and returns its span.
    mutating func scanValue() throws(JSONSyntaxError) -> JSONValueSpan {
        let byte = try currentByte()
        if byte == ASCII.openBrace || byte == ASCII.openBracket {
            return try scanContainer()
        }
        return try scanScalar(expected: .value)
    }

    /// Scans a string, number or literal at `position`; anything else is reported as not being `expected`.
    mutating func scanScalar(expected: JSONSyntaxError.Expectation) throws(JSONSyntaxError) -> JSONValueSpan {
        let byte = try currentByte()
        switch byte {
        case ASCII.quote:
            return try scanString()
        case ASCII.minus, ASCII.zero...ASCII.nine:
            return try scanNumber()
        case ASCII.lowercaseT:
            return try scanLiteral(ASCII.trueBytes, kind: .trueLiteral)
        case ASCII.lowercaseF:
            return try scanLiteral(ASCII.falseBytes, kind: .falseLiteral)
        case ASCII.lowercaseN:
            return try scanLiteral(ASCII.nullBytes, kind: .null)
        default:
            throw JSONSyntaxError(.unexpectedByte(byte, expected: expected), at: position)
        }
    }

    // MARK: Strings

    /// Scans the string whose opening quote is at `position`.
    mutating func scanString() throws(JSONSyntaxError) -> JSONValueSpan {
        let start = position
        let count = bytes.count
        var index = start + 1
        var hasEscapes = false
        // Not nil: the opening quote at `position` means the buffer is not empty.
        let base = UnsafeRawPointer(bytes.baseAddress!)

        while index < count {
            // Skip plain bytes 8 at a time and stop exactly at the first byte that needs a look.
            while index + 8 <= count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let special = Self.specialStringBytes(word)
                if special != 0 {
                    index += special.trailingZeroBitCount >> 3
                    break
                }
                index += 8
            }
            guard index < count else {
                break
            }

            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x80 && byte != ASCII.quote && byte != ASCII.backslash {
                // Only in the last 7 bytes of the buffer, where no whole word is left.
                index += 1
                continue
            }

            if byte == ASCII.quote {
                position = index + 1
                return JSONValueSpan(kind: .string, start: start, end: position, needsRewrite: hasEscapes)
            }
            if byte == ASCII.backslash {
                hasEscapes = true
                index = try endOfEscape(at: index)
                continue
            }
            if byte < 0x20 {
                throw JSONSyntaxError(.controlCharacterInString(byte), at: index)
            }
            index = try endOfUTF8Sequence(at: index)
        }
        throw JSONSyntaxError(.unterminatedString, at: count)
    }

    /// Returns a mask with the high bit set in the lowest byte of `word` (loaded little-endian) that is a quote,
    /// a backslash, a control character or a non-ASCII byte, or 0 when there is none. Bits above that byte may
    /// be set too, so only the lowest set bit is meaningful.
    ///
    /// Uses the bit trick for "some byte is zero": `(v - 0x01...01) & ~v & 0x80...80` has the high bit of the
    /// lowest zero byte of `v` set, and `(v - 0x20...20) & ~v & 0x80...80` that of the lowest byte below 0x20.
    /// A borrow only starts at such a byte, so no byte below it is marked.
    @inline(__always)
    static func specialStringBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* UInt64(ASCII.quote))
        let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
        let hasQuote = (quotes &- ones) & ~quotes
        let hasBackslash = (backslashes &- ones) & ~backslashes
        let hasControl = (word &- ones &* 0x20) & ~word
        return (hasQuote | hasBackslash | hasControl | word) & highBits
    }

    /// Checks the escape sequence whose backslash is at `index` and returns the index after it. A `\u` escape
    /// for a high surrogate must be followed by a `\u` escape for a low surrogate.
    private func endOfEscape(at index: Int) throws(JSONSyntaxError) -> Int {
        let count = bytes.count
        guard index + 1 < count else {
            throw JSONSyntaxError(.unterminatedString, at: count)
        }

        switch bytes[index + 1] {
        case ASCII.quote, ASCII.backslash, ASCII.slash, ASCII.lowercaseB, ASCII.lowercaseF, ASCII.lowercaseN,
             ASCII.lowercaseR, ASCII.lowercaseT:
            return index + 2
        case ASCII.lowercaseU:
            break
        case let other:
            throw JSONSyntaxError(.invalidEscape(other), at: index)
        }

        let unit = try hexCodeUnit(at: index)
        switch unit {
        case 0xD800...0xDBFF:
            guard index + 7 < count, bytes[index + 6] == ASCII.backslash, bytes[index + 7] == ASCII.lowercaseU else {
                throw JSONSyntaxError(.loneSurrogate(unit), at: index)
            }
            let low = try hexCodeUnit(at: index + 6)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONSyntaxError(.loneSurrogate(unit), at: index)
            }
            return index + 12
        case 0xDC00...0xDFFF:
            throw JSONSyntaxError(.loneSurrogate(unit), at: index)
        default:
            return index + 6
        }
    }

    /// Reads the four hexadecimal digits of the `\u` escape whose backslash is at `index`.
    private func hexCodeUnit(at index: Int) throws(JSONSyntaxError) -> UInt16 {
        guard index + 5 < bytes.count else {
            throw JSONSyntaxError(.unterminatedString, at: bytes.count)
        }
        var unit: UInt16 = 0
        for offset in 2...5 {
            guard let digit = ASCII.hexDigitValue(bytes[index + offset]) else {
                throw JSONSyntaxError(.invalidUnicodeEscape, at: index)
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// Checks the multi-byte UTF-8 sequence whose lead byte is at `index` and returns the index after it.
    ///
    /// Accepts exactly the well-formed sequences of the Unicode Standard (table 3-7): no overlong forms, no
    /// encoded surrogates, nothing above U+10FFFF.
    private func endOfUTF8Sequence(at index: Int) throws(JSONSyntaxError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw JSONSyntaxError(.invalidUTF8(lead), at: index)
        }

        guard index + length <= bytes.count, secondRange.contains(bytes[index + 1]) else {
            throw JSONSyntaxError(.invalidUTF8(lead), at: index)
        }
        for next in (index + 2)..<(index + length) where bytes[next] & 0xC0 != 0x80 {
            throw JSONSyntaxError(.invalidUTF8(lead), at: index)
        }
        return index + length
    }

    // MARK: Numbers and literals

    /// Scans `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` at `position`.
    private mutating func scanNumber() throws(JSONSyntaxError) -> JSONValueSpan {
        let start = position
        var index = start
        if bytes[index] == ASCII.minus {
            index += 1
        }

        let firstDigit = index
        index = try endOfDigits(from: index)
        if bytes[firstDigit] == ASCII.zero && index - firstDigit > 1 {
            throw JSONSyntaxError(.leadingZero, at: firstDigit)
        }

        if index < bytes.count && bytes[index] == ASCII.period {
            index = try endOfDigits(from: index + 1)
        }
        if index < bytes.count && (bytes[index] == ASCII.lowercaseE || bytes[index] == ASCII.uppercaseE) {
            index += 1
            if index < bytes.count && (bytes[index] == ASCII.plus || bytes[index] == ASCII.minus) {
                index += 1
            }
            index = try endOfDigits(from: index)
        }

        position = index
        return JSONValueSpan(kind: .number, start: start, end: index, needsRewrite: false)
    }

    /// Returns the index after a run of one or more ASCII digits starting at `index`.
    private func endOfDigits(from index: Int) throws(JSONSyntaxError) -> Int {
        guard index < bytes.count else {
            throw JSONSyntaxError(.unexpectedEndOfInput, at: index)
        }
        guard ASCII.isDigit(bytes[index]) else {
            throw JSONSyntaxError(.unexpectedByte(bytes[index], expected: .digit), at: index)
        }
        var end = index + 1
        while end < bytes.count && ASCII.isDigit(bytes[end]) {
            end += 1
        }
        return end
    }

    private mutating func scanLiteral(
        _ literal: StaticString, kind: JSONValueKind
    ) throws(JSONSyntaxError) -> JSONValueSpan {
        let start = position
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for (offset, expected) in text.enumerated() {
            let index = start + offset
            guard index < bytes.count else {
                throw JSONSyntaxError(.unexpectedEndOfInput, at: index)
            }
            guard bytes[index] == expected else {
                throw JSONSyntaxError(.unexpectedByte(bytes[index], expected: .value), at: index)
            }
        }
        position = start + text.count
        return JSONValueSpan(kind: kind, start: start, end: position, needsRewrite: false)
    }

    // MARK: Objects and arrays

    /// Scans the object or array whose opening bracket is at `position`, checking every nested value.
    private mutating func scanContainer() throws(JSONSyntaxError) -> JSONValueSpan {
        let start = position
        let kind: JSONValueKind = bytes[start] == ASCII.openBrace ? .object : .array
        var hasWhitespace = false
        containerStack.removeAll(keepingCapacity: true)
        try openContainer(bytes[start])
        var justOpened = true

        while true {
            // Expect a member (object) or an element (array), or the closing bracket right after the opening one.
            if skipWhitespace() { hasWhitespace = true }
            var byte = try currentByte()
            let inObject = containerStack[containerStack.count - 1] == ASCII.openBrace
            let closer = inObject ? ASCII.closeBrace : ASCII.closeBracket

            if justOpened && byte == closer {
                position += 1
                containerStack.removeLast()
                if containerStack.isEmpty {
                    return JSONValueSpan(kind: kind, start: start, end: position, needsRewrite: hasWhitespace)
                }
            } else {
                if inObject {
                    guard byte == ASCII.quote else {
                        throw JSONSyntaxError(.unexpectedByte(byte, expected: .objectKey), at: position)
                    }
                    _ = try scanString()
                    if skipWhitespace() { hasWhitespace = true }
                    try expect(ASCII.colon, .colon)
                    if skipWhitespace() { hasWhitespace = true }
                    byte = try currentByte()
                }
                if byte == ASCII.openBrace || byte == ASCII.openBracket {
                    try openContainer(byte)
                    justOpened = true
                    continue
                }
                _ = try scanScalar(expected: .value)
            }

            // After a value: a comma, or closing brackets that may end several containers at once.
            while true {
                if skipWhitespace() { hasWhitespace = true }
                let next = try currentByte()
                let open = containerStack[containerStack.count - 1]
                if next == ASCII.comma {
                    position += 1
                    justOpened = false
                    break
                }
                if next == (open == ASCII.openBrace ? ASCII.closeBrace : ASCII.closeBracket) {
                    position += 1
                    containerStack.removeLast()
                    if containerStack.isEmpty {
                        return JSONValueSpan(kind: kind, start: start, end: position, needsRewrite: hasWhitespace)
                    }
                    continue
                }
                let expected: JSONSyntaxError.Expectation =
                    open == ASCII.openBrace ? .commaOrObjectEnd : .commaOrArrayEnd
                throw JSONSyntaxError(.unexpectedByte(next, expected: expected), at: position)
            }
        }
    }

    private mutating func openContainer(_ bracket: UInt8) throws(JSONSyntaxError) {
        guard depth + containerStack.count < Self.maximumNestingDepth else {
            throw JSONSyntaxError(.nestingTooDeep(limit: Self.maximumNestingDepth), at: position)
        }
        containerStack.append(bracket)
        position += 1
    }

    /// Consumes `byte` at `position`, or throws that `expectation` was not met.
    mutating func expect(_ byte: UInt8, _ expectation: JSONSyntaxError.Expectation) throws(JSONSyntaxError) {
        let found = try currentByte()
        guard found == byte else {
            throw JSONSyntaxError(.unexpectedByte(found, expected: expectation), at: position)
        }
        position += 1
    }
}

/// Conversions from validated ``JSONValueSpan``s to Swift strings, or to UTF-8 bytes written into a caller's buffer.
///
/// Every function expects a span that ``JSONScanner`` returned for the same buffer; they do not re-check the
/// grammar. The returned strings own their storage, so they outlive the buffer.
enum JSONText {
    /// Returns the text a log content gets for a value: a string unescaped, a number or `true`/`false` as
    /// written, `null` as the text `null`, and an object or array as compact JSON (see ``compact(_:in:)``).
    static func contentValue(_ span: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch span.kind {
        case .string:
            unescaped(span, in: bytes)
        case .object, .array:
            compact(span, in: bytes)
        case .number, .trueLiteral, .falseLiteral, .null:
            verbatim(span.start..<span.end, in: bytes)
        }
    }

    /// Returns the bytes in `range` as a string.
    static func verbatim(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Returns the index of the first of `lowercasedNames` that the key `key` equals once its escapes are
    /// decoded and its ASCII letters lower-cased, or nil.
    static func indexOfName(
        matching key: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>, names lowercasedNames: [[UInt8]]
    ) -> Int? {
        if key.needsRewrite {
            var text = unescaped(key, in: bytes)
            return text.withUTF8 { keyBytes in
                lowercasedNames.firstIndex { ASCII.equalsIgnoringCase(keyBytes, $0) }
            }
        }
        let keyBytes = UnsafeBufferPointer(rebasing: bytes[(key.start + 1)..<(key.end - 1)])
        return lowercasedNames.firstIndex { ASCII.equalsIgnoringCase(keyBytes, $0) }
    }

    /// Returns the value of a string span with its escapes decoded (`\uXXXX` and surrogate pairs to UTF-8).
    static func unescaped(_ span: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        var nulCount = 0
        return decoded(span, in: bytes, replacingNUL: false, nulCount: &nulCount)
    }

    /// Returns ``unescaped(_:in:)`` with each escaped NUL (`\u0000`) decoded as U+FFFD instead, and adds the
    /// number replaced to `nulCount`.
    static func unescapedReplacingNUL(
        _ span: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>, nulCount: inout Int
    ) -> String {
        decoded(span, in: bytes, replacingNUL: true, nulCount: &nulCount)
    }

    private static func decoded(
        _ span: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>, replacingNUL: Bool, nulCount: inout Int
    ) -> String {
        guard span.needsRewrite else {
            return verbatim((span.start + 1)..<(span.end - 1), in: bytes)
        }
        return String(unsafeUninitializedCapacity: span.count - 2) { output in
            writeUnescaped(span, in: bytes, into: output, replacingNUL: replacingNUL, nulCount: &nulCount)
        }
    }

    /// Writes the value of a string span, escapes decoded as ``unescaped(_:in:)`` decodes them, to the start of
    /// `output` and returns the number of bytes written. `output` needs room for `span.count - 2` bytes, because
    /// every escape is at least as long as the UTF-8 it stands for. Bytes of `output` past the returned count may
    /// change too. With `replacingNUL`, an escaped NUL becomes U+FFFD and is counted in `nulCount`.
    static func writeUnescaped(
        _ span: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>,
        replacingNUL: Bool, nulCount: inout Int
    ) -> Int {
        let contentStart = span.start + 1
        let contentEnd = span.end - 1
        precondition(output.count >= contentEnd - contentStart, "output too small for the string")
        var written = 0
        var index = contentStart
        while index < contentEnd {
            if bytes[index] != ASCII.backslash {
                let runEnd = copyRun(from: bytes, at: index, end: contentEnd, to: output, at: written)
                written += runEnd - index
                index = runEnd
                continue
            }

            let escaped = bytes[index + 1]
            if escaped != ASCII.lowercaseU {
                output[written] = simpleEscapeValue(escaped)
                written += 1
                index += 2
                continue
            }

            var scalar = UInt32(hexCodeUnit(bytes, at: index))
            index += 6
            if (0xD800...0xDBFF).contains(scalar) {
                let low = UInt32(hexCodeUnit(bytes, at: index))
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                index += 6
            }
            if scalar == 0 && replacingNUL {
                scalar = 0xFFFD
                nulCount += 1
            }
            written += encodeUTF8(scalar, into: output, at: written)
        }
        return written
    }

    /// Copies the bytes from `start` up to the next backslash or `end` to `output` at `outputStart`, and returns
    /// where the copy stopped in `bytes`.
    ///
    /// Escaped text such as JSON in a string has runs of a few bytes between its escapes, so a call of `memcpy` per
    /// run costs more than the copy. This moves 8 bytes at a time and writes each word whole, past the run's
    /// end when the backslash is inside it. That stays within `output` because `output` has room for the whole
    /// content, and every byte written so far came from a byte at least as far into `bytes` (an escape is never
    /// shorter than what it decodes to). What follows the run overwrites the extra bytes, or they lie past the
    /// count that ``writeUnescaped(_:in:into:replacingNUL:nulCount:)`` returns.
    @inline(__always)
    private static func copyRun(
        from bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int,
        to output: UnsafeMutableBufferPointer<UInt8>, at outputStart: Int
    ) -> Int {
        let source = UnsafeRawPointer(bytes.baseAddress!)
        let target = UnsafeMutableRawPointer(output.baseAddress!)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = start
        var position = outputStart
        while index + 8 <= end {
            let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            target.storeBytes(of: word, toByteOffset: position, as: UInt64.self)
            let backslashes = UInt64(littleEndian: word) ^ (ones &* UInt64(ASCII.backslash))
            let found = (backslashes &- ones) & ~backslashes & highBits
            if found != 0 {
                return index + found.trailingZeroBitCount >> 3
            }
            index += 8
            position += 8
        }
        while index < end && bytes[index] != ASCII.backslash {
            output[position] = bytes[index]
            index += 1
            position += 1
        }
        return index
    }

    /// Returns an object or array as compact JSON: whitespace between tokens removed, string contents and
    /// their escapes kept exactly as written.
    static func compact(_ span: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard span.needsRewrite else {
            return verbatim(span.start..<span.end, in: bytes)
        }
        return String(unsafeUninitializedCapacity: span.count) { output in
            writeCompact(span, in: bytes, into: output)
        }
    }

    /// Writes ``compact(_:in:)`` of an object or array to the start of `output`, which needs room for
    /// `span.count` bytes, and returns the number of bytes written.
    static func writeCompact(
        _ span: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        precondition(output.count >= span.count, "output too small for the JSON text")
        var written = 0
        var index = span.start
        var inString = false
        while index < span.end {
            let byte = bytes[index]
            if inString {
                output[written] = byte
                written += 1
                if byte == ASCII.backslash {
                    // Copy the escaped byte too, so an escaped quote does not end the string.
                    output[written] = bytes[index + 1]
                    written += 1
                    index += 2
                    continue
                }
                inString = byte != ASCII.quote
            } else if byte == ASCII.quote {
                inString = true
                output[written] = byte
                written += 1
            } else if !ASCII.isWhitespace(byte) {
                output[written] = byte
                written += 1
            }
            index += 1
        }
        return written
    }

    /// Returns whether a string span's value equals `text`, decoding escapes only when the span has any.
    static func stringEquals(_ span: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        guard span.kind == .string else {
            return false
        }
        guard span.needsRewrite else {
            let content = UnsafeBufferPointer(rebasing: bytes[(span.start + 1)..<(span.end - 1)])
            return content.elementsEqual(text.utf8)
        }
        return unescaped(span, in: bytes) == text
    }

    private static func simpleEscapeValue(_ escaped: UInt8) -> UInt8 {
        switch escaped {
        case ASCII.lowercaseB: 0x08
        case ASCII.lowercaseF: 0x0C
        case ASCII.lowercaseN: ASCII.lineFeed
        case ASCII.lowercaseR: ASCII.carriageReturn
        case ASCII.lowercaseT: ASCII.tab
        default: escaped  // `"`, `\` and `/` stand for themselves.
        }
    }

    private static func hexCodeUnit(_ bytes: UnsafeBufferPointer<UInt8>, at backslash: Int) -> UInt16 {
        var unit: UInt16 = 0
        for offset in 2...5 {
            unit = unit << 4 | UInt16(ASCII.hexDigitValue(bytes[backslash + offset]) ?? 0)
        }
        return unit
    }

    /// Writes the UTF-8 form of a Unicode scalar value and returns the number of bytes written.
    private static func encodeUTF8(_ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            output[index] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[index] = UInt8(0xC0 | scalar >> 6)
            output[index + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[index] = UInt8(0xE0 | scalar >> 12)
            output[index + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[index + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[index] = UInt8(0xF0 | scalar >> 18)
            output[index + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[index + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[index + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}

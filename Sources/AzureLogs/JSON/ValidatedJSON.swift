/// Navigation inside JSON text that ``JSONScanner`` has already validated, such as a record's `properties`
/// object: values are skipped by their delimiters without checking their grammar again, which takes a fraction of
/// a validating scan.
///
/// On valid JSON every function returns exactly what the validating ``JSONObjectLookup`` function of the same
/// name returns. On other input the results are unspecified but memory-safe: every read is bounds-checked, and
/// text that does not have the expected delimiters gives nil.
enum ValidatedJSON {
    /// Returns, for each of `lowercasedNames`, the value span of the first member whose key matches it with ASCII
    /// letters compared case-insensitively, or nil where no key matches. Returns nil when the value at
    /// `objectStart` is not an object. Names are given as lower-case UTF-8 bytes.
    static func memberValues(
        in bytes: UnsafeBufferPointer<UInt8>, objectStart: Int, lowercasedNames: [[UInt8]]
    ) -> [JSONValueSpan?]? {
        var found = [JSONValueSpan?](repeating: nil, count: lowercasedNames.count)
        var cursor = Cursor(bytes: bytes, position: objectStart)
        cursor.skipWhitespace()
        guard cursor.consume(ASCII.openBrace) else {
            return nil
        }

        cursor.skipWhitespace()
        if cursor.consume(ASCII.closeBrace) {
            return found
        }
        while true {
            guard let key = cursor.skipString() else {
                return nil
            }
            cursor.skipWhitespace()
            guard cursor.consume(ASCII.colon) else {
                return nil
            }
            cursor.skipWhitespace()
            guard let value = cursor.skipValue() else {
                return nil
            }
            if let index = JSONText.indexOfName(matching: key, in: bytes, names: lowercasedNames), found[index] == nil {
                found[index] = value
            }

            cursor.skipWhitespace()
            if cursor.consume(ASCII.closeBrace) {
                return found
            }
            guard cursor.consume(ASCII.comma) else {
                return nil
            }
            cursor.skipWhitespace()
        }
    }

    /// A read position that skips values by their delimiters.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int

        mutating func skipWhitespace() {
            while position < bytes.count && ASCII.isWhitespace(bytes[position]) {
                position += 1
            }
        }

        /// Consumes `byte` when it is at `position`.
        mutating func consume(_ byte: UInt8) -> Bool {
            guard position < bytes.count && bytes[position] == byte else {
                return false
            }
            position += 1
            return true
        }

        /// Skips the value at `position` and returns its span, or nil at the end of the text.
        mutating func skipValue() -> JSONValueSpan? {
            guard position < bytes.count else {
                return nil
            }
            switch bytes[position] {
            case ASCII.quote:
                return skipString()
            case ASCII.openBrace, ASCII.openBracket:
                return skipContainer()
            case ASCII.lowercaseT:
                return skipScalar(.trueLiteral)
            case ASCII.lowercaseF:
                return skipScalar(.falseLiteral)
            case ASCII.lowercaseN:
                return skipScalar(.null)
            default:
                return skipScalar(.number)
            }
        }

        /// Skips the string whose opening quote is at `position`. A backslash skips the byte after it, which is
        /// enough to step over every escape, because the hex digits of `\uXXXX` are never a quote.
        mutating func skipString() -> JSONValueSpan? {
            guard position < bytes.count && bytes[position] == ASCII.quote else {
                return nil
            }
            let start = position
            let count = bytes.count
            let base = UnsafeRawPointer(bytes.baseAddress!)
            var index = start + 1
            var hasEscapes = false
            while index < count {
                if index + 8 <= count {
                    let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    let found = Self.quotesAndBackslashes(word)
                    if found == 0 {
                        index += 8
                        continue
                    }
                    index += found.trailingZeroBitCount >> 3
                }

                let byte = bytes[index]
                if byte == ASCII.quote {
                    position = index + 1
                    return JSONValueSpan(kind: .string, start: start, end: position, needsRewrite: hasEscapes)
                }
                if byte == ASCII.backslash {
                    hasEscapes = true
                    index += 2
                } else {
                    index += 1
                }
            }
            return nil
        }

        /// Skips the object or array whose opening bracket is at `position`, counting brackets outside strings.
        mutating func skipContainer() -> JSONValueSpan? {
            let start = position
            let kind: JSONValueKind = bytes[start] == ASCII.openBrace ? .object : .array
            var depth = 0
            var hasWhitespace = false
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case ASCII.quote:
                    guard skipString() != nil else {
                        return nil
                    }
                    continue
                case ASCII.openBrace, ASCII.openBracket:
                    depth += 1
                case ASCII.closeBrace, ASCII.closeBracket:
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return JSONValueSpan(kind: kind, start: start, end: position, needsRewrite: hasWhitespace)
                    }
                case ASCII.space, ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn:
                    hasWhitespace = true
                default:
                    break
                }
                position += 1
            }
            return nil
        }

        /// Skips a number or literal: everything up to the next comma, closing bracket or whitespace.
        mutating func skipScalar(_ kind: JSONValueKind) -> JSONValueSpan? {
            let start = position
            while position < bytes.count {
                switch bytes[position] {
                case ASCII.comma, ASCII.closeBrace, ASCII.closeBracket, ASCII.space, ASCII.tab, ASCII.lineFeed,
                     ASCII.carriageReturn:
                    return JSONValueSpan(kind: kind, start: start, end: position, needsRewrite: false)
                default:
                    position += 1
                }
            }
            return position > start ? JSONValueSpan(kind: kind, start: start, end: position, needsRewrite: false) : nil
        }

        /// Returns a mask with the high bit set in the lowest byte of `word` (loaded little-endian) that is a
        /// quote or a backslash, or 0; bits above that byte may be set too (see ``JSONScanner``).
        @inline(__always)
        private static func quotesAndBackslashes(_ word: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let quotes = word ^ (ones &* UInt64(ASCII.quote))
            let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
            let hasQuote = (quotes &- ones) & ~quotes
            let hasBackslash = (backslashes &- ones) & ~backslashes
            return (hasQuote | hasBackslash) & 0x8080_8080_8080_8080
        }
    }
}

/// The always-on repair of message text that strict JSON parsing rejected for its encoding, so that one bad
/// byte does not turn a whole message into a raw entry.
///
/// In one pass over the bytes:
/// - each invalid UTF-8 byte becomes U+FFFD (a well-formed sequence is copied, an ill-formed one is replaced
///   one byte at a time);
/// - a NUL byte inside a string becomes U+FFFD, and one outside strings (such as the terminator a C producer
///   sends along) is dropped;
/// - a `\u` escape of a lone UTF-16 surrogate becomes `\uFFFD`, as JavaScript writes for cut-off text.
///
/// Strings are tracked by their double quotes and backslash escapes, as JSON defines them.
struct EncodingRepair {
    /// The kinds of repair, in the order their names appear in `ehb_sanitized`.
    enum Kind: Int, CaseIterable {
        case invalidUTF8, nulByte, loneSurrogate

        /// The name in `ehb_sanitized`.
        var name: String {
            switch self {
            case .invalidUTF8: "invalid_utf8"
            case .nulByte: "nul_bytes"
            case .loneSurrogate: "lone_surrogates"
            }
        }
    }

    /// One repair: where in the repaired text it is, and what it replaced or dropped.
    struct Mark {
        /// The offset in ``EncodingRepair/bytes`` of the replacement, or of the byte after a dropped NUL.
        var offset: Int
        var kind: Kind
        /// Bytes the repair added here: 2 for a byte replaced by U+FFFD (3 bytes), -1 for a dropped NUL, 0 for
        /// an escape replaced by `\uFFFD`.
        var addedBytes: Int
    }

    /// Returns the offset in the text before repair of `offset` in the repaired text.
    static func originalOffset(of offset: Int, marks: [Mark]) -> Int {
        var original = offset
        for mark in marks {
            guard mark.offset < offset else { break }
            original -= mark.addedBytes
        }
        return max(original, 0)
    }

    /// The repaired text.
    var bytes: [UInt8]
    var invalidUTF8Sequences = 0
    var nulBytes = 0
    var loneSurrogates = 0
    /// Every repair, by offset.
    private(set) var marks: [Mark] = []

    /// Returns the names of the repairs made inside `range` of the repaired text, for `ehb_sanitized`:
    /// `invalid_utf8`, `nul_bytes`, `lone_surrogates`.
    static func names(of marks: [Mark], in range: Range<Int>) -> [String] {
        // The first mark at or after the range's start, by binary search; marks are in offset order.
        var low = 0
        var high = marks.count
        while low < high {
            let middle = (low + high) / 2
            if marks[middle].offset < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        var found = [Bool](repeating: false, count: Kind.allCases.count)
        var index = low
        while index < marks.count, marks[index].offset < range.upperBound {
            // A dropped NUL sits between two bytes; at the range's start it was before the range.
            let isDroppedBeforeRange = marks[index].addedBytes < 0 && marks[index].offset == range.lowerBound
            if !isDroppedBeforeRange {
                found[marks[index].kind.rawValue] = true
            }
            index += 1
        }
        return Kind.allCases.filter { found[$0.rawValue] }.map(\.name)
    }

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]
    private static let replacementEscape: [UInt8] = Array(#"\uFFFD"#.utf8)

    /// Returns the repaired text, or nil when there was nothing to repair.
    static func repair(_ input: UnsafeBufferPointer<UInt8>) -> EncodingRepair? {
        var result = EncodingRepair(bytes: [])
        result.bytes.reserveCapacity(input.count + 16)
        var inString = false
        var index = 0

        while index < input.count {
            let byte = input[index]
            if byte >= 0x80 {
                if let length = UTF8Validation.sequenceLength(at: index, in: input) {
                    result.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + length)]))
                    index += length
                } else {
                    result.marks.append(Mark(offset: result.bytes.count, kind: .invalidUTF8, addedBytes: 2))
                    result.bytes.append(contentsOf: replacementCharacter)
                    result.invalidUTF8Sequences += 1
                    index += 1
                }
                continue
            }

            if byte == 0 {
                result.marks.append(Mark(offset: result.bytes.count, kind: .nulByte, addedBytes: inString ? 2 : -1))
                if inString {
                    result.bytes.append(contentsOf: replacementCharacter)
                }
                result.nulBytes += 1
                index += 1
                continue
            }

            if inString && byte == ASCII.backslash {
                index = result.copyEscape(at: index, from: input)
                continue
            }
            if byte == ASCII.quote {
                inString.toggle()
            }
            result.bytes.append(byte)
            index += 1
        }

        let changed = result.invalidUTF8Sequences + result.nulBytes + result.loneSurrogates > 0
        return changed ? result : nil
    }

    /// Copies the escape whose backslash is at `index`, replacing a lone-surrogate `\u` escape, and returns
    /// the index after it. A surrogate pair is copied whole.
    private mutating func copyEscape(at index: Int, from input: UnsafeBufferPointer<UInt8>) -> Int {
        guard let unit = Self.hexCodeUnit(input, at: index) else {
            let end = min(index + 2, input.count)
            // A NUL or invalid byte right after the backslash is left for the main loop to handle.
            if end == index + 2, input[index + 1] == 0 || input[index + 1] >= 0x80 {
                bytes.append(ASCII.backslash)
                return index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
            return end
        }

        switch unit {
        case 0xD800...0xDBFF:
            if let low = Self.hexCodeUnit(input, at: index + 6), (0xDC00...0xDFFF).contains(low) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + 12)]))
                return index + 12
            }
            fallthrough
        case 0xDC00...0xDFFF:
            marks.append(Mark(offset: bytes.count, kind: .loneSurrogate, addedBytes: 0))
            bytes.append(contentsOf: Self.replacementEscape)
            loneSurrogates += 1
            return index + 6
        default:
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + 6)]))
            return index + 6
        }
    }

    /// Returns the code unit of a complete `\uXXXX` escape at `index`, or nil when there is none.
    private static func hexCodeUnit(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16? {
        guard index + 5 < input.count, input[index] == ASCII.backslash, input[index + 1] == ASCII.lowercaseU else {
            return nil
        }
        var unit: UInt16 = 0
        for offset in 2...5 {
            guard let digit = ASCII.hexDigitValue(input[index + offset]) else {
                return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }
}

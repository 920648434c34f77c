/// A text with the escapes of JSON, URLs and HTML decoded, and for each decoded byte the bytes of the original
/// text it came from, so that a secret found in the decoded text can be removed from the original.
///
/// Decoded in one pass, each escape on its own: JSON backslash escapes (`\/`, `\"`, `\uXXXX` with surrogate
/// pairs, and the others of RFC 8259), percent-encoding (`%2F` or `%2f`) and HTML character references
/// (`&#x2F;`, `&#47;`, `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`). Anything else, a lone surrogate
/// included, is copied as it is.
struct EscapedText {
    /// The decoded bytes.
    private(set) var bytes: [UInt8] = []
    /// For each decoded byte, the range of original bytes it came from.
    private var sources: [Range<Int>] = []

    /// Returns the decoded text, or nil when `text` has no escape to decode.
    static func decode(_ text: [UInt8]) -> EscapedText? {
        var decoded = EscapedText()
        decoded.bytes.reserveCapacity(text.count)
        decoded.sources.reserveCapacity(text.count)
        var changed = false
        var index = 0
        while index < text.count {
            if let (scalarBytes, length) = escape(in: text, at: index) {
                for byte in scalarBytes {
                    decoded.bytes.append(byte)
                    decoded.sources.append(index..<(index + length))
                }
                index += length
                changed = true
            } else {
                decoded.bytes.append(text[index])
                decoded.sources.append(index..<(index + 1))
                index += 1
            }
        }
        return changed ? decoded : nil
    }

    /// Returns the range of original bytes that the decoded bytes in `range` came from.
    func sourceRange(of range: Range<Int>) -> Range<Int> {
        sources[range.lowerBound].lowerBound..<sources[range.upperBound - 1].upperBound
    }

    /// Returns the bytes an escape at `index` stands for and its length in `text`, or nil when none starts there.
    private static func escape(in text: [UInt8], at index: Int) -> (bytes: [UInt8], length: Int)? {
        switch text[index] {
        case UInt8(ascii: "\\"):
            return backslashEscape(in: text, at: index)
        case UInt8(ascii: "%"):
            guard let high = hexValue(text, index + 1), let low = hexValue(text, index + 2) else {
                return nil
            }
            return ([UInt8(high << 4 | low)], 3)
        case UInt8(ascii: "&"):
            return characterReference(in: text, at: index)
        default:
            return nil
        }
    }

    private static func backslashEscape(in text: [UInt8], at index: Int) -> (bytes: [UInt8], length: Int)? {
        guard index + 1 < text.count else {
            return nil
        }
        switch text[index + 1] {
        case UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "\\"):
            return ([text[index + 1]], 2)
        case UInt8(ascii: "n"): return ([0x0A], 2)
        case UInt8(ascii: "r"): return ([0x0D], 2)
        case UInt8(ascii: "t"): return ([0x09], 2)
        case UInt8(ascii: "b"): return ([0x08], 2)
        case UInt8(ascii: "f"): return ([0x0C], 2)
        case UInt8(ascii: "u"):
            guard let unit = codeUnit(text, at: index) else {
                return nil
            }
            if (0xD800...0xDBFF).contains(unit), let low = codeUnit(text, at: index + 6), (0xDC00...0xDFFF).contains(low) {
                let value = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(low - 0xDC00)
                return Unicode.Scalar(value).map { (Array(String($0).utf8), 12) }
            }
            return Unicode.Scalar(UInt32(unit)).map { (Array(String($0).utf8), 6) }
        default:
            return nil
        }
    }

    private static let namedReferences: [(name: [UInt8], byte: UInt8)] = [
        (Array("amp;".utf8), UInt8(ascii: "&")), (Array("lt;".utf8), UInt8(ascii: "<")),
        (Array("gt;".utf8), UInt8(ascii: ">")), (Array("quot;".utf8), UInt8(ascii: "\"")),
        (Array("apos;".utf8), UInt8(ascii: "'")),
    ]

    private static func characterReference(in text: [UInt8], at index: Int) -> (bytes: [UInt8], length: Int)? {
        let rest = text[(index + 1)...]
        for reference in namedReferences where rest.starts(with: reference.name) {
            return ([reference.byte], 1 + reference.name.count)
        }
        guard rest.first == UInt8(ascii: "#") else {
            return nil
        }
        var cursor = index + 2
        let isHex = cursor < text.count && (text[cursor] == UInt8(ascii: "x") || text[cursor] == UInt8(ascii: "X"))
        if isHex {
            cursor += 1
        }
        var value: UInt32 = 0
        let digitsStart = cursor
        while cursor < text.count, cursor - digitsStart < 8 {
            let digit = isHex ? hexValue(text, cursor).map(UInt32.init) : decimalValue(text[cursor])
            guard let digit else {
                break
            }
            value = value * (isHex ? 16 : 10) + digit
            cursor += 1
        }
        guard cursor > digitsStart, cursor < text.count, text[cursor] == UInt8(ascii: ";"),
              let scalar = Unicode.Scalar(value)
        else {
            return nil
        }
        return (Array(String(scalar).utf8), cursor + 1 - index)
    }

    /// Returns the code unit of a `\uXXXX` escape at `index`, or nil.
    private static func codeUnit(_ text: [UInt8], at index: Int) -> UInt16? {
        guard index + 5 < text.count, text[index] == UInt8(ascii: "\\"), text[index + 1] == UInt8(ascii: "u") else {
            return nil
        }
        var unit: UInt16 = 0
        for offset in 2...5 {
            guard let digit = hexValue(text, index + offset) else {
                return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    private static func hexValue(_ text: [UInt8], _ index: Int) -> UInt8? {
        guard index < text.count else {
            return nil
        }
        switch text[index] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return text[index] - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return text[index] - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return text[index] - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func decimalValue(_ byte: UInt8) -> UInt32? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? UInt32(byte - UInt8(ascii: "0")) : nil
    }
}

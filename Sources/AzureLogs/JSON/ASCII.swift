/// ASCII byte values and classification helpers for byte-level parsing.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let period: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let uppercaseA: UInt8 = 0x41
    static let uppercaseE: UInt8 = 0x45
    static let uppercaseF: UInt8 = 0x46
    static let uppercaseZ: UInt8 = 0x5A
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let lowercaseA: UInt8 = 0x61
    static let lowercaseB: UInt8 = 0x62
    static let lowercaseE: UInt8 = 0x65
    static let lowercaseF: UInt8 = 0x66
    static let lowercaseN: UInt8 = 0x6E
    static let lowercaseR: UInt8 = 0x72
    static let lowercaseT: UInt8 = 0x74
    static let lowercaseU: UInt8 = 0x75
    static let lowercaseZ: UInt8 = 0x7A
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D

    static let trueBytes: StaticString = "true"
    static let falseBytes: StaticString = "false"
    static let nullBytes: StaticString = "null"

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- zero < 10
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == lineFeed || byte == carriageReturn
    }

    /// Returns the byte with ASCII letters A-Z mapped to a-z; other bytes, UTF-8 included, are unchanged.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- uppercaseA < 26 ? byte | 0x20 : byte
    }

    static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case zero...nine: byte - zero
        case uppercaseA...uppercaseF: byte - uppercaseA + 10
        case lowercaseA...lowercaseF: byte - lowercaseA + 10
        default: nil
        }
    }

    /// Writes `source` to the start of `output` with ASCII letters A-Z mapped to a-z, and returns true, or returns
    /// false as soon as it meets a byte that is not ASCII, with `output` partly written. `output` needs room for
    /// `source.count` bytes.
    ///
    /// Works 8 bytes at a time. In a word whose bytes are all below 0x80, adding 0x3F to each byte sets its high
    /// bit when it is at least `A`. Adding 0x25 sets it when the byte is above `Z`. Neither carries into the next
    /// byte. The bytes marked by the first sum and not the second are capitals, and their high bit shifted down by
    /// two is the 0x20 that lower-cases them.
    static func writeLowercased(_ source: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        precondition(output.count >= source.count, "output too small")
        guard let sourceBase = source.baseAddress, let outputBase = output.baseAddress else {
            return true
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index + 8 <= source.count {
            let word = UnsafeRawPointer(sourceBase + index).loadUnaligned(as: UInt64.self)
            guard word & highBits == 0 else {
                return false
            }
            let atLeastA = word &+ ones &* 0x3F
            let aboveZ = word &+ ones &* 0x25
            let capitals = atLeastA & ~aboveZ & highBits
            UnsafeMutableRawPointer(outputBase + index).storeBytes(of: word | (capitals >> 2), as: UInt64.self)
            index += 8
        }
        while index < source.count {
            let byte = source[index]
            guard byte < 0x80 else {
                return false
            }
            output[index] = lowercased(byte)
            index += 1
        }
        return true
    }

    /// Returns whether every byte of `bytes` is below 0x80, checking 8 bytes at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else {
            return true
        }
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var combined: UInt64 = 0
        var index = 0
        while index + 8 <= bytes.count {
            combined |= UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            combined |= UInt64(bytes[index])
            index += 1
        }
        return combined & highBits == 0
    }

    /// Returns whether `bytes` equals `lowercasedName` when ASCII letters in `bytes` are lower-cased.
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercasedName: [UInt8]) -> Bool {
        guard bytes.count == lowercasedName.count else {
            return false
        }
        // A plain loop: `for ... where` compiled to a lazy filter sequence here, which showed in profiles.
        var index = 0
        while index < bytes.count {
            if lowercased(bytes[index]) != lowercasedName[index] {
                return false
            }
            index += 1
        }
        return true
    }
}

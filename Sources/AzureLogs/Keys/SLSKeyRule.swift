/// The rule that makes any text a key SLS accepts and that is not one of its reserved names.
///
/// The SLS log data model allows keys of 1 to 128 bytes made of letters, digits and underscores that do not
/// start with a digit. This rule reads "letters" as ASCII letters. SLS reserves `__time__`, `__topic__`,
/// `__source__`, `__tag__:...`, `__raw__`, `__raw_log__`, `__partition_time__` and `_extract_others_`, and
/// names its own fields with a leading `__`.
///
/// Rewriting, applied only to keys that break the rule:
/// 1. Each character other than `A-Z`, `a-z`, `0-9` and `_` becomes `_` (`Client IP address` becomes
///    `Client_IP_address`, `café` becomes `caf_`).
/// 2. A key that starts with a digit gets a leading `_` (`1st` becomes `_1st`).
/// 3. The result is cut to the maximum key length.
/// 4. A key that starts with `__`, or is `_extract_others_`, gets the prefix `ehb` (`__time__` becomes
///    `ehb__time__`), so that no source key can pose as an SLS field, and is cut again.
/// 5. An empty key becomes `ehb_empty_key`.
///
/// A rewritten key that equals a key already in the entry gets the suffix `_2`, `_3`, and so on.
enum SLSKeyRule {
    static let emptyKeyReplacement = "ehb_empty_key"

    /// Returns whether `key` meets the rule unchanged.
    @inline(__always)
    static func isAcceptable(_ key: UnsafeBufferPointer<UInt8>, maximumBytes: Int) -> Bool {
        guard !key.isEmpty, key.count <= maximumBytes, !ASCII.isDigit(key[0]), hasOnlyKeyBytes(key) else {
            return false
        }
        if key.count >= 2 && key[0] == underscore && key[1] == underscore {
            return false
        }
        return key.count != 16 || !key.elementsEqual("_extract_others_".utf8)
    }

    /// Returns `key` rewritten to the rule; an acceptable key comes back unchanged.
    static func rewritten(_ key: String, maximumBytes: Int) -> String {
        var bytes = keyCharacterBytes(key)
        if bytes.isEmpty {
            return emptyKeyReplacement
        }
        if ASCII.isDigit(bytes[0]) {
            bytes.insert(underscore, at: 0)
        }
        if bytes.count > maximumBytes {
            bytes.removeSubrange(maximumBytes...)
        }
        // After the cut, because cutting `_extract_others_x` to 16 bytes would make the reserved name.
        if (bytes.count >= 2 && bytes[0] == underscore && bytes[1] == underscore) || bytes == extractOthers {
            bytes.insert(contentsOf: Array("ehb".utf8), at: 0)
            if bytes.count > maximumBytes {
                bytes.removeSubrange(maximumBytes...)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Returns `key`, or `key` with the first suffix `_2`, `_3`, ... that `isTaken` rejects, cut so that
    /// the result stays within `maximumBytes`. `key` must be ASCII, as ``rewritten(_:maximumBytes:)`` returns.
    static func unique(_ key: String, maximumBytes: Int, isTaken: (String) -> Bool) -> String {
        guard isTaken(key) else {
            return key
        }
        var number = 2
        while true {
            let suffix = "_\(number)"
            let base = key.utf8.count + suffix.utf8.count > maximumBytes
                ? String(key.utf8.prefix(maximumBytes - suffix.utf8.count))! : key
            let candidate = base + suffix
            if !isTaken(candidate) {
                return candidate
            }
            number += 1
        }
    }

    /// Returns `name` in the character set of the rule, for the part of a key after a fixed prefix such as
    /// `ehb_header_`. The caller cuts the result to length.
    static func keyCharacters(_ name: String) -> String {
        String(decoding: keyCharacterBytes(name), as: UTF8.self)
    }

    /// Returns the UTF-8 of `text` with each character outside the key set replaced by `_`.
    private static func keyCharacterBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            bytes.append(value < 0x80 && isKeyByte(UInt8(value)) ? UInt8(value) : underscore)
        }
        return bytes
    }

    /// Returns whether every byte of `key` is `0-9`, `A-Z`, `a-z` or `_`, checking 8 bytes at a time.
    ///
    /// A key of 8 bytes or more is read as whole words, the last one overlapping the one before it where the length
    /// is not a multiple of 8. A shorter key is copied into a word padded with `a`.
    static func hasOnlyKeyBytes(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = key.baseAddress.map(UnsafeRawPointer.init) else {
            return true
        }
        guard key.count >= 8 else {
            var word: UInt64 = 0x6161_6161_6161_6161
            withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(key)) }
            return isKeyWord(UInt64(littleEndian: word))
        }

        var offset = 0
        while offset + 8 < key.count {
            if !isKeyWord(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) {
                return false
            }
            offset += 8
        }
        return isKeyWord(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self)))
    }

    /// Returns whether all 8 bytes of `word` are key bytes.
    ///
    /// Each byte below 0x80 is tested against `0x30...0x39`, `0x61...0x7A` and `0x5F`. For letters, bit 0x20 is set
    /// first, which maps `A-Z` onto `a-z`. Adding `0x80 - low` sets a byte's high bit when the byte is at least
    /// `low`, and adding `0x7F - high` when it is above `high`. No sum leaves its byte, so bytes do not interact.
    @inline(__always)
    private static func isKeyWord(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        guard word & highBits == 0 else {
            return false
        }
        let digit = (word &+ ones &* (0x80 - 0x30)) & ~(word &+ ones &* (0x7F - 0x39))
        let folded = word | ones &* 0x20
        let letter = (folded &+ ones &* (0x80 - 0x61)) & ~(folded &+ ones &* (0x7F - 0x7A))
        // A byte that differs from `_` has a low bit set, and adding 0x7F carries it into the high bit.
        let difference = word ^ ones &* UInt64(underscore)
        let notUnderscore = difference &+ ones &* 0x7F
        return (digit | letter | ~notUnderscore) & highBits == highBits
    }

    private static let underscore: UInt8 = 0x5F
    private static let extractOthers: [UInt8] = Array("_extract_others_".utf8)

    /// Returns whether `byte` is `0-9`, `A-Z`, `a-z` or `_`, from two 64-bit masks over the ASCII range, so
    /// that the check per key byte is a shift and a test.
    @inline(__always)
    private static func isKeyByte(_ byte: UInt8) -> Bool {
        // Bits 0x30 to 0x39 (digits) of the bytes 0 to 63.
        let lowMask: UInt64 = 0x03FF_0000_0000_0000
        // Bits for 0x41 to 0x5A (A-Z), 0x5F (_) and 0x61 to 0x7A (a-z), counted from 64.
        let highMask: UInt64 = 0x07FF_FFFE_87FF_FFFE
        if byte < 64 {
            return lowMask >> UInt64(byte) & 1 != 0
        }
        return byte < 128 && highMask >> UInt64(byte - 64) & 1 != 0
    }
}

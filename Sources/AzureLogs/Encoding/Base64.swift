/// Standard base64 (RFC 4648, with padding), for bytes that cannot be shown as text.
enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let outputCount = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: outputCount) { output in
            var written = 0
            var index = 0
            while index + 3 <= bytes.count {
                let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                for shift in [18, 12, 6, 0] {
                    output[written] = alphabet[Int(group >> UInt32(shift) & 0x3F)]
                    written += 1
                }
                index += 3
            }

            let remaining = bytes.count - index
            if remaining > 0 {
                let second = remaining == 2 ? UInt32(bytes[index + 1]) : 0
                let group = UInt32(bytes[index]) << 16 | second << 8
                output[written] = alphabet[Int(group >> 18 & 0x3F)]
                output[written + 1] = alphabet[Int(group >> 12 & 0x3F)]
                output[written + 2] = remaining == 2 ? alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "=")
                output[written + 3] = UInt8(ascii: "=")
                written += 4
            }
            return written
        }
    }

    static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { encode($0) }
    }
}

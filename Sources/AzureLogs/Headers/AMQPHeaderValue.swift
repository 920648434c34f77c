/// The text of a Kafka header value, which is AMQP-encoded when an AMQP producer set it as an application
/// property, and plain bytes when a Kafka producer wrote it.
///
/// Event Hubs hands AMQP application properties to Kafka consumers as AMQP 1.0 encoded values (OASIS AMQP
/// 1.0, part 1, section 1.6): a constructor byte, then a fixed-width value or a length and the data. Rules,
/// in order:
/// 1. One byte `@`, `A`, `B`, `C` or `D` is the AMQP null, true, false, uint 0 or ulong 0: empty text,
///    `true`, `false`, `0`, `0`.
/// 2. Valid UTF-8 without control characters is plain text and used as it is. A fixed-width AMQP value whose
///    bytes are all printable, such as smallint 42 (`T*`), is read as text too, because reading text as a
///    number would lose it.
/// 3. A value whose constructor is known and whose length matches exactly is decoded. Strings and symbols
///    (str8, str32, sym8, sym32) give their UTF-8 text, booleans `true` or `false`, and the integer types
///    decimal text. Float and double give Swift's shortest decimal form, char the character, and
///    timestamps RFC 3339 text in UTC with milliseconds. A uuid gives lower-case 8-4-4-4-12 hex, and binary
///    (vbin8, vbin32) gives `base64:` and the data in base64.
/// 4. Other valid UTF-8 (with control characters) is used as it is.
/// 5. Anything else, unknown AMQP types (decimals, lists, maps, arrays, described types) included, is
///    `base64:` and the whole value in base64.
enum AMQPHeaderValue {
    /// Returns the text of a header value and whether it fell back to base64 of the whole value (rule 5). A
    /// NUL character in decoded text becomes U+FFFD.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, isBase64: Bool) {
        let decoded = rawText(bytes)
        return (NULReplacement.replacingNUL(in: decoded.text).text, decoded.isBase64)
    }

    private static func rawText(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, isBase64: Bool) {
        if bytes.count == 1, let text = singleByteValue(bytes[0]) {
            return (text, false)
        }
        let isUTF8 = UTF8Validation.isValid(bytes)
        if isUTF8 && !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            return (String(decoding: bytes, as: UTF8.self), false)
        }
        if let decoded = decode(bytes) {
            return (decoded, false)
        }
        if isUTF8 {
            return (String(decoding: bytes, as: UTF8.self), false)
        }
        return ("base64:" + Base64.encode(bytes), true)
    }

    private static func singleByteValue(_ byte: UInt8) -> String? {
        switch byte {
        case 0x40: ""
        case 0x41: "true"
        case 0x42: "false"
        case 0x43, 0x44: "0"
        default: nil
        }
    }

    /// Decodes a value of a known AMQP type whose length matches its constructor, or returns nil.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let constructor = bytes.first else {
            return nil
        }
        let payload = UnsafeBufferPointer(rebasing: bytes[1...])

        switch constructor {
        case 0x56:
            guard payload.count == 1, payload[0] <= 1 else { return nil }
            return payload[0] == 1 ? "true" : "false"
        case 0x50, 0x52, 0x53:
            guard payload.count == 1 else { return nil }
            return String(payload[0])
        case 0x51, 0x54, 0x55:
            guard payload.count == 1 else { return nil }
            return String(Int8(bitPattern: payload[0]))
        case 0x60:
            guard payload.count == 2 else { return nil }
            return String(UInt16(bigEndian(payload)))
        case 0x61:
            guard payload.count == 2 else { return nil }
            return String(Int16(bitPattern: UInt16(bigEndian(payload))))
        case 0x70:
            guard payload.count == 4 else { return nil }
            return String(UInt32(bigEndian(payload)))
        case 0x71:
            guard payload.count == 4 else { return nil }
            return String(Int32(bitPattern: UInt32(bigEndian(payload))))
        case 0x72:
            guard payload.count == 4 else { return nil }
            return String(Float(bitPattern: UInt32(bigEndian(payload))))
        case 0x73:
            guard payload.count == 4, let scalar = Unicode.Scalar(UInt32(bigEndian(payload))) else { return nil }
            return String(Character(scalar))
        case 0x80:
            guard payload.count == 8 else { return nil }
            return String(bigEndian(payload))
        case 0x81:
            guard payload.count == 8 else { return nil }
            return String(Int64(bitPattern: bigEndian(payload)))
        case 0x82:
            guard payload.count == 8 else { return nil }
            return String(Double(bitPattern: bigEndian(payload)))
        case 0x83:
            guard payload.count == 8 else { return nil }
            return UTCTimestamp(millisecondsSinceEpoch: Int64(bitPattern: bigEndian(payload))).rfc3339
        case 0x98:
            guard payload.count == 16 else { return nil }
            return uuidText(payload)
        case 0xA0, 0xB0:
            guard let data = sizedData(payload, lengthBytes: constructor == 0xA0 ? 1 : 4) else { return nil }
            return "base64:" + Base64.encode(data)
        case 0xA1, 0xA3, 0xB1, 0xB3:
            let lengthBytes = constructor == 0xA1 || constructor == 0xA3 ? 1 : 4
            guard let data = sizedData(payload, lengthBytes: lengthBytes), UTF8Validation.isValid(data) else {
                return nil
            }
            return String(decoding: data, as: UTF8.self)
        default:
            return nil
        }
    }

    /// Returns the data after a 1- or 4-byte big-endian length when the length matches the rest exactly.
    private static func sizedData(_ payload: UnsafeBufferPointer<UInt8>, lengthBytes: Int) -> UnsafeBufferPointer<UInt8>? {
        guard payload.count >= lengthBytes else {
            return nil
        }
        let length = bigEndian(UnsafeBufferPointer(rebasing: payload[..<lengthBytes]))
        guard length == UInt64(payload.count - lengthBytes) else {
            return nil
        }
        return UnsafeBufferPointer(rebasing: payload[lengthBytes...])
    }

    private static func bigEndian(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func uuidText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 {
                text.append(ASCII.minus)
            }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

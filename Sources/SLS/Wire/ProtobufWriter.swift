/// Writes protobuf primitives into memory whose size the caller computed in advance.
///
/// Every write checks that it stays inside the buffer and traps otherwise, so a wrong size computation
/// stops the process instead of corrupting memory.
struct ProtobufWriter {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var offset: Int

    init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
        self.offset = 0
    }

    /// Returns the number of bytes the varint encoding of `value` takes (1 to 10).
    static func varintSize(_ value: UInt64) -> Int {
        // Each byte carries 7 bits; a zero value still takes one byte.
        let significantBits = 64 - value.leadingZeroBitCount
        return max(1, (significantBits + 6) / 7)
    }

    /// Returns the size of a length-delimited field with a one-byte tag: tag, length varint and payload.
    static func lengthDelimitedFieldSize(payloadBytes: Int) -> Int {
        1 + varintSize(UInt64(payloadBytes)) + payloadBytes
    }

    mutating func writeByte(_ byte: UInt8) {
        precondition(offset < buffer.count, "protobuf write past the computed size")
        buffer[offset] = byte
        offset += 1
    }

    mutating func writeVarint(_ value: UInt64) {
        precondition(offset + Self.varintSize(value) <= buffer.count, "protobuf write past the computed size")
        var remaining = value
        while remaining >= 0x80 {
            buffer[offset] = UInt8(truncatingIfNeeded: remaining) | 0x80
            offset += 1
            remaining >>= 7
        }
        buffer[offset] = UInt8(remaining)
        offset += 1
    }

    /// Writes `value` as 4 little-endian bytes (protobuf `fixed32`).
    mutating func writeFixed32(_ value: UInt32) {
        precondition(offset + 4 <= buffer.count, "protobuf write past the computed size")
        for shift in stride(from: 0, to: 32, by: 8) {
            buffer[offset] = UInt8(truncatingIfNeeded: value >> UInt32(shift))
            offset += 1
        }
    }

    /// Writes `bytes` as they are.
    mutating func writeBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(offset + bytes.count <= buffer.count, "protobuf write past the computed size")
        (buffer.baseAddress! + offset).update(from: source, count: bytes.count)
        offset += bytes.count
    }

    /// Writes a length-delimited string field: tag, UTF-8 length and the UTF-8 bytes.
    mutating func writeStringField(tag: UInt8, _ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            writeByte(tag)
            writeVarint(UInt64(utf8.count))
            guard let source = utf8.baseAddress, utf8.count > 0 else { return }
            precondition(offset + utf8.count <= buffer.count, "protobuf write past the computed size")
            (buffer.baseAddress! + offset).update(from: source, count: utf8.count)
            offset += utf8.count
        }
    }
}

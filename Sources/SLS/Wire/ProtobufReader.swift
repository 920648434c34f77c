/// Reads protobuf primitives from one message inside a byte array, checking every length against the
/// message's end.
struct ProtobufReader {
    /// One field tag: its number, its wire type and the offset of its first byte.
    struct Tag {
        var fieldNumber: Int
        var wireType: UInt8
        var offset: Int
    }

    private let bytes: [UInt8]
    private let end: Int
    private(set) var offset: Int

    /// Creates a reader over `range` of `bytes`; offsets in errors stay relative to the whole array.
    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    var isAtEnd: Bool { offset >= end }

    /// Returns a reader over a nested message that occupies `range` of the same bytes.
    func nested(_ range: Range<Int>) -> ProtobufReader {
        ProtobufReader(bytes: bytes, range: range)
    }

    mutating func readVarint() throws(LogGroupDecodingError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw LogGroupDecodingError(.truncatedVarint, offset: start) }
            let byte = bytes[offset]
            offset += 1

            // The 10th byte may carry only the 64th bit.
            if shift == 63, byte & 0x7F > 1 { throw LogGroupDecodingError(.varintTooLong, offset: start) }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }

            shift += 7
            if shift > 63 { throw LogGroupDecodingError(.varintTooLong, offset: start) }
        }
    }

    mutating func readTag() throws(LogGroupDecodingError) -> Tag {
        let start = offset
        let key = try readVarint()
        let fieldNumber = key >> 3
        guard fieldNumber >= 1, fieldNumber <= (1 << 29) - 1 else {
            throw LogGroupDecodingError(.invalidFieldNumber(fieldNumber), offset: start)
        }
        return Tag(fieldNumber: Int(fieldNumber), wireType: UInt8(key & 7), offset: start)
    }

    /// Reads the length of a length-delimited field and returns the range of its payload, skipping past it.
    mutating func readLengthDelimited() throws(LogGroupDecodingError) -> Range<Int> {
        let start = offset
        let length = try readVarint()
        let available = end - offset
        guard length <= UInt64(available) else {
            throw LogGroupDecodingError(.lengthPastEnd(length: length, available: available), offset: start)
        }
        let payload = offset..<(offset + Int(length))
        offset = payload.upperBound
        return payload
    }

    /// Reads 4 little-endian bytes (protobuf `fixed32`).
    mutating func readFixed32() throws(LogGroupDecodingError) -> UInt32 {
        guard end - offset >= 4 else {
            throw LogGroupDecodingError(.truncatedFixedWidth(bytes: 4), offset: offset)
        }
        var value: UInt32 = 0
        for index in 0..<4 {
            value |= UInt32(bytes[offset + index]) << UInt32(8 * index)
        }
        offset += 4
        return value
    }

    /// Reads a length-delimited field as UTF-8 text.
    mutating func readString(field: String) throws(LogGroupDecodingError) -> String {
        let payload = try readLengthDelimited()
        guard let text = String(validating: bytes[payload], as: UTF8.self) else {
            throw LogGroupDecodingError(.invalidUTF8(field: field), offset: payload.lowerBound)
        }
        return text
    }

    /// Skips the value of a field that the schema does not know.
    mutating func skipValue(of tag: Tag) throws(LogGroupDecodingError) {
        switch tag.wireType {
        case LogGroupSchema.WireType.varint.rawValue:
            _ = try readVarint()
        case LogGroupSchema.WireType.fixed64.rawValue:
            try skipFixed(bytes: 8)
        case LogGroupSchema.WireType.lengthDelimited.rawValue:
            _ = try readLengthDelimited()
        case LogGroupSchema.WireType.fixed32.rawValue:
            try skipFixed(bytes: 4)
        default:
            throw LogGroupDecodingError(.unsupportedWireType(tag.wireType), offset: tag.offset)
        }
    }

    private mutating func skipFixed(bytes count: Int) throws(LogGroupDecodingError) {
        guard end - offset >= count else {
            throw LogGroupDecodingError(.truncatedFixedWidth(bytes: count), offset: offset)
        }
        offset += count
    }
}

/// A PutLogs body that is not a valid serialized LogGroup, with the byte offset where decoding stopped.
///
/// Offsets count from the first byte of the decoded (uncompressed) body. The SLS API rejects such bodies with
/// HTTP 400 `PostBodyInvalid`, or `InvalidEncoding` for text that is not UTF-8.
public struct LogGroupDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The message ends inside a varint.
        case truncatedVarint
        /// A varint has more than 10 bytes or does not fit in 64 bits.
        case varintTooLong
        /// The message ends inside a `fixed32` or `fixed64` value of `bytes` bytes.
        case truncatedFixedWidth(bytes: Int)
        /// A length-delimited field claims more bytes than the enclosing message has left.
        case lengthPastEnd(length: UInt64, available: Int)
        /// A tag carries field number 0 or a number above the protobuf maximum (2^29 - 1).
        case invalidFieldNumber(UInt64)
        /// A tag carries wire type 3 or 4 (groups, which no SLS schema uses) or the undefined 6 or 7.
        case unsupportedWireType(UInt8)
        /// A known field arrives with another wire type than the schema declares.
        case wrongWireType(field: String, wireType: UInt8)
        /// A `required` field of the schema is absent from its message.
        case missingRequiredField(String)
        /// A string field contains bytes that are not valid UTF-8.
        case invalidUTF8(field: String)
        /// A number does not fit its field: `Time` above 2^32 - 1, or `Time_ns` above 999,999,999.
        case valueOutOfRange(field: String, value: UInt64)
    }

    public var reason: Reason
    /// Byte offset of the tag, length or value at fault; for a missing field, the offset where its message starts.
    public var offset: Int

    public init(_ reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        "invalid LogGroup protobuf at byte offset \(offset): \(reasonText)"
    }

    private var reasonText: String {
        switch reason {
        case .truncatedVarint:
            "varint truncated by the end of the message"
        case .varintTooLong:
            "varint longer than 10 bytes or larger than 64 bits"
        case .truncatedFixedWidth(let bytes):
            "\(bytes)-byte fixed-width value truncated by the end of the message"
        case .lengthPastEnd(let length, let available):
            "length \(length) exceeds the \(available) bytes left in the message"
        case .invalidFieldNumber(let number):
            "invalid field number \(number)"
        case .unsupportedWireType(let wireType):
            "unsupported wire type \(wireType)"
        case .wrongWireType(let field, let wireType):
            "field \(field) has wire type \(wireType), which its schema type does not allow"
        case .missingRequiredField(let field):
            "required field \(field) is missing"
        case .invalidUTF8(let field):
            "field \(field) is not valid UTF-8"
        case .valueOutOfRange(let field, let value):
            "field \(field) has the out-of-range value \(value)"
        }
    }
}

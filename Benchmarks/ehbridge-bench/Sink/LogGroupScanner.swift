/// Reads from an encoded LogGroup only what the bench needs: for each log, the index of the Kafka message it came
/// from, taken from the last 12 hex digits of its `correlationId` content (see ``Corpus``).
///
/// It walks the protobuf fields without decoding strings: LogGroup field 1 is a Log, Log field 2 a Content, and
/// Content fields 1 and 2 its key and value.
enum LogGroupScanner {
    struct MalformedInput: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "the LogGroup is not valid protobuf at byte \(offset)" }
    }

    private static let markerKey = Array("correlationId".utf8)

    /// Returns one message index per log, in order; nil for a log without a correlationId of the corpus form.
    static func messageIndices(in bytes: [UInt8]) throws(MalformedInput) -> [Int?] {
        var indices: [Int?] = []
        var cursor = Cursor(bytes: bytes, range: 0..<bytes.count)
        while let field = try cursor.nextField() {
            if field.number == 1, let log = field.payload {
                indices.append(try messageIndex(inLog: bytes, range: log))
            }
        }
        return indices
    }

    private static func messageIndex(inLog bytes: [UInt8], range: Range<Int>) throws(MalformedInput) -> Int? {
        var cursor = Cursor(bytes: bytes, range: range)
        while let field = try cursor.nextField() {
            guard field.number == 2, let content = field.payload else { continue }

            var contentCursor = Cursor(bytes: bytes, range: content)
            var key: Range<Int>?
            var value: Range<Int>?
            while let part = try contentCursor.nextField() {
                if part.number == 1 { key = part.payload }
                if part.number == 2 { value = part.payload }
            }
            if let key, let value, bytes[key].elementsEqual(markerKey) {
                return parseIndex(bytes[value])
            }
        }
        return nil
    }

    /// Parses the last 12 characters of a GUID as a hexadecimal number.
    private static func parseIndex(_ guid: ArraySlice<UInt8>) -> Int? {
        guard guid.count == 36 else { return nil }
        var index = 0
        for byte in guid.suffix(12) {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            default: return nil
            }
            index = index * 16 + digit
        }
        return index
    }

    /// Walks the fields of one protobuf message.
    private struct Cursor {
        struct Field {
            var number: UInt64
            /// The bytes of a length-delimited field; nil for other wire types.
            var payload: Range<Int>?
        }

        let bytes: [UInt8]
        var position: Int
        let end: Int

        init(bytes: [UInt8], range: Range<Int>) {
            self.bytes = bytes
            self.position = range.lowerBound
            self.end = range.upperBound
        }

        mutating func nextField() throws(MalformedInput) -> Field? {
            guard position < end else { return nil }

            let tag = try readVarint()
            switch tag & 0x07 {
            case 0:
                _ = try readVarint()
                return Field(number: tag >> 3, payload: nil)
            case 1:
                return try skip(8, field: tag >> 3)
            case 5:
                return try skip(4, field: tag >> 3)
            case 2:
                let length = try readVarint()
                guard length <= UInt64(end - position) else { throw MalformedInput(offset: position) }
                let payload = position..<(position + Int(length))
                position += Int(length)
                return Field(number: tag >> 3, payload: payload)
            default:
                throw MalformedInput(offset: position)
            }
        }

        private mutating func skip(_ count: Int, field: UInt64) throws(MalformedInput) -> Field {
            guard end - position >= count else { throw MalformedInput(offset: position) }
            position += count
            return Field(number: field, payload: nil)
        }

        private mutating func readVarint() throws(MalformedInput) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < end && shift < 64 {
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            throw MalformedInput(offset: position)
        }
    }
}

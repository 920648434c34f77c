/// The encoding of Kafka headers in `dead_letters.kafka_headers`.
///
/// The blob starts with a version byte, 1. Each header follows in order: the name's length in bytes as an
/// unsigned 32-bit big-endian integer, the name in UTF-8, the value's length as a signed 32-bit big-endian
/// integer (-1 for a null value), and the value's raw bytes. An empty blob also decodes as no headers.
enum DeadLetterHeaderCoding {
    static let version: UInt8 = 1

    static func encode(_ headers: [DeadLetterHeader]) -> [UInt8] {
        var bytes: [UInt8] = [version]
        for header in headers {
            let name = Array(header.name.utf8)
            appendBigEndian(UInt32(name.count), to: &bytes)
            bytes.append(contentsOf: name)
            if let value = header.value {
                appendBigEndian(UInt32(value.count), to: &bytes)
                bytes.append(contentsOf: value)
            } else {
                appendBigEndian(UInt32(bitPattern: -1), to: &bytes)
            }
        }
        return bytes
    }

    /// Decodes headers, or returns a description of the first problem.
    static func decode(_ bytes: [UInt8]) -> Result<[DeadLetterHeader], DecodingProblem> {
        guard let first = bytes.first else { return .success([]) }
        guard first == version else {
            return .failure(DecodingProblem(text: "unknown header encoding version \(first)"))
        }

        var headers: [DeadLetterHeader] = []
        var offset = 1
        while offset < bytes.count {
            guard let nameLength = readBigEndian(bytes, at: &offset),
                  let nameBytes = read(bytes, count: Int(nameLength), at: &offset)
            else {
                return .failure(DecodingProblem(text: "header \(headers.count) is truncated in its name"))
            }
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                return .failure(DecodingProblem(text: "header \(headers.count) has a name that is not UTF-8"))
            }
            guard let valueLength = readBigEndian(bytes, at: &offset) else {
                return .failure(DecodingProblem(text: "header \(headers.count) is truncated in its value length"))
            }

            if Int32(bitPattern: valueLength) == -1 {
                headers.append(DeadLetterHeader(name: name, value: nil))
                continue
            }
            guard let value = read(bytes, count: Int(valueLength), at: &offset) else {
                return .failure(DecodingProblem(text: "header \(headers.count) is truncated in its value"))
            }
            headers.append(DeadLetterHeader(name: name, value: value))
        }
        return .success(headers)
    }

    struct DecodingProblem: Error {
        var text: String
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    private static func readBigEndian(_ bytes: [UInt8], at offset: inout Int) -> UInt32? {
        guard let slice = read(bytes, count: 4, at: &offset) else { return nil }
        return slice.reduce(0) { ($0 << 8) | UInt32($1) }
    }

    private static func read(_ bytes: [UInt8], count: Int, at offset: inout Int) -> [UInt8]? {
        guard count >= 0, count <= bytes.count - offset else { return nil }
        let slice = Array(bytes[offset..<offset + count])
        offset += count
        return slice
    }
}

/// The key/value contents of one log entry, in order, packed into one byte buffer.
///
/// The buffer contains the contents exactly as SLS's LogGroup protobuf encodes the `Contents` of a `Log`: for each
/// content, field 2 (tag byte `0x12`) with the length of a `Log.Content` message, which contains `Key` (field 1, tag
/// `0x0A`) and `Value` (field 2, tag `0x12`), each as a varint length and UTF-8 bytes. An encoder copies the buffer
/// into a `Log` message as it is, and an entry takes one allocation however many contents it has.
///
/// Build contents in a ``LogContentsBuffer``, or from strings with ``init(_:)``. Keys and values must be valid
/// UTF-8. Packing does not check for repeated keys; producers keep keys unique.
public struct PackedLogContents: Sendable, Equatable {
    /// The encoded contents.
    public let bytes: [UInt8]
    /// The number of contents.
    public let count: Int
    /// The UTF-8 bytes of all keys and values together, which is what SLS size limits count.
    public let textBytes: Int
    /// The UTF-8 bytes of the longest value.
    public let maximumValueBytes: Int

    /// No contents.
    public init() {
        self.init(encodedBytes: [], count: 0, textBytes: 0, maximumValueBytes: 0)
    }

    /// Packs `contents` in order.
    public init(_ contents: [LogContent]) {
        self = LogContentsBuffer(contents).makePackedContents()
    }

    /// Wraps bytes that ``LogContentsBuffer`` encoded, with their counts.
    init(encodedBytes: [UInt8], count: Int, textBytes: Int, maximumValueBytes: Int) {
        bytes = encodedBytes
        self.count = count
        self.textBytes = textBytes
        self.maximumValueBytes = maximumValueBytes
    }

    public var isEmpty: Bool { count == 0 }

    // MARK: Reading

    /// Calls `body` with the UTF-8 bytes of each key and value, in order. The buffers are only valid during the
    /// call.
    public func forEach(
        _ body: (_ key: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(buffer: buffer)
            while let (key, value) = reader.next() {
                try body(key, value)
            }
        }
    }

    /// The contents as strings, decoded from ``bytes``.
    public var contents: [LogContent] {
        bytes.withUnsafeBufferPointer { Self.decode($0, count: count) }
    }

    /// Returns the value of the first content with `key`, or nil.
    public func value(forKey key: String) -> String? {
        var key = key
        return key.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { buffer in
                var reader = Reader(buffer: buffer)
                while let (candidate, value) = reader.next() {
                    if candidate.elementsEqual(wanted) {
                        return String(decoding: value, as: UTF8.self)
                    }
                }
                return nil
            }
        }
    }

    /// Returns whether one of the first `prefixCount` contents (all of them by default) has `key`.
    public func containsKey(_ key: String, amongFirst prefixCount: Int = .max) -> Bool {
        bytes.withUnsafeBufferPointer { Self.containsKey(key, amongFirst: prefixCount, in: $0) }
    }

    // MARK: Encoding

    /// The tag byte of `Log.Contents`: field 2, length-delimited.
    static let contentTag: UInt8 = 0x12
    /// The tag byte of `Log.Content.Key`: field 1, length-delimited.
    static let keyTag: UInt8 = 0x0A
    /// The tag byte of `Log.Content.Value`: field 2, length-delimited.
    static let valueTag: UInt8 = 0x12

    /// Returns the bytes of a length-delimited field with a one-byte tag: tag, varint length and payload.
    @inline(__always)
    static func fieldBytes(payloadBytes: Int) -> Int {
        // Keys and most values are shorter than 128 or 16,384 bytes, whose lengths take one or two bytes. For those
        // the comparisons cost less than the division.
        if payloadBytes < 0x80 {
            return 2 + payloadBytes
        }
        if payloadBytes < 0x4000 {
            return 3 + payloadBytes
        }
        let significantBits = UInt.bitWidth - UInt(payloadBytes).leadingZeroBitCount
        return 1 + (significantBits + 6) / 7 + payloadBytes
    }

    static func decode(_ encoded: UnsafeBufferPointer<UInt8>, count: Int) -> [LogContent] {
        var contents: [LogContent] = []
        contents.reserveCapacity(count)
        var reader = Reader(buffer: encoded)
        while let (key, value) = reader.next() {
            contents.append(LogContent(String(decoding: key, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        return contents
    }

    static func containsKey(_ key: String, amongFirst prefixCount: Int, in encoded: UnsafeBufferPointer<UInt8>) -> Bool {
        var key = key
        return key.withUTF8 { wanted in
            var reader = Reader(buffer: encoded)
            var index = 0
            while index < prefixCount, let (candidate, _) = reader.next() {
                if candidate.elementsEqual(wanted) {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// Walks contents encoded by ``LogContentsBuffer``, which are well-formed by construction.
    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func next() -> (key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>)? {
            guard position < buffer.count else {
                return nil
            }
            position += 1
            _ = readVarint()
            position += 1
            let key = readBytes()
            position += 1
            let value = readBytes()
            return (key, value)
        }

        private mutating func readBytes() -> UnsafeBufferPointer<UInt8> {
            let length = readVarint()
            let start = position
            position += length
            return UnsafeBufferPointer(rebasing: buffer[start..<position])
        }

        private mutating func readVarint() -> Int {
            var value = 0
            var shift = 0
            while true {
                let byte = buffer[position]
                position += 1
                value |= Int(byte & 0x7F) << shift
                if byte < 0x80 {
                    return value
                }
                shift += 7
            }
        }
    }
}

/// A growable buffer that packs contents in the encoding of ``PackedLogContents``, for building one entry after
/// another in the same memory.
///
/// Appending writes the field tags, lengths and bytes straight into the buffer, with one capacity check per
/// content. ``makePackedContents()`` copies the result into a ``PackedLogContents`` of exactly its size, and
/// ``removeAll()`` empties the buffer while keeping its memory for the next entry. The buffer is a reference
/// type that one thread uses at a time; it is not `Sendable`.
public final class LogContentsBuffer {
    /// The buffer's mutable state, kept behind a pointer: a class's `var` properties would be checked for
    /// exclusive access at run time on every use, which costs more than the appends themselves.
    private struct State {
        var storage: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var byteCount = 0
        var count = 0
        var textBytes = 0
        var maximumValueBytes = 0
    }

    private let state: UnsafeMutablePointer<State>

    /// The encoded bytes written so far.
    public var byteCount: Int { state.pointee.byteCount }
    /// The number of contents.
    public var count: Int { state.pointee.count }
    /// The UTF-8 bytes of all keys and values together, which is what SLS size limits count.
    public var textBytes: Int { state.pointee.textBytes }
    /// The UTF-8 bytes of the longest value.
    public var maximumValueBytes: Int { state.pointee.maximumValueBytes }

    /// Creates an empty buffer with room for `capacity` encoded bytes.
    public init(capacity: Int = 4096) {
        let capacity = max(capacity, 64)
        state = UnsafeMutablePointer<State>.allocate(capacity: 1)
        state.initialize(to: State(storage: UnsafeMutablePointer<UInt8>.allocate(capacity: capacity), capacity: capacity))
    }

    /// Creates a buffer that contains `contents`, with room for little more.
    public convenience init(_ contents: [LogContent]) {
        self.init(capacity: contents.reduce(64) { $0 + $1.key.utf8.count + $1.value.utf8.count + 12 })
        append(contents)
    }

    deinit {
        state.pointee.storage.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Empties the buffer and keeps its memory.
    public func removeAll() {
        state.pointee.byteCount = 0
        state.pointee.count = 0
        state.pointee.textBytes = 0
        state.pointee.maximumValueBytes = 0
    }

    /// Makes room for `byteCount` encoded bytes in total.
    public func reserveCapacity(_ byteCount: Int) {
        guard byteCount > state.pointee.capacity else {
            return
        }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: byteCount)
        grown.initialize(from: state.pointee.storage, count: state.pointee.byteCount)
        state.pointee.storage.deallocate()
        state.pointee.storage = grown
        state.pointee.capacity = byteCount
    }

    // MARK: Appending

    /// Appends a content whose key and value are valid UTF-8 bytes, and returns the range of the value among the
    /// encoded bytes.
    @discardableResult
    public func append(key: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let valueStart = reserveContent(keyBytes: key, valueByteCount: value.count)
        if let valueBase = value.baseAddress {
            Self.copy(valueBase, count: value.count, to: state.pointee.storage + valueStart)
        }
        return valueStart..<(valueStart + value.count)
    }

    /// Writes the tags, lengths and key of a content whose value has `valueByteCount` bytes, and counts the
    /// content. Returns where its value starts, so that the caller writes the value there.
    private func reserveContent(keyBytes key: UnsafeBufferPointer<UInt8>, valueByteCount: Int) -> Int {
        let pairBytes = PackedLogContents.fieldBytes(payloadBytes: key.count)
            + PackedLogContents.fieldBytes(payloadBytes: valueByteCount)
        let contentBytes = PackedLogContents.fieldBytes(payloadBytes: pairBytes)
        if state.pointee.byteCount + contentBytes > state.pointee.capacity {
            reserveCapacity(max(state.pointee.byteCount + contentBytes, state.pointee.capacity * 2))
        }

        let storage = state.pointee.storage
        var position = state.pointee.byteCount
        storage[position] = PackedLogContents.contentTag
        position = Self.writeVarint(pairBytes, to: storage, at: position + 1)
        storage[position] = PackedLogContents.keyTag
        position = Self.writeVarint(key.count, to: storage, at: position + 1)
        if let keyBase = key.baseAddress {
            Self.copy(keyBase, count: key.count, to: storage + position)
        }
        position += key.count
        storage[position] = PackedLogContents.valueTag
        position = Self.writeVarint(valueByteCount, to: storage, at: position + 1)

        state.pointee.byteCount = position + valueByteCount
        state.pointee.count += 1
        state.pointee.textBytes += key.count + valueByteCount
        state.pointee.maximumValueBytes = max(state.pointee.maximumValueBytes, valueByteCount)
        return position
    }

    /// Appends a content.
    public func append(key: String, value: String) {
        // A native string, small ones included, lends its bytes directly. `withUTF8` needs a `var` copy, which
        // costs a retain and a release per string, so only a string without contiguous UTF-8 takes that path.
        let appended = key.utf8.withContiguousStorageIfAvailable { keyBytes in
            value.utf8.withContiguousStorageIfAvailable { valueBytes in
                _ = append(key: keyBytes, value: valueBytes)
            } != nil
        } ?? false
        if appended {
            return
        }
        var key = key
        var value = value
        key.withUTF8 { keyBytes in
            value.withUTF8 { valueBytes in
                _ = append(key: keyBytes, value: valueBytes)
            }
        }
    }

    /// Appends a content whose value of exactly `valueByteCount` bytes `writeValue` writes in place, as valid
    /// UTF-8, into the buffer it is given.
    public func append(
        key: String, valueByteCount: Int, writingValueWith writeValue: (UnsafeMutableBufferPointer<UInt8>) -> Void
    ) {
        func appendContent(_ keyBytes: UnsafeBufferPointer<UInt8>) {
            let valueStart = reserveContent(keyBytes: keyBytes, valueByteCount: valueByteCount)
            writeValue(UnsafeMutableBufferPointer(start: state.pointee.storage + valueStart, count: valueByteCount))
        }

        // As in append(key:value:), a native string lends its bytes without a copy.
        if key.utf8.withContiguousStorageIfAvailable(appendContent) == nil {
            var key = key
            key.withUTF8(appendContent)
        }
    }

    /// Appends every content of `contents`.
    public func append(_ contents: [LogContent]) {
        for content in contents {
            append(key: content.key, value: content.value)
        }
    }

    /// Copies `count` bytes that do not overlap the destination. Keys and many values are 4 to 16 bytes long, which
    /// two overlapping loads and stores copy in fewer instructions than a call to `memcpy`.
    @inline(__always)
    private static func copy(_ source: UnsafePointer<UInt8>, count: Int, to destination: UnsafeMutablePointer<UInt8>) {
        let input = UnsafeRawPointer(source)
        let output = UnsafeMutableRawPointer(destination)
        if count >= 8 && count <= 16 {
            let head = input.loadUnaligned(as: UInt64.self)
            let tail = input.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            output.storeBytes(of: head, as: UInt64.self)
            output.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 && count < 8 {
            let head = input.loadUnaligned(as: UInt32.self)
            let tail = input.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            output.storeBytes(of: head, as: UInt32.self)
            output.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
        } else if count < 4 {
            var index = 0
            while index < count {
                destination[index] = source[index]
                index += 1
            }
        } else {
            destination.update(from: source, count: count)
        }
    }

    @inline(__always)
    private static func writeVarint(_ value: Int, to storage: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        var position = start
        var remaining = UInt(value)
        while remaining >= 0x80 {
            storage[position] = UInt8(truncatingIfNeeded: remaining) | 0x80
            position += 1
            remaining >>= 7
        }
        storage[position] = UInt8(remaining)
        return position + 1
    }

    // MARK: Reading

    /// Calls `body` with the encoded bytes, which are only valid during the call.
    public func withEncodedBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: state.pointee.storage, count: state.pointee.byteCount))
    }

    /// Returns the bytes in `range` of the encoded bytes as a string, such as a value whose range ``append(key:value:)``
    /// returned.
    public func string(in range: Range<Int>) -> String {
        precondition(range.lowerBound >= 0 && range.upperBound <= byteCount, "range outside the written bytes")
        let start = state.pointee.storage + range.lowerBound
        return String(decoding: UnsafeBufferPointer(start: start, count: range.count), as: UTF8.self)
    }

    /// Returns whether one of the first `prefixCount` contents (all of them by default) has `key`.
    public func containsKey(_ key: String, amongFirst prefixCount: Int = .max) -> Bool {
        withEncodedBytes { PackedLogContents.containsKey(key, amongFirst: prefixCount, in: $0) }
    }

    /// The contents as strings, decoded.
    public var contents: [LogContent] {
        withEncodedBytes { PackedLogContents.decode($0, count: count) }
    }

    /// Returns a copy of the contents whose storage is exactly their size.
    public func makePackedContents() -> PackedLogContents {
        // Array(UnsafeBufferPointer) is specialized where it is called; Array(unsafeUninitializedCapacity:) goes
        // through the runtime's generic metadata look-up, which costs several hundred instructions per entry.
        let bytes = Array(UnsafeBufferPointer(start: state.pointee.storage, count: byteCount))
        return PackedLogContents(
            encodedBytes: bytes, count: count, textBytes: textBytes, maximumValueBytes: maximumValueBytes
        )
    }
}

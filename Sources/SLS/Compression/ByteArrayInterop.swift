extension Array where Element == UInt8 {
    /// Calls `body` with a pointer to the elements that is not null even when the array is empty, for C
    /// functions that reject a null source pointer whatever its length.
    func withNonNullPointer<Result>(_ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        withUnsafeBufferPointer { elements in
            if let base = elements.baseAddress {
                return body(base)
            }
            var placeholder: UInt8 = 0
            return withUnsafePointer(to: &placeholder) { body($0) }
        }
    }

    /// Returns a copy in new storage sized for `count` bytes.
    ///
    /// Compressors write into a worst-case buffer that can be several times larger than their output. The copy
    /// frees that extra capacity, which a request would otherwise keep until it is sent.
    func compacted() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { destination, initializedCount in
            withUnsafeBufferPointer { source in
                if let sourceBase = source.baseAddress, let destinationBase = destination.baseAddress {
                    destinationBase.initialize(from: sourceBase, count: source.count)
                }
            }
            initializedCount = count
        }
    }
}

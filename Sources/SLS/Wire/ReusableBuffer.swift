/// Growth of the byte arrays that encoders keep from one request to the next.
///
/// Batches are sealed when they reach `batching.max_bytes`, so consecutive LogGroups often differ by a few hundred
/// bytes. Growing in whole steps lets those batches reuse one buffer. New bytes are not zero-filled, because
/// filling touches every page while a compressor's output buffer needs room for the worst case and receives a
/// fraction of it.
enum ReusableBuffer {
    /// A grown buffer's count is a multiple of this many bytes.
    static let growthStep = 64 * 1024

    /// Replaces `buffer` with a larger one when it has fewer than `count` bytes. The new count is `count` rounded up
    /// to a multiple of ``growthStep``. Its bytes are left as the allocator returned them, not zeroed, and not
    /// copied from the old buffer: callers write every byte they read later.
    static func grow(_ buffer: inout [UInt8], toHold count: Int) {
        guard buffer.count < count else {
            return
        }
        let capacity = (count + growthStep - 1) / growthStep * growthStep
        // Release the old storage first, so that the old and the new buffer are never allocated at once.
        buffer = []
        // NOTE: this counts bytes that were never written as initialized, which the initializer's documentation
        // does not allow. UInt8 has no invalid values, and callers read only bytes they wrote.
        buffer = [UInt8](unsafeUninitializedCapacity: capacity) { _, initializedCount in
            initializedCount = capacity
        }
    }
}

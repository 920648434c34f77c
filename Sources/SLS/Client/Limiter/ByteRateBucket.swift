/// A token bucket of bytes: it fills at `bytesPerSecond` up to `capacityBytes`, and each request takes its size.
///
/// A request larger than the capacity is allowed once the bucket is full and leaves it in debt, so that no request
/// waits forever and the long-run rate still holds.
struct ByteRateBucket: Sendable, Equatable {
    let bytesPerSecond: Int
    let capacityBytes: Int
    private(set) var tokens: Double
    private var updatedAt: UInt64

    init(bytesPerSecond: Int, capacityBytes: Int, now: UInt64) {
        self.bytesPerSecond = bytesPerSecond
        self.capacityBytes = capacityBytes
        tokens = Double(capacityBytes)
        updatedAt = now
    }

    /// Adds the tokens earned since the last update, `now` in monotonic milliseconds.
    mutating func refill(at now: UInt64) {
        guard now > updatedAt else { return }
        let earned = Double(now - updatedAt) * Double(bytesPerSecond) / 1000
        tokens = min(Double(capacityBytes), tokens + earned)
        updatedAt = now
    }

    /// Returns nil when `bytes` may be sent now, else the milliseconds until they may. Call ``refill(at:)`` first.
    func wait(for bytes: Int) -> Int? {
        let needed = Double(min(bytes, capacityBytes))
        if tokens >= needed {
            return nil
        }
        let milliseconds = (needed - tokens) * 1000 / Double(bytesPerSecond)
        return max(1, Int(milliseconds.rounded(.up)))
    }

    mutating func take(_ bytes: Int) {
        tokens -= Double(bytes)
    }
}

import Synchronization

/// A value that goes up and down, such as bytes in flight or the age of the oldest record. Safe to update
/// from any thread.
public final class Gauge: Sendable {
    /// The `Double` value as its bit pattern, so that it can be stored atomically.
    private let bits = Atomic<UInt64>(0.0.bitPattern)

    public init() {}

    public func set(_ value: Double) {
        bits.store(value.bitPattern, ordering: .relaxed)
    }

    public func set(_ value: Int) {
        set(Double(value))
    }

    /// Adds `delta` (which may be negative) to the value.
    public func add(_ delta: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let next = (Double(bitPattern: current) + delta).bitPattern
            let (exchanged, original) = bits.compareExchange(expected: current, desired: next, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }

    public var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }
}

import Synchronization

/// A total that only grows, such as requests sent or bytes read. Safe to update from any thread.
public final class Counter: Sendable {
    private let total = Atomic<UInt64>(0)

    public init() {}

    /// Adds `amount` to the total.
    public func increment(by amount: UInt64 = 1) {
        total.wrappingAdd(amount, ordering: .relaxed)
    }

    /// Adds `amount` to the total; negative amounts are ignored, because a counter never goes down.
    public func increment(by amount: Int) {
        guard amount > 0 else { return }
        increment(by: UInt64(amount))
    }

    public var value: UInt64 { total.load(ordering: .relaxed) }
}

import Core

/// Observations counted into fixed buckets, such as request durations in seconds or batch sizes in bytes.
/// Safe to update from any thread.
///
/// The buckets are fixed when the family is registered. An observation lands in the first bucket whose
/// upper bound is at or above it; values above the last bound count only in the implicit `+Inf` bucket.
public final class Histogram: Sendable {
    private struct State: Sendable {
        var counts: [UInt64]
        var sum = 0.0
        var count: UInt64 = 0
    }

    /// The upper bounds of the buckets, ascending.
    public let upperBounds: [Double]
    private let state: Locked<State>

    /// Creates a histogram. `upperBounds` must be ascending, finite and without duplicates; the registry
    /// checks that before it creates one.
    init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        state = Locked(State(counts: Array(repeating: 0, count: upperBounds.count)))
    }

    /// Counts `value` into its bucket and adds it to the sum. NaN is ignored.
    public func observe(_ value: Double) {
        guard !value.isNaN else { return }
        let bucket = upperBounds.firstIndex { value <= $0 }
        state.withLock { state in
            if let bucket { state.counts[bucket] += 1 }
            state.sum += value
            state.count += 1
        }
    }

    public var snapshot: HistogramSnapshot {
        let state = state.withLock { $0 }
        var cumulative: [UInt64] = []
        cumulative.reserveCapacity(state.counts.count)
        var running: UInt64 = 0
        for count in state.counts {
            running += count
            cumulative.append(running)
        }
        return HistogramSnapshot(upperBounds: upperBounds, cumulativeCounts: cumulative, sum: state.sum, count: state.count)
    }

    /// Returns `count` bounds starting at `start`, each `factor` times the previous one, for values that span
    /// several orders of magnitude (durations, sizes). `start` and `factor` must be positive, `factor` above 1.
    public static func exponentialBuckets(start: Double, factor: Double, count: Int) -> [Double] {
        precondition(start > 0 && factor > 1 && count > 0, "exponential buckets need start > 0, factor > 1, count > 0")
        var bounds: [Double] = []
        var bound = start
        for _ in 0..<count {
            bounds.append(bound)
            bound *= factor
        }
        return bounds
    }
}

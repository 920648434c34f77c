/// Exponential backoff with full jitter, without an attempt limit: a failure that may heal is retried
/// until it heals, because giving up would lose data.
///
/// The delay before attempt `n + 1` is a random value between 0 and `min(cap, base × 2^(n-1))`, as in the
/// "full jitter" scheme, which spreads the retries of many batches instead of synchronizing them.
public struct RetryPolicy: Sendable, Equatable {
    public var baseMilliseconds: Int
    public var capMilliseconds: Int
    /// The cap used while an error needs an operator (bad credentials, missing Logstore): retry slowly.
    public var operatorCapMilliseconds: Int

    public init(baseMilliseconds: Int = 100, capMilliseconds: Int = 30_000, operatorCapMilliseconds: Int = 60_000) {
        self.baseMilliseconds = baseMilliseconds
        self.capMilliseconds = capMilliseconds
        self.operatorCapMilliseconds = operatorCapMilliseconds
    }

    /// Milliseconds to wait after `attempts` failed attempts (1 or more).
    public func delayMilliseconds<Generator: RandomNumberGenerator>(
        afterAttempts attempts: Int, needsOperator: Bool = false, using generator: inout Generator
    ) -> Int {
        let cap = needsOperator ? operatorCapMilliseconds : capMilliseconds
        let exponent = min(max(attempts - 1, 0), 30)
        let ceiling = min(cap, baseMilliseconds.multipliedReportingOverflow(by: 1 << exponent).partialValue)
        let bound = ceiling > 0 ? ceiling : cap
        return Int.random(in: 0...bound, using: &generator)
    }

    public func delayMilliseconds(afterAttempts attempts: Int, needsOperator: Bool = false) -> Int {
        var generator = SystemRandomNumberGenerator()
        return delayMilliseconds(afterAttempts: attempts, needsOperator: needsOperator, using: &generator)
    }
}

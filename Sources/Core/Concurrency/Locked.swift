import Synchronization

/// A value protected by a mutex, for state shared between the pipeline's threads.
///
/// `Mutex` from the Synchronization module is non-copyable; this final class makes it easy to share one
/// protected value between several owners.
public final class Locked<Value: ~Copyable>: Sendable where Value: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: consuming sending Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with exclusive access to the value and returns its result.
    public func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        try mutex.withLock(body)
    }
}

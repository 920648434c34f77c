import Storage

/// Thrown when a run cannot open its meter or dead-letter store at start-up, naming the configuration key whose
/// path failed so that the operator knows which setting to change.
public struct StorageOpenError: Error, CustomStringConvertible {
    /// The configuration key of the path, such as `meter.path`.
    public var key: String
    public var underlying: StorageError

    public init(key: String, underlying: StorageError) {
        self.key = key
        self.underlying = underlying
    }

    public var description: String { "cannot open the file of \(key): \(underlying)" }
}

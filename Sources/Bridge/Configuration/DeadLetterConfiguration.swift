/// The location of the dead-letter store, which keeps the records SLS refused for good with the raw Kafka
/// record and the reason.
public struct DeadLetterConfiguration: Sendable, Equatable {
    /// Path of the SQLite file; nil keeps dead letters in the meter file.
    public var path: String?

    public init(path: String? = nil) {
        self.path = path
    }
}

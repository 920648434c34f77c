/// The outcome of one offset commit (a background auto-commit, the commit at revoke or at close, or an
/// explicit ``KafkaConsumer/commit()``), as librdkafka reports it.
public struct KafkaCommitResult: Sendable, Equatable {
    /// The error of the commit as a whole, or nil when the broker accepted it.
    public var error: KafkaError?
    /// The offsets the commit carried: for each partition the next offset to read.
    public var offsets: [TopicPartitionOffset]
    /// The errors of single partitions whose offset the broker did not accept.
    public var partitionErrors: [KafkaError]

    public init(error: KafkaError?, offsets: [TopicPartitionOffset], partitionErrors: [KafkaError]) {
        self.error = error
        self.offsets = offsets
        self.partitionErrors = partitionErrors
    }

    /// True when the commit as a whole and every partition in it succeeded.
    public var succeeded: Bool { error == nil && partitionErrors.isEmpty }
}

import Kafka

/// Calls the bridge makes on its poll thread so that metrics and readiness can follow it without adding
/// work to the pipeline. Every method has a no-op default.
protocol PipelineObserver: Sendable {
    /// Notes that one poll of the consumer finished and its `records` (possibly none) went to the pipeline.
    /// `bytesInFlight` is the raw Kafka bytes read but not yet acknowledged after the hand-over.
    func consumerPolled(_ records: [KafkaRecord], bytesInFlight: Int)

    /// Notes that flow control paused `count` partitions (0 when it resumed them).
    func partitionsPaused(_ count: Int)

    /// Notes that every record of a partition before `offset` was delivered, dead-lettered or found empty, so `offset`
    /// was handed to the consumer for storing (or would have been, in a dry run).
    func offsetAcknowledged(_ offset: TopicPartitionOffset)
}

extension PipelineObserver {
    func consumerPolled(_ records: [KafkaRecord], bytesInFlight: Int) {}
    func partitionsPaused(_ count: Int) {}
    func offsetAcknowledged(_ offset: TopicPartitionOffset) {}
}

/// An observer that ignores every call.
struct NoPipelineObserver: PipelineObserver {}

/// Receives partition assignment changes of a ``KafkaConsumer``.
///
/// Every method runs on the thread that calls ``KafkaConsumer/poll(maxRecords:timeout:)``, inside that call,
/// or on the thread that calls ``KafkaConsumer/close()``. For the eager strategies (`range`, `roundrobin`)
/// each call carries the whole assignment; for `cooperative-sticky` it carries only the partitions that
/// change. A method must not call `poll` or `close` of the same consumer.
public protocol KafkaRebalanceHandler: Sendable {
    /// Called after `partitions` were assigned to this consumer, before any of their records is returned.
    func partitionsAssigned(_ partitions: [TopicPartition])

    /// Called while this consumer still owns `partitions` and is about to give them up.
    ///
    /// The method may block for a bounded time (well below the group's rebalance timeout, which is
    /// `max.poll.interval.ms`) to finish the records in flight and store their offsets with
    /// ``KafkaConsumer/storeOffsets(_:)``. When it returns, the consumer commits the stored offsets
    /// synchronously and only then releases the partitions. Records of these partitions that `poll` had not
    /// returned yet are dropped; the next owner reads them again from the committed offset.
    func partitionsRevoked(_ partitions: [TopicPartition])

    /// Called when `partitions` were taken away without a clean revoke, for example after the session timed
    /// out. Another member may already own them, so stored offsets are not committed. By default this calls
    /// ``partitionsRevoked(_:)``.
    func partitionsLost(_ partitions: [TopicPartition])
}

extension KafkaRebalanceHandler {
    public func partitionsLost(_ partitions: [TopicPartition]) {
        partitionsRevoked(partitions)
    }
}

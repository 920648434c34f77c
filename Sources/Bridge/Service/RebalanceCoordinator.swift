import Core
import Dispatch
import Kafka

/// Turns the consumer's rebalance callbacks into pipeline actions. On revoke it drains the partitions'
/// in-flight batches (bounded by the drain timeout, which must stay below the session timeout) before the
/// consumer commits and releases them.
final class RebalanceCoordinator: KafkaRebalanceHandler {
    private let pipeline: Pipeline
    private let drainTimeoutMilliseconds: Int
    private let logger: Logger
    private let assignedAtLeastOnce = Locked(false)
    private let assignedSinceTaken = Locked<[TopicPartition]>([])

    /// Whether the group assigned this consumer a partition at least once, even if it read no record.
    var wasAssigned: Bool { assignedAtLeastOnce.withLock { $0 } }

    init(pipeline: Pipeline, drainTimeoutMilliseconds: Int, logger: Logger) {
        self.pipeline = pipeline
        self.drainTimeoutMilliseconds = drainTimeoutMilliseconds
        self.logger = logger
    }

    func partitionsAssigned(_ partitions: [TopicPartition]) {
        // The consumer logs the assignment itself, with the rebalance protocol.
        if !partitions.isEmpty {
            assignedAtLeastOnce.withLock { $0 = true }
            assignedSinceTaken.withLock { $0 += partitions }
        }
    }

    /// Returns the partitions assigned since the last call, and clears the list. The poll thread calls it after
    /// each poll, whose callbacks assign.
    func takeAssigned() -> [TopicPartition] {
        assignedSinceTaken.withLock { assigned in
            defer { assigned.removeAll() }
            return assigned
        }
    }

    func partitionsRevoked(_ partitions: [TopicPartition]) {
        let deadline = DispatchTime.now() + .milliseconds(drainTimeoutMilliseconds)
        let remaining = pipeline.revoke(partitions, deadline: deadline)
        let left = remaining.values.reduce(0, +)
        logger.info("partitions revoked after draining", metadata: [
            "kafka.partitions": .string(Self.describe(partitions)), "bridge.records_in_flight": .int(left),
        ])
    }

    /// Releases partitions that were taken away without a revoke, after a session timeout for example, at once and
    /// without sealing or sending their open batches. Another member may own them already, and offsets stored now
    /// are not committed, so waiting or sending would only delay the rejoin and duplicate records. Their records
    /// in flight count as handed over.
    func partitionsLost(_ partitions: [TopicPartition]) {
        let remaining = pipeline.abandon(partitions)
        logger.warning("partitions lost without a revoke; their records in flight are left to the next owner", metadata: [
            "kafka.partitions": .string(Self.describe(partitions)),
            "bridge.records_in_flight": .int(remaining.values.reduce(0, +)),
        ])
    }

    private static func describe(_ partitions: [TopicPartition]) -> String {
        partitions.sorted().map { "\($0.topic)[\($0.partition)]" }.joined(separator: ",")
    }
}

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
    private let changesSinceTaken = Locked(AssignmentChanges())

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
            changesSinceTaken.withLock { $0.assigned += partitions }
        }
    }

    /// Returns the partitions released and assigned since the last call, and clears them. The poll thread calls
    /// it after each poll, whose callbacks make the changes.
    func takeChanges() -> AssignmentChanges {
        changesSinceTaken.withLock { changes in
            defer { changes = AssignmentChanges() }
            return changes
        }
    }

    func partitionsRevoked(_ partitions: [TopicPartition]) {
        let deadline = DispatchTime.now() + .milliseconds(drainTimeoutMilliseconds)
        let remaining = pipeline.revoke(partitions, deadline: deadline)
        changesSinceTaken.withLock { $0.released += partitions }
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
        changesSinceTaken.withLock { $0.released += partitions }
        logger.warning("partitions lost without a revoke; their records in flight are left to the next owner", metadata: [
            "kafka.partitions": .string(Self.describe(partitions)),
            "bridge.records_in_flight": .int(remaining.values.reduce(0, +)),
        ])
    }

    private static func describe(_ partitions: [TopicPartition]) -> String {
        partitions.sorted().map { "\($0.topic)[\($0.partition)]" }.joined(separator: ",")
    }
}

/// The partitions a consumer released (revoked or lost) and was assigned since the poll thread last asked.
struct AssignmentChanges: Sendable {
    var released: [TopicPartition] = []
    var assigned: [TopicPartition] = []
}

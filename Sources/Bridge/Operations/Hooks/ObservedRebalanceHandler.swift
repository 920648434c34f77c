import Kafka

/// Passes rebalance events to the service's handler and then notifies the operations layer, so that the
/// readiness clock forgets partitions this instance no longer owns.
struct ObservedRebalanceHandler: KafkaRebalanceHandler {
    let base: any KafkaRebalanceHandler
    let onReleased: @Sendable ([TopicPartition]) -> Void

    func partitionsAssigned(_ partitions: [TopicPartition]) {
        base.partitionsAssigned(partitions)
    }

    func partitionsRevoked(_ partitions: [TopicPartition]) {
        base.partitionsRevoked(partitions)
        onReleased(partitions)
    }

    func partitionsLost(_ partitions: [TopicPartition]) {
        base.partitionsLost(partitions)
        onReleased(partitions)
    }
}

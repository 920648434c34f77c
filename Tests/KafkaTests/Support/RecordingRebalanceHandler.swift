import Core
import Kafka

/// A rebalance handler that records every call and runs an optional action inside `partitionsRevoked`.
final class RecordingRebalanceHandler: KafkaRebalanceHandler {
    enum Event: Equatable {
        case assigned([TopicPartition])
        case revoked([TopicPartition])
        case lost([TopicPartition])
    }

    private let recorded = Locked<[Event]>([])
    private let onRevoke: @Sendable ([TopicPartition]) -> Void

    init(onRevoke: @escaping @Sendable ([TopicPartition]) -> Void = { _ in }) {
        self.onRevoke = onRevoke
    }

    var events: [Event] { recorded.withLock { $0 } }

    func partitionsAssigned(_ partitions: [TopicPartition]) {
        recorded.withLock { $0.append(.assigned(partitions.sorted())) }
    }

    func partitionsRevoked(_ partitions: [TopicPartition]) {
        recorded.withLock { $0.append(.revoked(partitions.sorted())) }
        onRevoke(partitions)
    }

    func partitionsLost(_ partitions: [TopicPartition]) {
        recorded.withLock { $0.append(.lost(partitions.sorted())) }
    }
}

import Kafka

/// Decides which partitions to pause and resume so that the raw Kafka bytes read but not yet
/// acknowledged stay bounded, while the poll thread keeps polling (and so keeps its group membership).
///
/// At or above the high watermark it pauses the busiest partitions first, the ones with the most bytes in
/// flight, until the paused partitions hold at least half of the bytes in flight, so that quiet partitions
/// keep flowing. At or below the low watermark it resumes them all. While `holdAll` is set (an error needs an
/// operator, or the meter falls behind), it pauses every assigned partition. The decision is pure; the caller
/// applies it to the consumer.
struct FlowController {
    struct Decision: Equatable {
        var pause: [TopicPartition] = []
        var resume: [TopicPartition] = []
    }

    let highWatermarkBytes: Int
    let lowWatermarkBytes: Int
    private(set) var paused: Set<TopicPartition> = []

    init(highWatermarkBytes: Int, lowWatermarkBytes: Int) {
        self.highWatermarkBytes = highWatermarkBytes
        self.lowWatermarkBytes = min(lowWatermarkBytes, highWatermarkBytes)
    }

    /// Whether ``decide(assigned:bytesInFlight:holdAll:)`` can return anything. `totalBytesInFlight` must be
    /// at least the sum that `decide` would compute over the assigned partitions. When this returns false,
    /// `decide` would return an empty decision and change nothing, so the caller may skip it and the look-ups
    /// it needs.
    func needsDecision(totalBytesInFlight: Int, holdAll: Bool) -> Bool {
        holdAll || !paused.isEmpty || totalBytesInFlight >= highWatermarkBytes
    }

    /// Stops counting `partitions` as paused. The consumer resumes partitions when a rebalance releases them, so a
    /// released partition that comes back is read until a decision pauses it again.
    mutating func forget(_ partitions: [TopicPartition]) {
        paused.subtract(partitions)
    }

    mutating func decide(
        assigned: [TopicPartition], bytesInFlight: [TopicPartition: Int], holdAll: Bool
    ) -> Decision {
        let assignedSet = Set(assigned)
        paused.formIntersection(assignedSet)
        var decision = Decision()

        if holdAll {
            decision.pause = assigned.filter { !paused.contains($0) }.sorted()
            paused.formUnion(decision.pause)
            return decision
        }

        let total = assigned.reduce(0) { $0 + (bytesInFlight[$1] ?? 0) }
        if total >= highWatermarkBytes {
            var heldByPaused = paused.reduce(0) { $0 + (bytesInFlight[$1] ?? 0) }
            let candidates = assigned.filter { !paused.contains($0) }
                .sorted { (bytesInFlight[$0] ?? 0, $1) > (bytesInFlight[$1] ?? 0, $0) }
            for partition in candidates where heldByPaused * 2 < total || decision.pause.isEmpty && paused.isEmpty {
                decision.pause.append(partition)
                heldByPaused += bytesInFlight[partition] ?? 0
            }
            decision.pause.sort()
            paused.formUnion(decision.pause)
        } else if total <= lowWatermarkBytes, !paused.isEmpty {
            decision.resume = paused.sorted()
            paused.removeAll()
        }
        return decision
    }
}

import Kafka
import Testing
@testable import Bridge

@Suite struct FlowControllerTests {
    private let partitions = (0..<4).map { TopicPartition(topic: "hub", partition: Int32($0)) }

    @Test func belowHighWatermarkPausesNothing() {
        var flow = FlowController(highWatermarkBytes: 100, lowWatermarkBytes: 50)
        let decision = flow.decide(assigned: partitions, bytesInFlight: [partitions[0]: 99], holdAll: false)
        #expect(decision == .init())
        #expect(flow.paused.isEmpty)
    }

    @Test func decisionSkippedOnlyWhenItWouldBeEmpty() {
        // Every combination of bytes per partition, hold, and state left by an earlier decision. Two partitions
        // of 50 reach the high watermark exactly. Wherever needsDecision is false, decide must return nothing and
        // keep the paused set.
        let amounts = [0, 30, 50, 60, 120]
        var skipped = 0
        for first in amounts {
            for second in amounts {
                for earlier in amounts {
                    for hold in [false, true] {
                        var flow = FlowController(highWatermarkBytes: 100, lowWatermarkBytes: 50)
                        _ = flow.decide(assigned: partitions, bytesInFlight: [partitions[3]: earlier], holdAll: false)
                        let bytes = [partitions[0]: first, partitions[1]: second]
                        // The pipeline's total covers every lane, so it is at least the assigned partitions' sum.
                        let total = first + second
                        guard !flow.needsDecision(totalBytesInFlight: total, holdAll: hold) else { continue }
                        skipped += 1
                        let pausedBefore = flow.paused
                        let decision = flow.decide(assigned: partitions, bytesInFlight: bytes, holdAll: hold)
                        #expect(decision == .init())
                        #expect(flow.paused == pausedBefore)
                    }
                }
            }
        }
        #expect(skipped > 0)
    }

    @Test func decisionNeededWhilePausedOrHeld() {
        var flow = FlowController(highWatermarkBytes: 100, lowWatermarkBytes: 50)
        #expect(!flow.needsDecision(totalBytesInFlight: 99, holdAll: false))
        #expect(flow.needsDecision(totalBytesInFlight: 100, holdAll: false))
        #expect(flow.needsDecision(totalBytesInFlight: 0, holdAll: true))
        _ = flow.decide(assigned: partitions, bytesInFlight: [partitions[0]: 120], holdAll: false)
        // Paused partitions wait for the low watermark, which only decide can see.
        #expect(flow.needsDecision(totalBytesInFlight: 0, holdAll: false))
    }

    @Test func highWatermarkPausesBusiestFirst() {
        var flow = FlowController(highWatermarkBytes: 100, lowWatermarkBytes: 50)
        let bytes = [partitions[0]: 10, partitions[1]: 70, partitions[2]: 15, partitions[3]: 5]
        let decision = flow.decide(assigned: partitions, bytesInFlight: bytes, holdAll: false)
        #expect(decision.pause == [partitions[1]])
        #expect(decision.resume.isEmpty)
    }

    @Test func pausesUntilHalfOfBytesAreHeld() {
        var flow = FlowController(highWatermarkBytes: 100, lowWatermarkBytes: 50)
        let bytes = [partitions[0]: 30, partitions[1]: 30, partitions[2]: 30, partitions[3]: 30]
        let decision = flow.decide(assigned: partitions, bytesInFlight: bytes, holdAll: false)
        #expect(decision.pause.count == 2)
    }

    @Test func resumesAllAtLowWatermark() {
        var flow = FlowController(highWatermarkBytes: 100, lowWatermarkBytes: 50)
        _ = flow.decide(assigned: partitions, bytesInFlight: [partitions[2]: 120], holdAll: false)
        let between = flow.decide(assigned: partitions, bytesInFlight: [partitions[2]: 70], holdAll: false)
        #expect(between == .init())
        let decision = flow.decide(assigned: partitions, bytesInFlight: [partitions[2]: 40], holdAll: false)
        #expect(decision.resume == [partitions[2]])
        #expect(flow.paused.isEmpty)
    }

    @Test func holdAllPausesEverything() {
        var flow = FlowController(highWatermarkBytes: 100, lowWatermarkBytes: 50)
        let decision = flow.decide(assigned: partitions, bytesInFlight: [:], holdAll: true)
        #expect(decision.pause == partitions)
        let released = flow.decide(assigned: partitions, bytesInFlight: [:], holdAll: false)
        #expect(released.resume == partitions)
    }

    @Test func revokedPartitionsLeaveThePausedSet() {
        var flow = FlowController(highWatermarkBytes: 100, lowWatermarkBytes: 50)
        _ = flow.decide(assigned: partitions, bytesInFlight: [partitions[3]: 200], holdAll: false)
        #expect(flow.paused == [partitions[3]])
        let decision = flow.decide(assigned: Array(partitions.prefix(3)), bytesInFlight: [:], holdAll: false)
        #expect(decision == .init())
        #expect(flow.paused.isEmpty)
    }

    /// A partition that a rebalance released and gave back is unpaused in the consumer, so flow control must pause
    /// it again while a hold is on.
    @Test func forgottenPartitionIsPausedAgain() {
        var flow = FlowController(highWatermarkBytes: 100, lowWatermarkBytes: 50)
        _ = flow.decide(assigned: partitions, bytesInFlight: [:], holdAll: true)
        flow.forget([partitions[0]])

        let decision = flow.decide(assigned: partitions, bytesInFlight: [:], holdAll: true)

        #expect(decision.pause == [partitions[0]])
        #expect(flow.paused == Set(partitions))
    }
}

@Suite struct RetryPolicyTests {
    private struct FixedGenerator: RandomNumberGenerator {
        var value: UInt64
        mutating func next() -> UInt64 { value }
    }

    @Test func delayNeverExceedsExponentialBound() {
        let policy = RetryPolicy(baseMilliseconds: 100, capMilliseconds: 30_000)
        var generator = SystemRandomNumberGenerator()
        for attempts in 1...40 {
            let bound = min(30_000, 100 << min(attempts - 1, 30))
            for _ in 0..<20 {
                let delay = policy.delayMilliseconds(afterAttempts: attempts, using: &generator)
                #expect((0...bound).contains(delay))
            }
        }
    }

    @Test func operatorErrorsUseTheSlowerCap() {
        let policy = RetryPolicy(baseMilliseconds: 100, capMilliseconds: 1_000, operatorCapMilliseconds: 60_000)
        var generator = FixedGenerator(value: .max)
        #expect(policy.delayMilliseconds(afterAttempts: 30, needsOperator: false, using: &generator) <= 1_000)
        let slow = policy.delayMilliseconds(afterAttempts: 30, needsOperator: true, using: &generator)
        #expect(slow > 1_000)
        #expect(slow <= 60_000)
    }

}

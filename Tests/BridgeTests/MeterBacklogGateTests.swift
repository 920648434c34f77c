import Testing
@testable import Bridge

@Suite struct MeterBacklogGateTests {
    /// Feeds `pendingRows` to a gate of `queueCapacity` in order and returns its hold after each.
    private func holds(queueCapacity: Int, _ pendingRows: [Int]) -> [Bool] {
        var gate = MeterBacklogGate(queueCapacity: queueCapacity)
        return pendingRows.map { gate.update(pendingRows: $0) }
    }

    @Test func holdsFromHalfOfCapacity() {
        #expect(holds(queueCapacity: 100, [0, 49, 50]) == [false, false, true])
    }

    @Test func releasesAtQuarterOfCapacity() {
        // Held between a quarter and half on the way down, and not held again below half on the way up.
        #expect(holds(queueCapacity: 100, [80, 49, 26, 25, 49]) == [true, true, true, false, false])
    }

    @Test func tinyQueueHoldsAtOneRow() {
        #expect(MeterBacklogGate(queueCapacity: 1).holdRows == 1)
        #expect(holds(queueCapacity: 1, [1, 0]) == [true, false])
    }
}

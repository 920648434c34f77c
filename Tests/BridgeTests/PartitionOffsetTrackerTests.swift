import Testing
@testable import Bridge

@Suite struct PartitionOffsetTrackerTests {
    @Test func advancesOverContiguousAcknowledgements() {
        var tracker = PartitionOffsetTracker()
        for offset in Int64(0)..<3 {
            tracker.begin(offset: offset)
            tracker.addPart(offset: offset)
            tracker.finishPlacing(offset: offset)
        }
        tracker.completePart(offset: 0, deadLettered: false)
        tracker.completePart(offset: 1, deadLettered: false)
        #expect(tracker.advance() == 2)
        #expect(tracker.inFlight == 1)
        tracker.completePart(offset: 2, deadLettered: false)
        #expect(tracker.advance() == 3)
        #expect(tracker.delivered == 3)
        #expect(tracker.inFlight == 0)
    }

    @Test func pendingRecordHoldsBackLaterOffsets() {
        var tracker = PartitionOffsetTracker()
        for offset in Int64(10)..<13 {
            tracker.begin(offset: offset)
            tracker.addPart(offset: offset)
            tracker.finishPlacing(offset: offset)
        }
        tracker.completePart(offset: 11, deadLettered: false)
        tracker.completePart(offset: 12, deadLettered: false)
        #expect(tracker.advance() == nil)
        #expect(tracker.storableOffset == nil)
        #expect(tracker.oldestPendingOffset == 10)
        tracker.completePart(offset: 10, deadLettered: false)
        #expect(tracker.advance() == 13)
    }

    @Test func recordSpanningBatchesNeedsEveryPart() {
        var tracker = PartitionOffsetTracker()
        tracker.begin(offset: 0)
        tracker.addPart(offset: 0)
        tracker.completePart(offset: 0, deadLettered: false)
        tracker.addPart(offset: 0)
        tracker.finishPlacing(offset: 0)
        #expect(tracker.advance() == nil)
        tracker.completePart(offset: 0, deadLettered: false)
        #expect(tracker.advance() == 1)
        #expect(tracker.delivered == 1)
    }

    @Test func recordWithoutEntriesCountsAsEmpty() {
        var tracker = PartitionOffsetTracker()
        tracker.begin(offset: 5)
        tracker.finishPlacing(offset: 5)
        #expect(tracker.advance() == 6)
        #expect(tracker.empty == 1)
        #expect(tracker.delivered == 0)
    }

    @Test func deadLetteredPartMarksRecordDeadLettered() {
        var tracker = PartitionOffsetTracker()
        tracker.begin(offset: 0)
        tracker.addPart(offset: 0)
        tracker.addPart(offset: 0)
        tracker.finishPlacing(offset: 0)
        tracker.completePart(offset: 0, deadLettered: false)
        tracker.completePart(offset: 0, deadLettered: true)
        #expect(tracker.advance() == 1)
        #expect(tracker.deadLettered == 1)
        #expect(tracker.delivered == 0)
    }

    @Test func offsetGapsAreAllowed() {
        var tracker = PartitionOffsetTracker()
        for offset: Int64 in [3, 7, 8] {
            tracker.begin(offset: offset)
            tracker.finishPlacing(offset: offset)
        }
        #expect(tracker.advance() == 9)
        #expect(tracker.consumed == 3)
    }

    @Test func reconcilesAfterManyRecords() {
        var tracker = PartitionOffsetTracker()
        for offset in Int64(0)..<5000 {
            tracker.begin(offset: offset)
            if offset % 3 != 0 { tracker.addPart(offset: offset) }
            tracker.finishPlacing(offset: offset)
        }
        for offset in stride(from: Int64(4999), through: 0, by: -1) where offset % 3 != 0 {
            tracker.completePart(offset: offset, deadLettered: offset % 7 == 0)
        }
        #expect(tracker.advance() == 5000)
        #expect(tracker.consumed == tracker.delivered + tracker.deadLettered + tracker.empty)
        #expect(tracker.empty == 1667)
        #expect(tracker.inFlight == 0)
    }
}

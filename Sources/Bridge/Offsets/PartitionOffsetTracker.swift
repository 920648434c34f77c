/// Tracks the records of one partition from the moment they are read until each one is acknowledged,
/// and computes the offset that may be stored for the consumer group.
///
/// A record is acknowledged when every batch holding one of its entries was accepted by the Logstore or
/// durably written to the dead-letter store, or at once when it produced no entries. The storable offset
/// only moves over a contiguous run of acknowledged records, so a record that is still in flight (or was
/// rejected and not yet dead-lettered) holds back every later offset, however many later batches succeed.
///
/// Not thread-safe by itself: the owning ``PartitionLane`` serializes access.
struct PartitionOffsetTracker {
    /// The final state of a record.
    enum Outcome: Equatable {
        case delivered
        case deadLettered
        case empty
    }

    private struct Pending {
        let offset: Int64
        /// Batches that hold at least one entry of this record.
        var parts = 0
        var completedParts = 0
        /// False while the record's entries are still being placed into batches.
        var placed = false
        var deadLettered = false
        var outcome: Outcome?
    }

    /// Pending records in offset order; `head` indexes the first one not yet released.
    private var pending: [Pending] = []
    private var head = 0
    /// Offset positions within `pending`, for completion lookups: offset minus the first offset is not
    /// usable because Kafka offsets can have gaps (compaction, transaction markers).
    private var indexByOffset: [Int64: Int] = [:]

    /// The next offset to read after the contiguous acknowledged run; nil until the first release.
    private(set) var storableOffset: Int64?

    private(set) var consumed = 0
    private(set) var delivered = 0
    private(set) var deadLettered = 0
    private(set) var empty = 0

    var inFlight: Int { consumed - delivered - deadLettered - empty }

    /// Registers a record read from Kafka. Offsets must arrive in increasing order.
    mutating func begin(offset: Int64) {
        precondition(pending.last.map { $0.offset < offset } ?? true, "offsets must increase within a partition")
        indexByOffset[offset] = pending.count
        pending.append(Pending(offset: offset))
        consumed += 1
    }

    /// Records that a batch holding entries of `offset` was opened or extended; call once per batch.
    mutating func addPart(offset: Int64) {
        guard let index = indexByOffset[offset] else { return }
        pending[index].parts += 1
    }

    /// Records that all entries of `offset` are placed; with zero parts the record counts as empty.
    mutating func finishPlacing(offset: Int64) {
        guard let index = indexByOffset[offset] else { return }
        pending[index].placed = true
        settle(index)
    }

    /// Records that one batch holding entries of `offset` is done, delivered or dead-lettered.
    mutating func completePart(offset: Int64, deadLettered: Bool) {
        guard let index = indexByOffset[offset] else { return }
        pending[index].completedParts += 1
        if deadLettered { pending[index].deadLettered = true }
        settle(index)
    }

    /// Releases the contiguous run of acknowledged records at the head and returns the new storable
    /// offset if it moved.
    mutating func advance() -> Int64? {
        var moved = false
        while head < pending.count, pending[head].outcome != nil {
            storableOffset = pending[head].offset + 1
            indexByOffset.removeValue(forKey: pending[head].offset)
            head += 1
            moved = true
        }
        if head > 1024, head * 2 > pending.count {
            pending.removeFirst(head)
            head = 0
            for (position, record) in pending.enumerated() { indexByOffset[record.offset] = position }
        }
        return moved ? storableOffset : nil
    }

    /// The lowest offset that is not acknowledged yet, if any; it keeps the storable offset from moving.
    var oldestPendingOffset: Int64? {
        pending[head...].first(where: { $0.outcome == nil })?.offset
    }

    private mutating func settle(_ index: Int) {
        var record = pending[index]
        guard record.outcome == nil, record.placed, record.completedParts >= record.parts else { return }
        if record.parts == 0 {
            record.outcome = .empty
            empty += 1
        } else if record.deadLettered {
            record.outcome = .deadLettered
            deadLettered += 1
        } else {
            record.outcome = .delivered
            delivered += 1
        }
        pending[index] = record
    }
}

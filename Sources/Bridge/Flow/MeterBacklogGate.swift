/// Decides when the poll loop stops reading because the meter writer falls behind, such as while another
/// process has the meter file's write lock. The rows of the batches already read then still fit in the
/// writer's queue, and none is dropped.
///
/// Reading stops once half of the queue's capacity is pending and resumes once a quarter or less is. The in-flight
/// limit alone cannot do this: it counts bytes, and many small batches can fill the queue with rows while their
/// bytes stay far below the limit.
struct MeterBacklogGate {
    /// Pending rows at which reading stops: half of the queue's capacity.
    let holdRows: Int
    /// Pending rows at which reading resumes: a quarter of the queue's capacity.
    let releaseRows: Int
    /// Whether reading is stopped for the meter.
    private(set) var isHolding = false

    init(queueCapacity: Int) {
        holdRows = max(1, queueCapacity / 2)
        releaseRows = queueCapacity / 4
    }

    /// Updates the hold from the rows the meter writer has not committed yet, and returns whether reading must
    /// stop.
    mutating func update(pendingRows: Int) -> Bool {
        if isHolding {
            isHolding = pendingRows > releaseRows
        } else {
            isHolding = pendingRows >= holdRows
        }
        return isHolding
    }
}

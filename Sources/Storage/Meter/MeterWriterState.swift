import Foundation

/// The queue and counters of a ``MeterWriter``, shared by the callers and the writer thread.
///
/// Every property is guarded by `condition`. Callers wait on it for commits, and the writer thread waits on it
/// for rows.
final class MeterWriterState: @unchecked Sendable {
    let condition = NSCondition()

    /// Queued rows from index `head` on. Taken rows are removed in chunks, so taking a batch does not shift
    /// the whole array.
    private var rows: [MeterRow] = []
    private var head = 0

    /// Rows taken by the writer thread and not yet committed.
    var inFlightCount = 0
    /// Rows accepted by `record` since the writer started.
    var acceptedCount = 0
    /// Rows committed since the writer started.
    var committedCount = 0
    /// Failed commit attempts since the writer started.
    var failureCount = 0
    /// Rows rejected by `record` or discarded at close.
    var droppedCount = 0
    /// Threads waiting in `flush`, which make the writer commit without waiting for the interval.
    var flushWaiterCount = 0
    /// Set by `close`: no more rows are accepted, and the writer stops once the queue is empty.
    var isClosing = false
    /// Set by `close` after its timeout: the writer stops without committing the rest.
    var isAbandoned = false
    /// Set by the writer thread when it has exited.
    var isStopped = false
    /// When a drop was last logged, to log at most one line per interval.
    var lastDropLogTime: ContinuousClock.Instant?

    var queuedCount: Int { rows.count - head }

    func append(_ row: MeterRow) {
        rows.append(row)
        acceptedCount += 1
    }

    /// Removes and returns up to `limit` queued rows, oldest first, and counts them as in flight.
    func take(upTo limit: Int) -> [MeterRow] {
        let end = head + min(limit, queuedCount)
        let batch = Array(rows[head..<end])
        head = end
        // Taken rows hold their durability callbacks, and with them the batches' offsets, until they leave the
        // array: at once when the queue is empty, otherwise in chunks.
        if head == rows.count {
            rows.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 4_096, head * 2 >= rows.count {
            rows.removeFirst(head)
            head = 0
        }
        inFlightCount = batch.count
        return batch
    }

    /// Removes every queued and in-flight row, counts them as dropped and returns how many there were, with
    /// the durability callbacks of the queued ones.
    func discardAll() -> (count: Int, callbacks: [@Sendable () -> Void]) {
        let discarded = queuedCount + inFlightCount
        let callbacks = rows[head...].compactMap(\.whenDurable)
        rows.removeAll()
        head = 0
        inFlightCount = 0
        droppedCount += discarded
        return (discarded, callbacks)
    }
}

/// One queued row of a ``MeterWriter``: a metered request or a Kafka fetch sample.
enum MeterRow: Sendable {
    /// A metered request, and what to call once the row is committed (or dropped).
    case write(MeterRecord, whenDurable: (@Sendable () -> Void)?)
    case fetchSample(KafkaFetchSample)

    var whenDurable: (@Sendable () -> Void)? {
        switch self {
        case .write(_, let whenDurable): whenDurable
        case .fetchSample: nil
        }
    }
}

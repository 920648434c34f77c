import Foundation

/// Keeps the producer at most a fixed number of bytes per partition ahead of what the pipeline has delivered (or,
/// for kcat, consumed).
///
/// librdkafka 2.0.2's mock cluster keeps only 5 MiB of records per partition and drops the oldest beyond that, so a
/// consumer more than 5 MiB behind the producer loses records. Bytes a pipeline delivered were fetched earlier,
/// so a window below 5 MiB of undelivered bytes also bounds the unfetched ones. The window also bounds how much a
/// pipeline can hold in flight per partition, which matters with 1 partition only.
final class DeliveryWindow: @unchecked Sendable {
    // @unchecked: the mutable state is guarded by `condition`.
    private let condition = NSCondition()
    private let bytesPerPartition: Int
    private var outstanding: [Int]
    private var cancelled = false

    init(partitions: Int, bytesPerPartition: Int) {
        self.bytesPerPartition = bytesPerPartition
        outstanding = Array(repeating: 0, count: partitions)
    }

    /// Waits until `bytes` more fit the window of `partition` (a message larger than the window fits an empty one)
    /// and counts them as outstanding. Returns false when the window was cancelled.
    func acquire(partition: Int, bytes: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && outstanding[partition] > 0 && outstanding[partition] + bytes > bytesPerPartition {
            condition.wait()
        }
        guard !cancelled else { return false }
        outstanding[partition] += bytes
        return true
    }

    /// Counts `bytes` of `partition` as delivered.
    func release(partition: Int, bytes: Int) {
        condition.lock()
        outstanding[partition] -= bytes
        condition.broadcast()
        condition.unlock()
    }

    /// Makes every waiting and later ``acquire(partition:bytes:)`` return false, to stop the producer of a failed run.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

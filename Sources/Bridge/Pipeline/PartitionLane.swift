import AzureLogs
import Core
import Dispatch
import Foundation
import Kafka
import SLS
import Synchronization

/// The per-partition stage of the pipeline: normalizes the partition's records in offset order, packs
/// their entries into batches, hands sealed batches to delivery, and turns acknowledgements into the
/// offset that may be stored.
///
/// All state is confined to the lane's serial dispatch queue; the public methods enqueue work on it.
final class PartitionLane: @unchecked Sendable {
    let partition: TopicPartition
    private let queue: DispatchQueue
    private let context: PipelineContext

    /// Raw bytes of this partition's records read but not yet acknowledged; read by the poll thread.
    private let inFlightBytes = Atomic<Int>(0)
    /// Monotonic milliseconds when the oldest open batch was opened, or `UInt64.max` when none is open. Written on
    /// the queue and read by the poll thread, which only schedules a seal when a batch is due.
    private let oldestOpenedAtMilliseconds = Atomic<UInt64>(.max)
    /// See ``lastIngestedOffset``; `Int64.min` before the first record.
    private let lastIngested = Atomic<Int64>(.min)

    // Confined to `queue`.
    private var tracker = PartitionOffsetTracker()
    /// Open batches by key: one per shard hash key and per set of LogGroup tags, since a request carries
    /// one of each. Without routing and header tags there is only the empty key.
    private var openBatches: [BatchKey: Batch] = [:]
    private var revoked = false
    /// ``revoked`` for the delivery stage, which reads it from other threads without the lane's queue.
    private let revokedFlag = Atomic<Bool>(false)
    private var lastStoredOffset: Int64?
    /// The record times (Kafka timestamps) and value bytes of the records read, for ``PartitionCounters``.
    private var recordTimes = RecordTimeSpan()
    private var firstOffsetLogged = false

    init(partition: TopicPartition, context: PipelineContext) {
        self.partition = partition
        self.context = context
        self.queue = DispatchQueue(label: "ehbridge.lane.\(partition.topic).\(partition.partition)")
    }

    // MARK: Input

    var bytesInFlight: Int { inFlightBytes.load(ordering: .relaxed) }

    /// The offset of the last record handed to ``ingest(_:)``, or nil before the first. Used by the poll thread only.
    var lastIngestedOffset: Int64? {
        let offset = lastIngested.load(ordering: .relaxed)
        return offset == .min ? nil : offset
    }

    func reserveInFlight(bytes: Int) {
        inFlightBytes.add(bytes, ordering: .relaxed)
    }

    private func releaseInFlight(bytes: Int) {
        guard bytes > 0 else { return }
        inFlightBytes.subtract(bytes, ordering: .relaxed)
        context.releaseInFlight(bytes: bytes)
    }

    /// Normalizes `records` (all of this partition, in offset order) and batches their entries.
    func ingest(_ records: [KafkaRecord]) {
        if let last = records.last { lastIngested.store(last.offset, ordering: .relaxed) }
        queue.async { [self] in
            var counts = NormalizationCounters()
            for record in records { place(record, counts: &counts) }
            context.addNormalizationCounts(counts)
        }
    }

    /// Seals the open batches whose oldest entry waited longer than the linger time. Schedules work on the
    /// queue only when such a batch exists, because the poll thread calls this for every lane on every loop.
    func sealIfLingering(nowMilliseconds: UInt64) {
        let linger = UInt64(context.batching.lingerMilliseconds)
        let oldest = oldestOpenedAtMilliseconds.load(ordering: .relaxed)
        guard oldest != .max, nowMilliseconds >= oldest &+ linger else { return }
        queue.async { [self] in
            for (key, batch) in openBatches where nowMilliseconds >= batch.openedAtMilliseconds + linger {
                seal(key)
            }
        }
    }

    /// Seals every open batch now; used at revoke and shutdown.
    func flush() {
        queue.sync {
            for key in openBatches.keys.sorted() { seal(key) }
        }
    }

    // MARK: Acknowledgements

    /// Acknowledges the records of `batch`, now durable in the dead-letter store, unless the partition was revoked
    /// meanwhile, and frees the batch's bytes either way. Returns false after a revoke, whose counts call the records
    /// handed over (or in flight after a stop), so that the caller takes its dead letters back. Runs on the lane's
    /// queue, in order with ``markRevoked()``, and blocks until done.
    func completeDeadLettered(_ batch: Batch) -> Bool {
        queue.sync {
            releaseInFlight(bytes: batch.rawBytes)
            guard !revoked else { return false }
            for record in batch.records {
                tracker.completePart(offset: record.offset, deadLettered: true)
            }
            storeAdvancedOffset()
            return true
        }
    }

    /// Frees the in-flight bytes of `batch`, which was dropped unsent.
    func releaseInFlight(of batch: Batch) {
        let bytes = batch.rawBytes
        queue.async { [self] in
            releaseInFlight(bytes: bytes)
        }
    }

    /// The share of an accepted batch's bytes that stays counted in flight until its meter rows are committed,
    /// as a divisor: a quarter. Its memory is freed at acceptance, so counting it whole would slow consumption
    /// by the meter's commit interval. Counting a quarter still pauses consumption when the meter stops
    /// committing (a locked file, a full disk), once four times the in-flight limit waits for it.
    static let meterWaitShareDivisor = 4

    /// Frees most of the in-flight bytes of `batch`, which the Logstore accepted, and returns the bytes that stay
    /// counted until ``completeAccepted(offsets:heldBytes:)``.
    func releaseAccepted(_ batch: Batch) -> Int {
        let bytesAwaitingMeter = batch.rawBytes / Self.meterWaitShareDivisor
        let releasedBytes = batch.rawBytes - bytesAwaitingMeter
        queue.async { [self] in
            releaseInFlight(bytes: releasedBytes)
        }
        return bytesAwaitingMeter
    }

    /// Acknowledges the records of an accepted batch, at `offsets` (one per record part in the batch), once its
    /// meter rows are durable, and frees the `heldBytes` that ``releaseAccepted(_:)`` kept counted.
    func completeAccepted(offsets: [Int64], heldBytes: Int) {
        queue.async { [self] in
            for offset in offsets {
                tracker.completePart(offset: offset, deadLettered: false)
            }
            releaseInFlight(bytes: heldBytes)
            storeAdvancedOffset()
        }
    }

    /// Called by the pipeline once the raw copy of the record at `offset` is durable in the dead-letter store.
    func completeRawCopy(offset: Int64) {
        queue.async { [self] in
            tracker.completePart(offset: offset, deadLettered: false)
            storeAdvancedOffset()
        }
    }

    /// Like ``completeRawCopy(offset:)``, unless the partition was revoked meanwhile: then it returns false and
    /// completes nothing, so that the caller takes the copy back. Runs on the lane's queue, in order with
    /// ``markRevoked()``, and blocks until done.
    func completeRawCopyUnlessRevoked(offset: Int64) -> Bool {
        queue.sync {
            guard !revoked else { return false }
            tracker.completePart(offset: offset, deadLettered: false)
            storeAdvancedOffset()
            return true
        }
    }

    /// Replaces `batch`, which SLS rejected as too large, by two halves and submits them. Passes false to
    /// `completion` when the batch contains a single entry and cannot be split, or when the partition was revoked.
    func split(_ batch: Batch, completion: @escaping @Sendable (Bool) -> Void) {
        queue.async { [self] in
            // After a revoke the next owner sends these records; the completion then leaves them to it.
            guard batch.entries.count > 1, !revoked else {
                completion(false)
                return
            }
            let middle = batch.entries.count / 2
            let halves = [batch.slice(0..<middle, id: context.nextBatchID()),
                          batch.slice(middle..<batch.entries.count, id: context.nextBatchID())]
            // A record with entries in both halves now needs two completions instead of one.
            let shared = Set(halves[0].records.map(\.offset)).intersection(halves[1].records.map(\.offset))
            for offset in shared.sorted() { tracker.addPart(offset: offset) }
            for half in halves { context.submit(half, lane: self) }
            completion(true)
        }
    }

    // MARK: Revoke and shutdown

    /// Seals the open batch and waits until every record of the lane is acknowledged or `deadline` passes.
    /// Returns the number of records still in flight.
    func drain(deadline: DispatchTime) -> Int {
        flush()
        while true {
            let remaining = queue.sync { tracker.inFlight }
            if remaining == 0 || DispatchTime.now() >= deadline { return remaining }
            usleep(5_000)
        }
    }

    /// Marks the lane revoked without sealing or sending anything, for a partition lost without a revoke: its open
    /// batches are discarded and their bytes given back. Returns the number of records still in flight.
    func abandon() -> Int {
        // Set first, so that batches sealed by records still queued on the lane are not sent.
        revokedFlag.store(true, ordering: .releasing)
        return queue.sync {
            for batch in openBatches.values {
                releaseInFlight(bytes: batch.rawBytes)
            }
            openBatches.removeAll()
            revoked = true
            return tracker.inFlight
        }
    }

    /// Stops storing offsets for this lane: after a revoke, a late acknowledgement must not commit anything.
    func markRevoked() {
        queue.sync { revoked = true }
        revokedFlag.store(true, ordering: .releasing)
    }

    /// Whether the lane's partition was revoked. Its batches that were not sent yet can be dropped: the next
    /// owner reads their records again from the last committed offset.
    var isRevoked: Bool { revokedFlag.load(ordering: .acquiring) }

    var snapshot: PartitionCounters {
        queue.sync {
            PartitionCounters(
                partition: partition, consumed: tracker.consumed, delivered: tracker.delivered,
                deadLettered: tracker.deadLettered, empty: tracker.empty, inFlight: tracker.inFlight,
                storedOffset: lastStoredOffset, recordTimes: recordTimes
            )
        }
    }

    // MARK: Work on the queue

    private func place(_ record: KafkaRecord, counts: inout NormalizationCounters) {
        if !firstOffsetLogged {
            // After a restart this is where reading resumed: records from here to the last offset delivered
            // before the stop may be delivered twice (the uncommitted window).
            context.logger.info("reading partition", metadata: [
                "kafka.topic": .string(partition.topic), "kafka.partition": .int(partition.partition),
                "kafka.offset": .integer(record.offset),
            ])
            firstOffsetLogged = true
        }
        tracker.begin(offset: record.offset)
        let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
        recordTimes.add(timestampMilliseconds: record.timestamp?.milliseconds, bytes: record.value?.count ?? 0,
                        readAtMilliseconds: receivedAt)
        let context = MessageContext(
            kafkaTimestampMilliseconds: record.timestamp?.milliseconds,
            receivedAtMilliseconds: receivedAt,
            kafkaOffset: record.offset,
            headers: record.headers.map { (name: $0.name, value: $0.value) }
        )
        let normalized = self.context.normalizer.normalize(record.value, context: context)
        counts.count(normalized)
        let rawBytes = record.value?.count ?? 0

        let tags = normalized.tags.map { LogTag(key: $0.key, value: $0.value) }
        // The entries of a message nearly always share one key. Their batch stays out of `openBatches` while
        // they are added and goes back when the key changes or the message ends.
        var heldBatch: Batch?
        var first = true
        var entryIndex: Int32 = 0
        let recordEntryCount = Int32(normalized.entries.count)
        for entry in normalized.entries {
            let key = BatchKey(hashKey: self.context.shardKey(entry), tags: tags)
            let size = LogEntrySize.inLogGroup(entry)
            if let heldKey = heldBatch?.key, heldKey != key, let held = heldBatch.take() {
                openBatches[held.key] = held
            }
            // take() moves the batch out without a copy, so its arrays stay uniquely referenced for the appends.
            var batch = heldBatch.take() ?? openBatches.removeValue(forKey: key)
            if let full = batch, !full.entries.isEmpty,
               full.entries.count >= self.context.batching.maxEntries
                || full.encodedBytes + size > self.context.batching.maxBytes
            {
                batch = nil
                noteOldestOpenBatch()
                self.context.submit(full, lane: self)
            }
            var openBatch = batch.take() ?? Batch(
                partition: partition, id: self.context.nextBatchID(),
                openedAtMilliseconds: self.context.monotonicMilliseconds(), key: key
            )
            if openBatch.records.last?.offset != record.offset {
                openBatch.records.append(record)
                openBatch.recordEntryCounts.append(recordEntryCount)
                tracker.addPart(offset: record.offset)
            }
            openBatch.entryRecords.append(openBatch.records.count - 1)
            openBatch.entryIsFirst.append(first)
            openBatch.entryIndices.append(entryIndex)
            entryIndex += 1
            if first {
                openBatch.firstEntryRecordCount += 1
                openBatch.rawBytes += rawBytes
                first = false
            }
            openBatch.entries.append(entry)
            openBatch.encodedBytes += size
            if openBatch.entries.count == 1 && openBatch.openedAtMilliseconds < oldestOpenedAtMilliseconds.load(ordering: .relaxed) {
                oldestOpenedAtMilliseconds.store(openBatch.openedAtMilliseconds, ordering: .relaxed)
            }
            // Without `consume`, Swift 6.3.1 in release builds copied the batch here and destroyed the local: a
            // retain and a release of every array, string and tag list of the batch for each entry.
            heldBatch = consume openBatch
        }
        if let held = heldBatch.take() {
            openBatches[held.key] = held
        }
        if normalized.entries.isEmpty { releaseInFlight(bytes: rawBytes) }
        if normalized.requiresDeadLetter {
            // The entries lost part of the record (a truncated value), so the whole record is also kept in the
            // dead-letter store; that durable copy is one more part the record waits for.
            tracker.addPart(offset: record.offset)
            self.context.keepRawCopy(of: record, causes: normalized.deadLetterCauses, lane: self)
        }
        tracker.finishPlacing(offset: record.offset)
        storeAdvancedOffset()
    }

    private func seal(_ key: BatchKey) {
        guard let batch = openBatches.removeValue(forKey: key) else { return }
        noteOldestOpenBatch()
        context.submit(batch, lane: self)
    }

    /// Publishes when the oldest open batch was opened, for ``sealIfLingering(nowMilliseconds:)``.
    private func noteOldestOpenBatch() {
        let oldest = openBatches.values.lazy.map(\.openedAtMilliseconds).min() ?? .max
        oldestOpenedAtMilliseconds.store(oldest, ordering: .relaxed)
    }

    private func storeAdvancedOffset() {
        guard let offset = tracker.advance(), !revoked else { return }
        lastStoredOffset = offset
        context.storeOffset(TopicPartitionOffset(partition, offset: offset))
    }
}

/// Reconciliation counts for one partition: consumed = delivered + dead-lettered + empty + in flight.
public struct PartitionCounters: Sendable, Equatable {
    public var partition: TopicPartition
    public var consumed: Int
    public var delivered: Int
    public var deadLettered: Int
    public var empty: Int
    public var inFlight: Int
    /// The last offset handed to the consumer for storing (the next offset to read), if any.
    public var storedOffset: Int64?
    /// When the records read were written to the hub, and how many bytes they had.
    public var recordTimes = RecordTimeSpan()
    /// Records not acknowledged when the partition was revoked; its next owner reads them again from the
    /// committed offset. Zero while the partition is assigned.
    public var handedOver = 0
}

/// The earliest and latest Kafka timestamps of the records read from one partition, and their value bytes.
///
/// A run that reads records written long before it started (a backlog) saw traffic of that longer time, so
/// rates over the run's own duration would overstate it.
public struct RecordTimeSpan: Sendable, Equatable {
    public private(set) var earliestMilliseconds: Int64?
    public private(set) var latestMilliseconds: Int64?
    /// Value bytes of the records with a timestamp.
    public private(set) var bytes = 0

    public init() {}

    /// The oldest record time that counts, before the time the record was read: 90 days, the longest
    /// retention Event Hubs offers (Premium and Dedicated tiers). A producer-set timestamp that is older, or
    /// zero, would stretch the span to years and price the traffic near zero.
    static let maximumAgeMilliseconds: Int64 = 90 * 86_400_000

    /// The latest record time that counts: an hour after the record was read, for clocks that run ahead.
    static let maximumLeadMilliseconds: Int64 = 3_600_000

    mutating func add(timestampMilliseconds: Int64?, bytes: Int, readAtMilliseconds: Int64) {
        guard let time = timestampMilliseconds, time >= readAtMilliseconds - Self.maximumAgeMilliseconds,
              time <= readAtMilliseconds + Self.maximumLeadMilliseconds
        else {
            return
        }
        earliestMilliseconds = min(earliestMilliseconds ?? time, time)
        latestMilliseconds = max(latestMilliseconds ?? time, time)
        self.bytes += bytes
    }

    /// Milliseconds from the earliest to the latest record time, or 0 with fewer than two distinct times.
    public var milliseconds: Int64 {
        guard let earliestMilliseconds, let latestMilliseconds else {
            return 0
        }
        return latestMilliseconds - earliestMilliseconds
    }
}

import AzureLogs
import Core
import Dispatch
import Foundation
import Kafka
import SLS
import Storage

/// The forwarding pipeline between the Kafka consumer and a Logstore backend.
///
/// Records are handed in by the poll thread (``ingest(_:)``), normalized and batched per partition by a
/// ``PartitionLane``, encoded by a ``BatchEncoder`` and sent by the ``DeliveryStage``. When the Logstore
/// accepts a batch, the pipeline writes its meter rows. When SLS rejects it for good, the pipeline writes the
/// batch's records to the dead-letter store. Only then does the lane acknowledge the records, and only a
/// contiguous run of acknowledged records moves the stored offset.
final class Pipeline: Sendable {
    /// The meter rows written for each accepted batch.
    struct MeterPolicy: Sendable {
        /// The modes that get a row: the configured mode for `run`, both modes for `dry-run`, because the
        /// bytes are the same and only the billing rules differ.
        var modes: [DestinationMode]
        var delivery: MeterDelivery
        var instanceID: String
        /// The Logstore settings recorded with every row and used for its index and storage values.
        var pricing = PricingConfiguration()
    }

    private let router: PipelineRouter
    private let context: PipelineContext
    private let encoder: BatchEncoder
    private let delivery: DeliveryStage
    private let meter: MeterWriter?
    private let meterPolicy: MeterPolicy
    private let deadLetters: DeadLetterStore?
    private let destination: DestinationConfiguration
    private let logger: Logger
    private let lanes = Locked<[TopicPartition: PartitionLane]>([:])
    /// Counters of lanes that were revoked, kept so that totals stay complete.
    private let retiredCounters = Locked<[PartitionCounters]>([])
    private let deadLetterQueue = DispatchQueue(label: "ehbridge.dead-letter")
    private let deadLetterCounters = Locked(DeadLetterCounters())
    /// When this pipeline started, in milliseconds since the Unix epoch: its raw copies were written after it.
    private let startedAtMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
    /// Rows of earlier runs that this pipeline updated and counted as written. Used on `deadLetterQueue` only.
    private nonisolated(unsafe) var earlierRowsCounted: Set<Int64> = []
    private let stopped = Locked(false)

    init(
        destination: DestinationConfiguration, batching: BatchingConfiguration, normalizer: AzureLogNormalizer,
        encoder: BatchEncoder, backend: any LogstoreBackend, retryPolicy: RetryPolicy, meter: MeterWriter?,
        meterPolicy: MeterPolicy, deadLetters: DeadLetterStore?, logger: Logger,
        storeOffset: @escaping @Sendable (TopicPartitionOffset) -> Void
    ) {
        let router = PipelineRouter()
        self.router = router
        self.destination = destination
        self.encoder = encoder
        self.meter = meter
        self.meterPolicy = meterPolicy
        self.deadLetters = deadLetters
        self.logger = logger
        self.context = PipelineContext(
            normalizer: normalizer, batching: batching, logger: logger,
            shardKey: { entry in destination.shardHashKey(for: entry) },
            submit: { batch, lane in router.pipeline?.send(batch, lane: lane) },
            keepRawCopy: { record, causes, lane in router.pipeline?.keepRawCopy(record, causes: causes, lane: lane) },
            storeOffset: storeOffset
        )
        var clock: (@Sendable (Int64) -> Void)?
        if let client = backend.underlyingBackend as? SLSClient {
            clock = { serverTime in client.synchronizeClock(serverTime: serverTime) }
        }
        self.delivery = DeliveryStage(
            backend: backend, maxConcurrentRequests: destination.maxConcurrentRequests, retryPolicy: retryPolicy,
            logger: logger, limiter: ConcurrencyLimiter(configuration: destination.concurrencyLimiterConfiguration),
            onClockSkew: clock, onDecision: { job, decision in router.pipeline?.decide(job, decision) }
        )
        router.attach(self)
    }

    // MARK: Input from the poll thread

    /// Hands records to their partitions' lanes. Records of a partition must arrive in offset order.
    func ingest(_ records: [KafkaRecord]) {
        guard !records.isEmpty else { return }
        var byPartition: [TopicPartition: [KafkaRecord]] = [:]
        var bytes = 0
        for record in records {
            byPartition[TopicPartition(topic: record.topic, partition: record.partition), default: []].append(record)
            bytes += record.value?.count ?? 0
        }
        context.reserveInFlight(bytes: bytes)
        for (partition, partitionRecords) in byPartition {
            var lane = lane(for: partition)
            var run: [KafkaRecord] = []
            for record in partitionRecords {
                if let previous = run.last?.offset ?? lane.lastIngestedOffset, record.offset <= previous {
                    dispatch(run, to: lane)
                    run = []
                    lane = restartLane(lane, from: previous, to: record.offset)
                }
                run.append(record)
            }
            dispatch(run, to: lane)
        }
    }

    private func dispatch(_ records: [KafkaRecord], to lane: PartitionLane) {
        guard !records.isEmpty else { return }
        lane.reserveInFlight(bytes: records.reduce(0) { $0 + ($1.value?.count ?? 0) })
        lane.ingest(records)
    }

    /// Replaces the lane of a partition whose offsets went back without a rebalance, as when librdkafka applies
    /// `auto.offset.reset` after an out-of-range fetch, for a hub deleted and created again. The old lane is
    /// abandoned like a lost partition: its records in flight count as handed over and are not committed. The new
    /// lane reads them again where they still exist.
    private func restartLane(_ lane: PartitionLane, from previous: Int64, to offset: Int64) -> PartitionLane {
        logger.warning("partition offsets went back without a rebalance; reading the partition again from the lower offset", metadata: [
            "kafka.topic": .string(lane.partition.topic), "kafka.partition": .int(lane.partition.partition),
            "kafka.previous_offset": .integer(previous), "kafka.offset": .integer(offset),
        ])
        abandon([lane.partition])
        return self.lane(for: lane.partition)
    }

    /// Seals batches whose linger time passed; the poll thread calls this on every loop.
    func tick() {
        let now = context.monotonicMilliseconds()
        for lane in lanes.withLock({ Array($0.values) }) {
            lane.sealIfLingering(nowMilliseconds: now)
        }
    }

    /// Raw Kafka bytes read but not yet acknowledged.
    var bytesInFlight: Int { context.bytesInFlight }

    /// Batches sealed and not yet decided: queued, sent or waiting to retry.
    var batchesInFlight: Int { delivery.outstanding }

    /// Raw Kafka bytes read but not yet acknowledged, per partition with an active lane.
    var bytesInFlightByPartition: [TopicPartition: Int] {
        lanes.withLock { lanes in lanes.mapValues(\.bytesInFlight) }
    }

    /// The error that stops writes until an operator acts, if one is active.
    var operatorAlert: OperatorAlert? { delivery.operatorAlert }

    // MARK: Rebalance and shutdown

    /// Drains the lanes of `partitions` before they are released: seals their open batches, waits for
    /// their acknowledgements until `deadline`, and then stops them from storing offsets. Returns the
    /// records still in flight per partition; those will be read again by the next owner.
    ///
    /// A revoke during a run counts those records as handed over. After ``stop()`` they stay in flight: the
    /// run ends without delivering them, and they are read again at the next start.
    @discardableResult
    func revoke(_ partitions: [TopicPartition], deadline: DispatchTime) -> [TopicPartition: Int] {
        // After a stop nothing more is sent, so waiting for acknowledgements could only delay the shutdown.
        let isStopped = stopped.withLock { $0 }
        let deadline = isStopped ? DispatchTime.now() : deadline
        var remaining: [TopicPartition: Int] = [:]
        let revoked = lanes.withLock { lanes in partitions.compactMap { lanes[$0] } }
        for lane in revoked {
            remaining[lane.partition] = lane.drain(deadline: deadline)
        }
        for lane in revoked {
            lane.markRevoked()
        }
        retire(revoked, isStopped: isStopped)
        return remaining
    }

    /// Releases partitions that were lost without a revoke, such as after a session timeout. Another member may
    /// own them already, so their open batches are discarded unsent and nothing is drained. Their records in flight
    /// count as handed over, and the next owner reads them again. Returns those records per partition.
    @discardableResult
    func abandon(_ partitions: [TopicPartition]) -> [TopicPartition: Int] {
        var remaining: [TopicPartition: Int] = [:]
        let lost = lanes.withLock { lanes in partitions.compactMap { lanes[$0] } }
        for lane in lost {
            remaining[lane.partition] = lane.abandon()
        }
        retire(lost, isStopped: stopped.withLock { $0 })
        return remaining
    }

    /// Moves the counters of revoked lanes to the retired ones and removes the lanes. Records still unacknowledged
    /// belong to the next owner, which reads them from the committed offset. After a stop they stay in flight.
    private func retire(_ revoked: [PartitionLane], isStopped: Bool) {
        var retired: [PartitionCounters] = []
        for lane in revoked {
            var counters = lane.snapshot
            if !isStopped {
                counters.handedOver = counters.inFlight
                counters.inFlight = 0
            }
            retired.append(counters)
        }
        delivery.dropRevoked()
        // In one critical section with the lanes' lock, so that a reader of the counters finds each partition
        // either active or retired, never both.
        lanes.withLock { lanes in
            retiredCounters.withLock { $0.append(contentsOf: retired) }
            for lane in revoked { lanes.removeValue(forKey: lane.partition) }
        }
    }

    /// Seals every open batch now, without waiting for acknowledgements. The poll loop calls this after the last
    /// record it will read, so the last batches need not wait for their linger.
    func flushAll() {
        for lane in lanes.withLock({ Array($0.values) }) {
            lane.flush()
        }
    }

    /// Seals every open batch and waits for acknowledgements until `deadline`. Returns the records
    /// still in flight.
    func drainAll(deadline: DispatchTime) -> Int {
        // A retry timer can outlast the drain: after an error that needed an operator, a retry waits up to a minute.
        delivery.beginDrain()
        return lanes.withLock { Array($0.values) }.reduce(0) { $0 + $1.drain(deadline: deadline) }
    }

    /// Stops sending; what is still undelivered is neither acknowledged nor stored.
    func stop() {
        stopped.withLock { $0 = true }
        delivery.stop()
    }

    // MARK: Counters

    /// The counters of every partition this pipeline read, sorted by topic and partition. A partition that was
    /// retired lists its retired counters in the order they were retired, then its assigned lane, if any.
    var partitionCounters: [PartitionCounters] {
        let (active, retired) = lanes.withLock { lanes in (Array(lanes.values), retiredCounters.withLock { $0 }) }
        // Sorting the indices keeps that order within a partition whether or not the sort is stable.
        let all = retired + active.map(\.snapshot)
        return all.indices.sorted { left, right in
            let (leftPartition, rightPartition) = (all[left].partition, all[right].partition)
            return (leftPartition.topic, leftPartition.partition, left) < (rightPartition.topic, rightPartition.partition, right)
        }.map { all[$0] }
    }


    var normalizationCounters: NormalizationCounters { context.normalization.withLock { $0 } }
    var deliveryCounters: DeliveryCounters { delivery.snapshot }
    var deadLetterCountersSnapshot: DeadLetterCounters { deadLetterCounters.withLock { $0 } }

    // MARK: Delivery

    private func lane(for partition: TopicPartition) -> PartitionLane {
        lanes.withLock { lanes in
            if let lane = lanes[partition] { return lane }
            let lane = PartitionLane(partition: partition, context: context)
            lanes[partition] = lane
            return lane
        }
    }

    fileprivate func send(_ batch: Batch, lane: PartitionLane) {
        // A lost partition's lane may still seal batches of records it had queued; another member sends those.
        guard !lane.isRevoked else {
            lane.releaseInFlight(of: batch)
            return
        }
        do {
            let request = try encoder.encode(batch)
            let meterValues = meter == nil ? nil : meterValues(of: batch, request: request)
            // From here on the request carries the entries, and the batch keeps the records for the dead-letter store.
            var waiting = batch
            waiting.releaseEntries()
            delivery.submit(DeliveryJob(batch: waiting, lane: lane, request: request, attempts: 0,
                                        meterValues: meterValues))
        } catch {
            // The built-in compressors do not fail on valid input; keep the records rather than lose them.
            logger.error("batch could not be compressed; dead-lettering its records", metadata: [
                "error": .string("\(error)"), "kafka.topic": .string(batch.partition.topic),
                "kafka.partition": .int(batch.partition.partition),
            ])
            deadLetter(batch, lane: lane, reason: "encoding_failed", code: "CompressionFailed",
                       message: "\(error)", attempts: 0)
        }
    }

    fileprivate func decide(_ job: DeliveryJob, _ decision: DeliveryDecision) {
        switch decision {
        case .accepted:
            // The batch's memory goes now; its offsets are acknowledged once its meter rows are committed.
            let lane = job.lane
            let offsets = job.batch.records.map(\.offset)
            let heldBytes = lane.releaseAccepted(job.batch)
            recordMeterRows(for: job) {
                lane.completeAccepted(offsets: offsets, heldBytes: heldBytes)
            }
        case .tooLarge(let error):
            var restored = job.batch
            let lane = job.lane
            // A single entry cannot be split, so only a larger batch needs its entries back.
            if restored.entries.isEmpty && restored.entryCount > 1 {
                do {
                    restored.restoreEntries(try Self.entries(of: job.request))
                } catch let decodingError {
                    // The request was encoded here, so this is not expected. Keep the records rather than lose them.
                    deadLetter(restored, lane: lane, reason: "entry_too_large", code: error.code,
                               message: "\(error.message); the rejected request could not be decoded for splitting: "
                                   + "\(decodingError)", attempts: job.attempts)
                    return
                }
            }
            let batch = restored
            lane.split(batch) { [self] didSplit in
                guard !didSplit else {
                    logger.warning("request rejected as too large; batch split in two and sent again", metadata: [
                        "sls.error_code": .string(error.code), "error": .string(error.message),
                        "kafka.topic": .string(batch.partition.topic), "kafka.partition": .int(batch.partition.partition),
                        "bridge.entries": .int(batch.entryCount), "sls.log_group_bytes": .int(job.request.rawSize),
                    ])
                    return
                }
                deadLetter(batch, lane: lane, reason: "entry_too_large", code: error.code,
                           message: error.message, attempts: job.attempts)
            }
        case .rejected(let error):
            deadLetter(job.batch, lane: job.lane, reason: "sls_rejected", code: error.code,
                       message: error.message, attempts: job.attempts)
        }
    }

    /// Returns the entries that `request` carries, decoded from its body.
    private static func entries(of request: PutLogsRequest) throws -> [LogEntry] {
        let raw = try SLSCompressor.decompress(request.body, using: request.compression, rawSize: request.rawSize)
        return try LogGroupDecoder.decode(raw).logs
    }

    /// Writes the meter rows of an accepted request, one per metered mode.
    ///
    /// NOTE: only accepted requests write rows, so records that give no entries and records SLS rejects are missing
    /// from the meter's raw bytes and Event Hubs events (6 % of the events in the demo, whose samples include empty
    /// envelopes). Azure egress is priced from the Kafka fetch samples where they exist, which count every record.
    private func recordMeterRows(for job: DeliveryJob, whenDurable: @escaping @Sendable () -> Void) {
        guard let meter, !meterPolicy.modes.isEmpty else {
            whenDurable()
            return
        }
        let remaining = Locked(meterPolicy.modes.count)
        let countDown: @Sendable () -> Void = {
            let isLast = remaining.withLock { count in
                count -= 1
                return count == 0
            }
            if isLast {
                whenDurable()
            }
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let pricing = meterPolicy.pricing
        let values = job.meterValues ?? meterValues(of: job.batch, request: job.request)
        var recordTimes = RecordTimeSpan()
        for record in job.batch.records {
            recordTimes.add(timestampMilliseconds: record.timestamp?.milliseconds, bytes: record.value?.count ?? 0,
                            readAtMilliseconds: now)
        }
        for mode in meterPolicy.modes {
            meter.record(MeterRecord(
                recordedAtMilliseconds: now, instanceID: meterPolicy.instanceID, mode: MeterMode(rawValue: mode.rawValue),
                delivery: meterPolicy.delivery, project: job.request.project, logstore: job.request.logstore,
                kafkaTopic: job.batch.partition.topic, kafkaPartition: job.batch.partition.partition,
                firstOffset: job.batch.firstOffset ?? -1, lastOffset: job.batch.lastOffset ?? -1,
                recordCount: job.batch.firstEntryRecordCount, entryCount: job.batch.entryCount,
                rawBytes: Int64(job.batch.rawBytes), normalizedBytes: Int64(job.request.rawSize),
                compressedBytes: Int64(job.request.body.count), compression: job.request.compression.rawValue,
                requestCount: job.attempts, indexedBytes: values.indexedBytes, storedBytes: values.storedBytes,
                billableEvents: values.billableEvents, logstoreProfile: pricing.logstoreProfile,
                firstRecordTimeMilliseconds: recordTimes.earliestMilliseconds,
                lastRecordTimeMilliseconds: recordTimes.latestMilliseconds
            ), whenDurable: countDown)
        }
    }

    /// Computes the meter values of `batch`, sent as `request`. The batch must still have its entries.
    private func meterValues(of batch: Batch, request: PutLogsRequest) -> BatchMeterValues {
        let pricing = meterPolicy.pricing
        return BatchMeterValues.compute(
            logGroup: encoder.logGroup(for: batch),
            recordValueSizes: batch.firstEntryRecordValueSizes,
            compressedBytes: request.body.count, indexMode: pricing.indexMode, indexFields: pricing.indexFields
        )
    }

    /// Keeps the whole record in the dead-letter store when its entries could not carry all of it, such as a
    /// value truncated to the SLS limit. The entries are still sent; the record waits for both.
    fileprivate func keepRawCopy(_ record: KafkaRecord, causes: [DeadLetterCause], lane: PartitionLane) {
        let reason = causes.first?.reasonID ?? "incomplete_entry"
        let message = causes.map(\.description).joined(separator: "; ")
        guard let deadLetters else {
            logger.warning("record needs a raw copy but no dead-letter store is configured", metadata: [
                "kafka.partition": .int(record.partition), "kafka.offset": .integer(record.offset), "bridge.reason": .string(reason),
            ])
            lane.completeRawCopy(offset: record.offset)
            return
        }
        let letter = deadLetter(for: record, reason: reason, code: "", message: message, attempts: 0)
        deadLetterQueue.async { [self] in
            // The next owner of a revoked or lost partition reads the record again and keeps its own copy.
            guard !lane.isRevoked else { return }
            let added = writeDurably([letter], to: deadLetters, partition: record.partition)
            // The revoke can also come while the write waits for a locked store; then the copy is taken back.
            guard lane.completeRawCopyUnlessRevoked(offset: record.offset) else {
                takeBack(added.insertedIDs, from: deadLetters, partition: lane.partition)
                return
            }
            deadLetterCounters.withLock { counters in
                counters.rawCopies += 1
                counters.byReason[reason, default: 0] += 1
                counters.writtenByReason[reason, default: 0] += 1
            }
        }
    }

    private func deadLetter(for record: KafkaRecord, reason: String, code: String, message: String, attempts: Int) -> DeadLetter {
        DeadLetter(
            createdAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000), kafkaTopic: record.topic,
            kafkaPartition: record.partition, kafkaOffset: record.offset,
            kafkaTimestampMilliseconds: record.timestamp?.milliseconds, kafkaKey: record.key, kafkaValue: record.value,
            kafkaHeaders: record.headers.map { DeadLetterHeader(name: $0.name, value: $0.value) },
            reason: Storage.DeadLetterReason(rawValue: reason), errorCode: code.isEmpty ? nil : code,
            errorMessage: SecretRedactor.shared.redact(message), mode: MeterMode(rawValue: destination.mode.rawValue),
            project: destination.project, logstore: destination.logstore, attempts: attempts
        )
    }

    /// Adds `letters` to the store, retrying a failing store with backoff until it succeeds: records are never
    /// acknowledged without a durable copy.
    @discardableResult
    private func writeDurably(
        _ letters: [DeadLetter], to store: DeadLetterStore, partition: Int32
    ) -> DeadLetterStore.AddResult {
        var failures = 0
        while true {
            do {
                return try store.add(letters)
            } catch {
                failures += 1
                logger.error("dead-letter store write failed; retrying", metadata: [
                    "error": .string("\(error)"), "bridge.attempts": .int(failures), "kafka.partition": .int(partition),
                ])
                Thread.sleep(forTimeInterval: min(30, 0.1 * pow(2, Double(min(failures, 9)))))
            }
        }
    }

    /// Deletes the raw copies this pipeline kept of the records of `batch` at `offsets`, now that those records are
    /// stored whole as refused, and returns their reasons. A raw copy marks a record that was delivered in part, and a record
    /// stored twice could be replayed twice. Runs on `deadLetterQueue`, after the raw copies were written, and
    /// reads only the rows of the batch's offsets that this pipeline wrote for its own destination, since another
    /// destination sharing the file keeps raw copies of the same records.
    private func removeRawCopies(of batch: Batch, offsets: Set<Int64>, from store: DeadLetterStore) -> [String] {
        guard let first = offsets.min(), let last = offsets.max() else { return [] }
        let filter = DeadLetterFilter(kafkaTopic: batch.partition.topic, kafkaPartition: batch.partition.partition,
                                      createdFromMilliseconds: startedAtMilliseconds, kafkaOffsets: first...last)
        var copies: [(id: Int64, reason: String)] = []
        do {
            var after: Int64?
            while true {
                // A row that cannot be read is skipped: it is not one of the raw copies this pipeline wrote.
                let page = try store.page(limit: 500, after: after, filter: filter)
                for letter in page.letters where offsets.contains(letter.kafkaOffset)
                    && DeadLetterReplayer.rawCopyReasons.contains(letter.reason.rawValue)
                    && DeadLetterReplayer.belongs(letter, to: destination) {
                    if let id = letter.id { copies.append((id, letter.reason.rawValue)) }
                }
                guard page.letters.count + page.damaged.count == 500, let lastID = page.lastID else { break }
                after = lastID
            }
            try store.remove(ids: copies.map(\.id))
        } catch {
            // The refused records are stored whole all the same, so the raw copies only stay as extra rows.
            logger.error("failed to remove the raw copies of refused records from the dead-letter store", metadata: [
                "error": .string("\(error)"), "kafka.topic": .string(batch.partition.topic),
                "kafka.partition": .int(batch.partition.partition), "kafka.first_offset": .integer(first),
                "kafka.last_offset": .integer(last),
            ])
            return []
        }
        return copies.map(\.reason)
    }

    /// Writes the batch's records to the dead-letter store, durably, and only then acknowledges them. A
    /// failing store is retried; the records are never acknowledged without a durable copy.
    private func deadLetter(_ batch: Batch, lane: PartitionLane, reason: String, code: String, message: String, attempts: Int) {
        guard let deadLetters else {
            logger.critical("records rejected by the Logstore and no dead-letter store is configured; they stay unacknowledged",
                            metadata: ["kafka.topic": .string(batch.partition.topic), "kafka.partition": .int(batch.partition.partition),
                                       "sls.error_code": .string(code)])
            return
        }
        // A record with entries in other batches keeps only the entries of this one, so that a replay does not
        // send the others, which SLS may have accepted, a second time.
        let letters = batch.records.enumerated().map { index, record in
            var letter = deadLetter(for: record, reason: reason, code: code, message: message, attempts: attempts)
            letter.refusedEntries = batch.partialEntries(ofRecord: index)
            return letter
        }
        deadLetterQueue.async { [self] in
            // The records of a revoked partition belong to the next owner, which reads them again from the committed
            // offset and keeps them itself if SLS rejects them again. Storing them here too would count records
            // that the revoke counted as handed over, or as in flight after a stop.
            guard !lane.isRevoked else {
                lane.releaseInFlight(of: batch)
                logLeftToNextOwner(batch, reason: reason, code: code)
                return
            }
            let added = writeDurably(letters, to: deadLetters, partition: batch.partition.partition)
            // Before the acknowledgement, so that a crash cannot leave a committed record with both copies.
            // Only for records stored whole: a record refused in part keeps its raw copy, the one full copy of the
            // entries that were delivered truncated.
            let wholeOffsets = Set(letters.filter { $0.refusedEntries == nil }.map(\.kafkaOffset))
            let replaced = removeRawCopies(of: batch, offsets: wholeOffsets, from: deadLetters)
            // The revoke can also come while the write waits for a locked store. Then the rows the write inserted
            // are taken back, rows that it only updated keep the new error and attempt count, and the raw copies
            // removed above stay removed: the next owner makes its own.
            let completed = lane.completeDeadLettered(batch)
            // A record whose entries were in two refused batches has one row, which the second batch updated, so
            // it counts once. A row of an earlier run that this one updated counts as written again, once.
            var newRecords = added.insertedCount
            for row in added.updatedRows where row.createdAtMilliseconds < startedAtMilliseconds {
                if earlierRowsCounted.insert(row.id).inserted {
                    newRecords += 1
                }
            }
            deadLetterCounters.withLock { counters in
                counters.rawCopies -= replaced.count
                for reason in replaced { counters.byReason[reason, default: 1] -= 1 }
                if completed {
                    counters.records += newRecords
                    counters.entries += batch.entryCount
                    counters.byReason[reason, default: 0] += newRecords
                    counters.writtenByReason[reason, default: 0] += newRecords
                }
            }
            guard completed else {
                takeBack(added.insertedIDs, from: deadLetters, partition: batch.partition)
                logLeftToNextOwner(batch, reason: reason, code: code)
                return
            }
            logger.warning("records dead-lettered", metadata: [
                "bridge.reason": .string(reason), "sls.error_code": .string(code),
                "kafka.topic": .string(batch.partition.topic), "kafka.partition": .int(batch.partition.partition),
                "kafka.first_offset": .integer(batch.firstOffset ?? -1), "kafka.last_offset": .integer(batch.lastOffset ?? -1),
                "bridge.records": .int(batch.records.count),
            ])
        }
    }

    /// Removes the dead letters `ids`, trying three times, since the store was just locked. It runs on
    /// `deadLetterQueue` before any later write: when the partition comes back to this process, a later refusal of
    /// the same record updates the same row, and a removal after that update would lose the record. Rows that stay
    /// are logged, because they repeat records that the next owner reads again.
    private func takeBack(_ ids: [Int64], from store: DeadLetterStore, partition: TopicPartition) {
        guard !ids.isEmpty else { return }
        removeDurably(ids, from: store, partition: partition)
    }

    private func removeDurably(_ ids: [Int64], from store: DeadLetterStore, partition: TopicPartition) {
        for attempt in 1...3 {
            do {
                try store.remove(ids: ids)
                return
            } catch {
                if attempt == 3 {
                    logger.error("dead letters of a revoked partition could not be taken back; they stay in the store", metadata: [
                        "error": .string("\(error)"), "kafka.topic": .string(partition.topic),
                        "kafka.partition": .int(partition.partition), "bridge.records": .int(ids.count),
                    ])
                } else {
                    Thread.sleep(forTimeInterval: 0.2 * Double(attempt))
                }
            }
        }
    }

    private func logLeftToNextOwner(_ batch: Batch, reason: String, code: String) {
        logger.info("rejected records of a revoked partition left to its next owner", metadata: [
            "bridge.reason": .string(reason), "sls.error_code": .string(code),
            "kafka.topic": .string(batch.partition.topic), "kafka.partition": .int(batch.partition.partition),
            "kafka.first_offset": .integer(batch.firstOffset ?? -1),
            "kafka.last_offset": .integer(batch.lastOffset ?? -1),
        ])
    }
}

/// Counts of records written to the dead-letter store by this pipeline.
public struct DeadLetterCounters: Sendable, Equatable {
    /// Records refused by SLS and written to the store in place of delivery.
    public var records = 0
    public var entries = 0
    /// Records delivered with a truncated entry whose full copy was also written to the store.
    public var rawCopies = 0
    /// The records this pipeline's letters hold in the store, by reason. A refused record that replaces its raw
    /// copy moves from the copy's reason to the refusal's, so a reason's count can fall.
    public var byReason: [String: Int] = [:]
    /// Records written to the store by reason, which only grows: the `ehbridge_dead_lettered_records_total` counter.
    public var writtenByReason: [String: Int] = [:]
}

/// Lets the lanes and the delivery stage call back into the pipeline without a reference cycle.
private final class PipelineRouter: Sendable {
    private struct Box: Sendable { weak var pipeline: Pipeline? }
    private let box = Locked(Box())

    var pipeline: Pipeline? { box.withLock { $0.pipeline } }

    func attach(_ pipeline: Pipeline) {
        box.withLock { $0.pipeline = pipeline }
    }
}

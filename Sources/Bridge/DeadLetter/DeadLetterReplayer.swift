import AzureLogs
import Core
import Dispatch
import Foundation
import Kafka
import SLS
import Storage

/// Re-sends dead-lettered records through the normal path (normalize, encode, PutLogs) and removes each one
/// the Logstore accepts. A record that fails again stays in the store with its new error and attempt count.
///
/// Each record is sent in requests of its own, so that acceptance maps to exactly one dead letter. Its entries
/// carry the fields and tags the pipeline gives them, and they go out in several requests only when they exceed
/// the LogGroup limits or, with `shard_hash_field`, belong to several shards.
///
/// Transient failures (network errors, 5xx, 429, quota) are retried with backoff up to ``maxAttempts`` times. A
/// record whose attempts run out stays in the store, so nothing is lost and the replay can be run again. A failure
/// that later letters would meet too (rejected credentials, a missing Logstore, attempts run out) stops the replay
/// after that letter, with ``Summary/stopReason``.
public struct DeadLetterReplayer: Sendable {
    public struct Summary: Sendable, Equatable {
        /// Dead letters read from the store.
        public var attempted = 0
        /// Accepted by the Logstore and removed from the store.
        public var replayed = 0
        /// Still refused or still failing; kept in the store.
        public var kept = 0
        /// Records whose value produced no entries; removed, since there is nothing to send.
        public var empty = 0
        /// Raw copies of records that were delivered with a truncated or repaired entry; left in the store,
        /// since sending them again would duplicate what the Logstore already has.
        public var skippedRawCopies = 0
        /// ``skippedRawCopies`` by reason.
        public var skippedRawCopiesByReason: [String: Int] = [:]
        /// Dead letters kept for another project, Logstore or mode, which a replay with this configuration would
        /// send to the wrong place; left in the store.
        public var skippedOtherDestination = 0
        /// The last error per SLS error code among the kept records.
        public var errors: [String: String] = [:]
        /// Why the replay stopped before the end: a failure that every later letter would meet as well (rejected
        /// credentials, a missing Logstore, a Logstore unreachable after every retry). Nil when it went through.
        public var stopReason: String?
        /// Whether `shouldStop` ended the replay before the last letter, such as after a stop signal.
        public var interrupted = false
        /// Rows that could not be read as dead letters; left in the store.
        public var damaged: [DamagedDeadLetter] = []
    }

    public let configuration: BridgeConfiguration
    public let maxAttempts: Int
    private let backend: any LogstoreBackend
    private let logger: Logger

    public init(configuration: BridgeConfiguration, backend: (any LogstoreBackend)? = nil, maxAttempts: Int = 5, logger: Logger) {
        self.configuration = configuration
        self.maxAttempts = maxAttempts
        self.logger = logger
        self.backend = backend ?? SLSClient(
            configuration: BridgeService.clientConfiguration(configuration.destination, logger: logger.child(label: "credentials")),
            logger: logger.child(label: "sls")
        )
    }

    /// Reasons of raw copies: the record was delivered, but an entry lost part of it (a value truncated to the
    /// SLS limit, bytes that were not UTF-8, a gzip value that could not be inflated, and the others of
    /// ``DeadLetterCause``).
    public static let rawCopyReasons: Set<String> = DeadLetterCause.reasonIDs

    /// Replays up to `limit` dead letters that match `filter`, oldest first. Raw copies (``rawCopyReasons``) are
    /// skipped unless `includeRawCopies` is set, because their records already reached the Logstore. Between two
    /// letters it stops early once `shouldStop` returns true, such as after a stop signal.
    /// - Throws: ``DeadLetterReplayError`` when another replay has locked the store, besides storage and SLS errors.
    public func replay(
        filter: DeadLetterFilter = .all, limit: Int? = nil, includeRawCopies: Bool = false,
        shouldStop: () -> Bool = { false }
    ) throws -> Summary {
        let lock = try ReplayLock(storePath: configuration.deadLetterPath)
        defer { withExtendedLifetime(lock) {} }
        let store = try DeadLetterStore(path: configuration.deadLetterPath, logger: logger.child(label: "dead-letter"))
        defer { store.close() }
        let meter = try MeterWriter(path: configuration.meter.path, logger: logger.child(label: "meter"))
        defer { meter.close() }
        defer { backend.shutdown() }

        let destination = configuration.destination
        let encoder = BatchEncoder(
            project: destination.project, logstore: destination.logstore, compression: destination.compression,
            topic: destination.topic, source: destination.source ?? BridgeService.defaultLogSource(configuration.source),
            extraTags: [LogTag(key: "ehb_replayed", value: "true")]
        )
        let normalizer = AzureLogNormalizer(options: configuration.normalization)
        var summary = Summary()
        var cursor: Int64?
        while limit.map({ summary.attempted < $0 }) ?? true, summary.stopReason == nil, !summary.interrupted {
            let page = try store.page(limit: min(500, limit.map { $0 - summary.attempted } ?? 500), after: cursor, filter: filter)
            guard !page.isEmpty else { break }
            // After the page is read, so that a signal after the last letter does not count as an interruption.
            if shouldStop() {
                summary.interrupted = true
                break
            }
            cursor = page.lastID
            for row in page.damaged {
                logger.warning("dead-letter row cannot be read; left in the store", metadata: [
                    "storage.path": .string(configuration.deadLetterPath), "dead_letter.id": .int(Int(row.id)),
                    "error": .string(row.problem),
                ])
            }
            summary.damaged += page.damaged
            for letter in page.letters {
                if summary.stopReason != nil { break }
                if shouldStop() {
                    summary.interrupted = true
                    break
                }
                if !Self.belongs(letter, to: destination) {
                    summary.skippedOtherDestination += 1
                    continue
                }
                if !includeRawCopies, Self.rawCopyReasons.contains(letter.reason.rawValue) {
                    summary.skippedRawCopies += 1
                    summary.skippedRawCopiesByReason[letter.reason.rawValue, default: 0] += 1
                    continue
                }
                summary.attempted += 1
                try replay(letter, store: store, meter: meter, encoder: encoder, normalizer: normalizer, summary: &summary)
            }
        }
        logger.info("dead-letter replay finished", metadata: [
            "bridge.attempted": .int(summary.attempted), "bridge.replayed": .int(summary.replayed),
            "bridge.kept": .int(summary.kept), "bridge.empty": .int(summary.empty),
        ])
        return summary
    }

    /// Returns whether `letter` was kept for `destination`. A letter without a destination (written before the
    /// store kept one) belongs to any.
    static func belongs(_ letter: DeadLetter, to destination: DestinationConfiguration) -> Bool {
        (letter.project.map { $0 == destination.project } ?? true)
            && (letter.logstore.map { $0 == destination.logstore } ?? true)
            && (letter.mode.map { $0.rawValue == destination.mode.rawValue } ?? true)
    }

    private func replay(
        _ letter: DeadLetter, store: DeadLetterStore, meter: MeterWriter, encoder: BatchEncoder,
        normalizer: AzureLogNormalizer, summary: inout Summary
    ) throws {
        let record = KafkaRecord(
            topic: letter.kafkaTopic, partition: letter.kafkaPartition, offset: letter.kafkaOffset,
            timestamp: letter.kafkaTimestampMilliseconds.map { KafkaTimestamp(milliseconds: $0, kind: .createTime) },
            key: letter.kafkaKey, value: letter.kafkaValue,
            headers: letter.kafkaHeaders.map { KafkaHeader(name: $0.name, value: $0.value) }
        )
        // The same context as the pipeline's, so that a replayed entry carries `ehb_kafka_offset` and the header
        // tags that it would have carried when first delivered.
        let normalized = normalizer.normalize(record.value, context: MessageContext(
            kafkaTimestampMilliseconds: letter.kafkaTimestampMilliseconds,
            receivedAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000),
            kafkaOffset: letter.kafkaOffset,
            headers: letter.kafkaHeaders.map { (name: $0.name, value: $0.value) }
        ))
        guard let id = letter.id else { return }
        let isRawCopy = Self.rawCopyReasons.contains(letter.reason.rawValue)
        // A raw copy's record was delivered already, so entries that still lose part of it are not sent again. A
        // record that never reached the Logstore is sent as the pipeline sends it, then kept as a raw copy.
        if normalized.requiresDeadLetter && isRawCopy {
            let causes = normalized.deadLetterCauses
            var advice: [String] = []
            for cause in causes where !advice.contains(cause.replayAdvice) {
                advice.append(cause.replayAdvice)
            }
            var updated = letter
            updated.attempts = 0
            updated.errorCode = causes.allSatisfy(\.isFixedByLimits) ? "StillExceedsLimits" : "NotRepairable"
            updated.errorMessage = (causes.map(\.description) + advice).joined(separator: "; ")
            try store.add([updated])
            summary.kept += 1
            summary.errors[updated.errorCode ?? "NotRepairable"] = updated.errorMessage
            return
        }
        if normalized.entries.isEmpty {
            try store.remove(ids: [id])
            summary.empty += 1
            return
        }

        // A record goes out in as few requests as SLS allows: one per shard, unless its entries exceed the LogGroup
        // limits. When a later request fails, the letter keeps only the entries not yet accepted, so that the next
        // replay does not send the others again. As in the pipeline, the record, its raw bytes and its events count
        // in the meter row of the request that contains its first entry (number 0).
        let (toSend, countedBefore) = entriesToSend(normalized.entries, of: letter)
        let tags = normalized.tags.map { LogTag(key: $0.key, value: $0.value) }
        let chunks = Self.keyedChunks(
            of: toSend.map { normalized.entries[$0] }, tags: tags, shardKey: configuration.destination.shardHashKey(for:),
            batching: Self.requestLimits(configuration.normalization.limits)
        )
        var attempts = 0
        var lastError: SLSServiceError?
        var lastFailure = ""
        var lastClass = SLSErrorClass.retryable
        var accepted: Set<Int> = []
        for (key, positions) in chunks {
            let numbers = positions.map { toSend[$0] }
            let holdsFirstEntry = !isRawCopy && !countedBefore && numbers.contains(0)
            var batch = Batch(partition: record.topicPartition, id: UInt64(id), openedAtMilliseconds: 0, key: key)
            batch.records = [record]
            batch.entries = numbers.map { normalized.entries[$0] }
            batch.entryRecords = Array(repeating: 0, count: numbers.count)
            batch.entryIsFirst = numbers.map { $0 == 0 }
            batch.firstEntryRecordCount = holdsFirstEntry ? 1 : 0
            batch.rawBytes = holdsFirstEntry ? record.value?.count ?? 0 : 0
            let request = try encoder.encode(batch)
            let outcome = sendWithRetries(request)
            attempts += outcome.attempts
            guard outcome.accepted else {
                lastError = outcome.lastError
                lastFailure = outcome.lastFailure
                lastClass = outcome.lastClass
                break
            }
            accepted.formUnion(numbers)
            meter.record(meterRecord(
                of: batch, request: request, encoder: encoder, attempts: outcome.attempts, isRawCopy: !holdsFirstEntry
            ))
        }
        let allAccepted = accepted.count == toSend.count

        if allAccepted {
            // The meter rows go to disk before the letter leaves the store: a process that ends between the two
            // sends the record again at the next replay, rather than leaving an accepted request unmetered.
            if !meter.flush(timeoutMilliseconds: 30_000) {
                logger.warning("meter rows of a replayed record not committed within 30 s; the letter is removed anyway", metadata: [
                    "storage.path": .string(configuration.meter.path), "dead_letter.id": .int(Int(id)),
                ])
            }
            if normalized.requiresDeadLetter {
                // Delivered now, but its entries lose part of it, so it stays as a raw copy, as in the pipeline.
                let causes = normalized.deadLetterCauses
                var copy = letter
                // A raw copy keeps the whole record, whatever part of it this letter was refused for.
                copy.refusedEntries = nil
                copy.reason = DeadLetterReason(rawValue: causes.first?.reasonID ?? "incomplete_entry")
                copy.errorCode = nil
                copy.errorMessage = causes.map(\.description).joined(separator: "; ")
                copy.attempts = 0
                // The store keys letters by record, reason and destination, so the copy updates the raw copy the
                // pipeline kept, or becomes a letter of its own. The rejected letter is removed after it.
                try store.add([copy])
            }
            try store.remove(ids: [id])
            summary.replayed += 1
            return
        }

        var updated = letter
        updated.attempts = attempts
        updated.errorCode = lastError?.code ?? "transport"
        updated.errorMessage = SecretRedactor.shared.redact(lastFailure)
        if !accepted.isEmpty {
            // The accepted requests are in the Logstore, so the letter keeps only the other entries. Their meter rows
            // are committed first: a process that ends before the letter changes sends them again, rather than
            // leaving accepted requests unmetered.
            if !meter.flush(timeoutMilliseconds: 30_000) {
                logger.warning("meter rows of a partly replayed record not committed within 30 s", metadata: [
                    "storage.path": .string(configuration.meter.path), "dead_letter.id": .int(Int(id)),
                ])
            }
            updated.refusedEntries = try store.removeAcceptedEntries(
                id: id, accepted: accepted, recordEntryCount: normalized.entries.count
            )
        }
        try store.add([updated])
        summary.kept += 1
        summary.errors[updated.errorCode ?? "transport"] = updated.errorMessage
        logger.warning("dead letter not replayed; kept in the store", metadata: [
            "kafka.topic": .string(letter.kafkaTopic), "kafka.partition": .int(letter.kafkaPartition),
            "kafka.offset": .integer(letter.kafkaOffset), "sls.error_code": .string(updated.errorCode ?? "transport"),
            "error": .string(updated.errorMessage),
        ])
        if let advice = Self.stopAdvice(lastClass) {
            summary.stopReason = "dead letter \(id) failed with \(updated.errorCode ?? "a transport error"): "
                + "\(updated.errorMessage); \(advice). The letters after it were not attempted"
        }
    }

    /// Returns what to do when a failure of `errorClass` would fail every later letter too, or nil when it
    /// concerns this letter's data alone (a rejected or too large request), so the replay goes on.
    static func stopAdvice(_ errorClass: SLSErrorClass) -> String? {
        switch errorClass {
        case .rejected, .bodyTooLarge:
            nil
        case .needsOperator:
            "fix the credentials (destination.access_key_id and access_key_secret, or credentials_file or "
                + "credentials_url), the RAM permissions, destination.project or destination.logstore, then run the replay again"
        case .retryable, .quotaExceeded, .clockSkew:
            "the Logstore stayed unreachable, busy or out of quota through every retry; run the replay again later"
        }
    }

    /// Returns the numbers of the entries of `letter`'s record to send, ascending: those the letter keeps, or all of
    /// them. `countedBefore` is true when the letter keeps entries without number 0: the request that delivered
    /// entry 0 metered the record, its raw bytes and its events.
    private func entriesToSend(_ entries: [LogEntry], of letter: DeadLetter) -> (numbers: [Int], countedBefore: Bool) {
        guard let refused = letter.refusedEntries else { return (Array(entries.indices), false) }
        let countedBefore = refused.indices.first != 0
        guard refused.recordEntryCount == entries.count else {
            logger.warning("dead letter keeps part of its record, but the record now normalizes to another number of entries; sending every entry", metadata: [
                "dead_letter.id": .int(Int(letter.id ?? 0)), "bridge.refused_entries": .string(refused.text),
                "bridge.entries_then": .int(refused.recordEntryCount), "bridge.entries_now": .int(entries.count),
            ])
            return (Array(entries.indices), countedBefore)
        }
        return (refused.indices, countedBefore)
    }

    /// Returns the limits of one replay request: those of a LogGroup, rather than the pipeline's batching limits,
    /// which keep batches small for latency and memory, not for SLS.
    static func requestLimits(_ limits: NormalizationLimits) -> BatchingConfiguration {
        BatchingConfiguration(maxEntries: limits.maximumLogGroupEntries, maxBytes: limits.maximumLogGroupBytes)
    }

    /// Groups `entries` by the key the pipeline batches them under (shard hash key and LogGroup `tags`), in the
    /// order each key first appears, and splits each group into runs of at most `maxEntries` entries and `maxBytes`
    /// bytes of encoded LogGroup. Returns the positions in `entries` of each run's entries, which keep their order
    /// within a key, as they do in the pipeline. An entry larger than the byte limit goes alone.
    static func keyedChunks(
        of entries: [LogEntry], tags: [LogTag], shardKey: (LogEntry) -> String?, batching: BatchingConfiguration
    ) -> [(key: BatchKey, positions: [Int])] {
        var keys: [BatchKey] = []
        var groups: [BatchKey: [Int]] = [:]
        for (position, entry) in entries.enumerated() {
            let key = BatchKey(hashKey: shardKey(entry), tags: tags)
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(position)
        }
        return keys.flatMap { key in
            chunks(of: groups[key] ?? [], in: entries, batching: batching).map { (key: key, positions: $0) }
        }
    }

    /// Splits the entries at `positions` into runs that each fit one request.
    private static func chunks(of positions: [Int], in entries: [LogEntry], batching: BatchingConfiguration) -> [[Int]] {
        var chunks: [[Int]] = []
        var current: [Int] = []
        var currentBytes = 0
        for position in positions {
            let bytes = LogEntrySize.inLogGroup(entries[position])
            if !current.isEmpty, current.count >= batching.maxEntries || currentBytes + bytes > batching.maxBytes {
                chunks.append(current)
                current = []
                currentBytes = 0
            }
            current.append(position)
            currentBytes += bytes
        }
        if !current.isEmpty {
            chunks.append(current)
        }
        return chunks
    }

    /// Sends `request` until it is accepted, refused for good, or `maxAttempts` attempts are spent.
    private func sendWithRetries(
        _ request: PutLogsRequest
    ) -> (accepted: Bool, attempts: Int, lastError: SLSServiceError?, lastFailure: String, lastClass: SLSErrorClass) {
        var attempts = 0
        var lastError: SLSServiceError?
        var lastFailure = ""
        // A network error or timeout has no response, and counts as retryable.
        var lastClass = SLSErrorClass.retryable
        var retrying = true
        while retrying, attempts < maxAttempts {
            attempts += 1
            switch send(request) {
            case .accepted:
                return (true, attempts, nil, "", .retryable)
            case .failed(.transport(let error)):
                lastFailure = "\(error)"
                lastClass = .retryable
            case .failed(.service(let error, let serverTime)):
                lastError = error
                lastFailure = error.message
                lastClass = error.errorClass
                switch error.errorClass {
                case .retryable, .quotaExceeded:
                    break
                case .clockSkew:
                    if let serverTime, let client = backend as? SLSClient { client.synchronizeClock(serverTime: serverTime) }
                case .bodyTooLarge, .rejected, .needsOperator:
                    retrying = false
                }
            }
            if retrying, attempts < maxAttempts {
                Thread.sleep(forTimeInterval: Double(configuration.delivery.retryPolicy.delayMilliseconds(afterAttempts: attempts)) / 1000)
            }
        }
        return (false, attempts, lastError, lastFailure, lastClass)
    }

    /// Returns the meter row of a replayed record that the Logstore accepted.
    ///
    /// The row counts what SLS receives again: entries, normalized and compressed bytes, index and storage. A raw
    /// copy's record was read from Kafka and delivered, truncated, when it was first consumed, and that delivery
    /// counted its Kafka bytes and Event Hubs events, so its row counts no record, no raw bytes and no events.
    private func meterRecord(
        of batch: Batch, request: PutLogsRequest, encoder: BatchEncoder, attempts: Int, isRawCopy: Bool
    ) -> MeterRecord {
        let pricing = configuration.pricing
        let values = BatchMeterValues.compute(
            logGroup: encoder.logGroup(for: batch), recordValueSizes: isRawCopy ? [] : [batch.rawBytes],
            compressedBytes: request.body.count, indexMode: pricing.indexMode, indexFields: pricing.indexFields
        )
        let record = batch.records[0]
        return MeterRecord(
            recordedAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000),
            instanceID: configuration.meter.instanceID,
            mode: MeterMode(rawValue: configuration.destination.mode.rawValue), delivery: .sent,
            project: request.project, logstore: request.logstore, kafkaTopic: record.topic,
            kafkaPartition: record.partition, firstOffset: record.offset, lastOffset: record.offset,
            recordCount: isRawCopy ? 0 : 1, entryCount: batch.entryCount, rawBytes: isRawCopy ? 0 : Int64(batch.rawBytes),
            normalizedBytes: Int64(request.rawSize), compressedBytes: Int64(request.body.count),
            compression: request.compression.rawValue, requestCount: attempts, indexedBytes: values.indexedBytes,
            storedBytes: values.storedBytes, billableEvents: values.billableEvents,
            logstoreProfile: pricing.logstoreProfile
        )
    }

    private func send(_ request: PutLogsRequest) -> PutLogsResult {
        let done = DispatchSemaphore(value: 0)
        let result = Locked<PutLogsResult?>(nil)
        backend.putLogs(request) { outcome in
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }
}

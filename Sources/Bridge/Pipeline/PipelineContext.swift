import AzureLogs
import Core
import Dispatch
import Kafka
import Synchronization

/// The state every partition lane shares: the normalizer, the batching limits, the path to delivery, the
/// path back to the consumer's offset store, and pipeline-wide counters.
final class PipelineContext: Sendable {
    let normalizer: AzureLogNormalizer
    let batching: BatchingConfiguration
    let logger: Logger
    /// The shard hash key of an entry, or nil to let SLS pick the shard.
    let shardKey: @Sendable (LogEntry) -> String?
    private let submitBatch: @Sendable (Batch, PartitionLane) -> Void
    private let rawCopyHandler: @Sendable (KafkaRecord, [DeadLetterCause], PartitionLane) -> Void
    private let storeOffsetHandler: @Sendable (TopicPartitionOffset) -> Void

    private let batchIDs = Atomic<UInt64>(0)
    private let inFlightBytes = Atomic<Int>(0)
    let normalization = Locked(NormalizationCounters())

    init(
        normalizer: AzureLogNormalizer, batching: BatchingConfiguration, logger: Logger,
        shardKey: @escaping @Sendable (LogEntry) -> String? = { _ in nil },
        submit: @escaping @Sendable (Batch, PartitionLane) -> Void,
        keepRawCopy: @escaping @Sendable (KafkaRecord, [DeadLetterCause], PartitionLane) -> Void,
        storeOffset: @escaping @Sendable (TopicPartitionOffset) -> Void
    ) {
        self.normalizer = normalizer
        self.batching = batching
        self.logger = logger
        self.shardKey = shardKey
        self.submitBatch = submit
        self.rawCopyHandler = keepRawCopy
        self.storeOffsetHandler = storeOffset
    }

    func nextBatchID() -> UInt64 {
        batchIDs.wrappingAdd(1, ordering: .relaxed).newValue
    }

    func monotonicMilliseconds() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds / 1_000_000
    }

    func submit(_ batch: Batch, lane: PartitionLane) {
        submitBatch(batch, lane)
    }

    /// Writes the whole record to the dead-letter store and then calls `lane.completeRawCopy(offset:)`.
    func keepRawCopy(of record: KafkaRecord, causes: [DeadLetterCause], lane: PartitionLane) {
        rawCopyHandler(record, causes, lane)
    }

    func storeOffset(_ offset: TopicPartitionOffset) {
        storeOffsetHandler(offset)
    }

    /// Raw Kafka bytes read but not yet acknowledged; flow control pauses consumption above a bound.
    ///
    /// The poll loop skips flow decisions while this is below the high watermark, so it must not fall below the
    /// sum of the lanes' own counts. Ingest adds here before it adds to a lane, and a lane subtracts its own count
    /// first. With relaxed loads the poll thread may see this count lowered before a lane's, but only by bytes
    /// already released, which no decision should count.
    var bytesInFlight: Int { inFlightBytes.load(ordering: .relaxed) }

    func reserveInFlight(bytes: Int) {
        inFlightBytes.add(bytes, ordering: .relaxed)
    }

    func releaseInFlight(bytes: Int) {
        guard bytes > 0 else { return }
        inFlightBytes.subtract(bytes, ordering: .relaxed)
    }

    /// Adds the counts a lane gathered over one run of its queue. Lanes count locally and add once per run,
    /// because dozens of lanes taking this lock for every record contend for it.
    func addNormalizationCounts(_ counts: NormalizationCounters) {
        normalization.withLock { $0.add(counts) }
    }
}

/// How many Kafka messages normalization parsed, found empty, or could not parse.
public struct NormalizationCounters: Sendable, Equatable {
    public var parsedMessages = 0
    /// Azure records found in the parsed messages (one log entry each).
    public var records = 0
    public var emptyMessages = 0
    /// Messages that were not valid JSON and were forwarded as one raw entry each.
    public var parseErrors = 0
    /// Entries whose time SLS would reject (too old or too far ahead); sent with the receive time, the original
    /// kept in `ehb_original_time`.
    public var adjustedTimes = 0
    /// Values cut to the SLS per-value limit; each record affected is also kept whole in the dead-letter store.
    public var truncatedValues = 0
    /// Keys rewritten to a form SLS accepts.
    public var rewrittenKeys = 0
    /// Invalid UTF-8 sequences, NUL bytes and lone surrogates replaced so the entry could be sent.
    public var repairedBytes = 0
    /// Repairs made by the opt-in sanitizers (single quotes, control characters).
    public var sanitizedUnits = 0
    /// Messages that arrived gzip-compressed and were inflated.
    public var inflatedMessages = 0

    /// Counts the outcome and repairs of one normalized message.
    mutating func count(_ message: NormalizedMessage) {
        let report = message.report
        switch message.outcome {
        case .parsed(let records): self.records += records; parsedMessages += 1
        case .empty: emptyMessages += 1
        case .parseError: parseErrors += 1
        }
        adjustedTimes += report.adjustedTimes
        truncatedValues += report.truncatedValues
        rewrittenKeys += report.rewrittenKeys
        repairedBytes += report.invalidUTF8Sequences + report.nulBytes + report.loneSurrogates
        sanitizedUnits += report.sanitizedUnits
        if report.inflatedGzip { inflatedMessages += 1 }
    }

    /// Adds every count of `other` to this one.
    mutating func add(_ other: NormalizationCounters) {
        parsedMessages += other.parsedMessages
        records += other.records
        emptyMessages += other.emptyMessages
        parseErrors += other.parseErrors
        adjustedTimes += other.adjustedTimes
        truncatedValues += other.truncatedValues
        rewrittenKeys += other.rewrittenKeys
        repairedBytes += other.repairedBytes
        sanitizedUnits += other.sanitizedUnits
        inflatedMessages += other.inflatedMessages
    }
}

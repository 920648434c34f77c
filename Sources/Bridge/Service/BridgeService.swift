import AzureLogs
import Core
import Dispatch
import EventHubs
import Foundation
import Kafka
import SLS
import Storage

/// The forwarding service: one Kafka consumer, one pipeline, one Logstore backend, one meter.
///
/// ``run(limits:)`` blocks the calling thread, which becomes the poll thread: it polls the consumer,
/// hands records to the pipeline, applies flow control and serves rebalance callbacks. Another thread
/// (a signal handler) ends the run with ``requestStop()``; the service then drains in-flight batches,
/// commits the stored offsets and closes the meter.
public final class BridgeService: Sendable {
    /// `run` sends to the Logstore and meters the configured mode; `dryRun` sends nothing, meters both
    /// modes and never stores or commits offsets.
    public enum Kind: Sendable, Equatable {
        case run
        case dryRun
    }

    public let configuration: BridgeConfiguration
    private let kind: Kind
    private let logger: Logger
    private let backend: any LogstoreBackend
    private let stopRequested = Locked(false)
    /// The running pipeline, for progress snapshots; nil before and after a run.
    private let activePipeline = Locked<Pipeline?>(nil)
    /// The running meter writer, for ``commitMeterBeforeExit(timeoutMilliseconds:)``; nil before and after a run.
    private let activeMeter = Locked<MeterWriter?>(nil)
    /// How long a revoke waits for the partitions' in-flight batches, in milliseconds.
    private let drainTimeoutMilliseconds: Int
    /// Metrics, readiness and operator alerts of this bridge, and the endpoint that serves them.
    public let operations: BridgeOperations
    /// The meter writer's queue and commit settings.
    private let meterOptions: MeterWriter.Options

    /// Creates the service. `backend` defaults to an ``SLSClient`` for the configured destination (or a
    /// ``DryRunBackend`` for a dry run); tests pass their own. `drainTimeoutMilliseconds` defaults to half
    /// the session timeout, so that a revoke finishes before the group coordinator gives up on this member.
    /// Tests pass smaller `meterOptions`.
    public init(
        configuration: BridgeConfiguration, kind: Kind = .run, backend: (any LogstoreBackend)? = nil, logger: Logger,
        drainTimeoutMilliseconds: Int? = nil, meterOptions: MeterWriter.Options = MeterWriter.Options()
    ) {
        self.configuration = configuration
        self.kind = kind
        self.logger = logger
        self.meterOptions = meterOptions
        self.drainTimeoutMilliseconds = drainTimeoutMilliseconds ?? configuration.source.sessionTimeoutMilliseconds / 2
        self.operations = BridgeOperations(
            configuration: configuration.metrics, mode: configuration.destination.mode,
            information: Self.informationLabels(configuration, kind: kind), logger: logger.child(label: "operations"),
            bootstrapServers: Self.effectiveBootstrapServers(configuration.source)
        )
        if let backend {
            self.backend = backend
        } else if kind == .dryRun {
            self.backend = DryRunBackend()
        } else {
            let clientLogger = logger.child(label: "sls")
            self.backend = SLSClient(configuration: Self.clientConfiguration(configuration.destination, logger: clientLogger),
                                     logger: clientLogger)
        }
    }

    /// Ends ``run(limits:)``: it stops polling, drains, commits and returns. Safe from any thread.
    public func requestStop() {
        stopRequested.withLock { $0 = true }
    }

    private var isStopRequested: Bool { stopRequested.withLock { $0 } }

    /// Commits the meter rows queued so far, waiting at most `timeoutMilliseconds`, for a process about to exit
    /// without a clean stop. Rows wait up to the meter's commit interval (200 ms) before they are committed, and in
    /// a run the Logstore has already accepted and billed their requests. Returns true when they are committed or
    /// when no run is active.
    @discardableResult
    public func commitMeterBeforeExit(timeoutMilliseconds: Int) -> Bool {
        guard let meter = activeMeter.withLock({ $0 }) else { return true }
        return meter.flush(timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Returns the counters of the run in progress (for progress lines and metrics), or nil when not running.
    public func currentSummary() -> RunSummary? {
        guard let pipeline = activePipeline.withLock({ $0 }) else { return nil }
        return RunSummary(
            partitions: pipeline.partitionCounters, normalization: pipeline.normalizationCounters,
            delivery: pipeline.deliveryCounters, deadLetters: pipeline.deadLetterCountersSnapshot, meterRowsDropped: 0,
            isDryRun: kind == .dryRun
        )
    }

    /// Runs until a stop request or a limit, then drains and returns the reconciliation summary.
    /// Throws when the consumer, the meter or the dead-letter store cannot be opened.
    public func run(limits: RunLimits = .none) throws -> RunSummary {
        try KafkaLibraryCheck.verify(version: KafkaLibrary.version, features: KafkaLibrary.builtinFeatures,
                                     logger: logger.child(label: "kafka"))
        let endpoint = try operations.startEndpoint()
        defer { endpoint?.stop(clearing: operations) }
        let meter: MeterWriter
        do {
            meter = try MeterWriter(
                path: configuration.meter.path, options: meterOptions, logger: logger.child(label: "meter")
            )
        } catch {
            throw StorageOpenError(key: "meter.path", underlying: error)
        }
        activeMeter.withLock { $0 = meter }
        defer { activeMeter.withLock { $0 = nil } }
        let deadLetterPath = kind == .run ? configuration.deadLetterPath : configuration.dryRunDeadLetterPath
        let deadLetters: DeadLetterStore
        do {
            deadLetters = try DeadLetterStore(path: deadLetterPath, logger: logger.child(label: "dead-letter"))
        } catch {
            // Without dead_letter.path the stores live in the meter file, or next to it for a dry run.
            let key = configuration.deadLetter.path != nil ? "dead_letter.path" : "meter.path"
            throw StorageOpenError(key: key, underlying: error)
        }
        // One statistics interval serves the meter's fetch samples and the lag and throttle metrics: the shorter
        // of the two configured intervals.
        let statisticsInterval = min(configuration.pricing.egressSampleIntervalMilliseconds,
                                     configuration.metrics.kafkaStatisticsIntervalMilliseconds)
        let consumer = try KafkaConsumer(
            configuration: try Self.consumerConfiguration(configuration, kind: kind, logger: logger)
                .samplingStatistics(everyMilliseconds: statisticsInterval),
            logger: logger.child(label: "kafka")
        )
        let fetchMeter = KafkaFetchMeter(meter: meter, instanceID: configuration.meter.instanceID,
                                         delivery: kind == .run ? .sent : .dryRun, logger: logger.child(label: "meter"))
        let statistics = StatisticsFanOut()
        statistics.add { json in fetchMeter.record(statisticsJSON: json) }
        statistics.add { [operations] json in operations.statisticsReceived(json) }
        consumer.setStatisticsHandler(statistics.deliver)
        let pipeline = makePipeline(meter: meter, deadLetters: deadLetters, consumer: consumer)
        var failure: (any Error)?
        activePipeline.withLock { $0 = pipeline }
        defer { activePipeline.withLock { $0 = nil } }
        operations.runStarted(pipeline: pipeline, meter: meter)
        if kind == .run, let estimate = RunningCostEstimate.make(
            configuration: configuration, environment: ProcessInfo.processInfo.environment, logger: logger.child(label: "cost")
        ) {
            operations.setCostEstimateSource { estimate.estimates() }
        }
        defer { operations.runEnded() }
        consumer.setErrorHandler { [operations] error in operations.kafkaErrorReported(error) }
        consumer.setCommitHandler { [operations] result in operations.commitFinished(result) }
        let rebalance = RebalanceCoordinator(pipeline: pipeline, drainTimeoutMilliseconds: drainTimeoutMilliseconds,
                                             logger: logger.child(label: "rebalance"))
        try consumer.setRebalanceHandler(ObservedRebalanceHandler(base: rebalance, onReleased: { [operations] partitions in
            operations.partitionsReleased(partitions)
        }))
        try consumer.subscribe(topics: configuration.source.topics)
        logger.info("bridge started", metadata: [
            "bridge.mode": .string(configuration.destination.mode.rawValue),
            "bridge.kind": .string(kind == .run ? "run" : "dry-run"),
            "kafka.topics": .string(configuration.source.topics.joined(separator: ",")),
            "kafka.group": .string(Self.consumerGroup(of: configuration.source, kind: kind)),
            "sls.project": .string(configuration.destination.project),
            "sls.logstore": .string(configuration.destination.logstore),
        ])

        do {
            try pollUntilDone(consumer: consumer, pipeline: pipeline, meter: meter, rebalance: rebalance, limits: limits)
        } catch {
            logger.error("consumer failed; draining what was read", metadata: ["error": .string("\(error)")])
            failure = error
        }

        let deadline = DispatchTime.now() + .milliseconds(configuration.delivery.shutdownTimeoutMilliseconds)
        let remaining = pipeline.drainAll(deadline: deadline)
        if remaining > 0 {
            logger.warning("shutdown deadline passed with records in flight; they will be read again", metadata: [
                "bridge.records_in_flight": .int(remaining),
            ])
        }
        pipeline.stop()
        let committed = kind == .run ? commitFinalOffsets(consumer, stored: pipeline.partitionCounters) : true
        consumer.close()
        backend.shutdown()
        // Bounded, so that a meter file locked by another process cannot hold the stop forever; rows it gives up
        // on are counted in the summary.
        if !meter.close(timeoutMilliseconds: max(configuration.delivery.shutdownTimeoutMilliseconds, 5_000)) {
            logger.error("meter rows not committed before the stop; the meter misses them", metadata: [
                "storage.path": .string(configuration.meter.path), "meter.rows_dropped": .int(meter.counters.rowsDropped),
            ])
        }

        let summary = RunSummary(
            partitions: pipeline.partitionCounters, normalization: pipeline.normalizationCounters,
            delivery: pipeline.deliveryCounters, deadLetters: pipeline.deadLetterCountersSnapshot,
            meterRowsDropped: meter.counters.rowsDropped, finalCommitSucceeded: committed, isDryRun: kind == .dryRun,
            wasAssigned: rebalance.wasAssigned, kafkaErrors: operations.kafkaErrorsReported
        )
        if let failure { throw BridgeRunError(underlying: failure, summary: summary) }
        // A dry run sends nothing, so its summary calls these records metered, and this line does too.
        logger.info("bridge stopped", metadata: [
            "bridge.consumed": .int(summary.consumed), (kind == .dryRun ? "bridge.metered" : "bridge.delivered"): .int(summary.delivered),
            "bridge.dead_lettered": .int(summary.deadLettered), "bridge.empty": .int(summary.empty),
            "bridge.in_flight": .int(summary.inFlight),
        ])
        return summary
    }

    /// Commits the stored offsets before closing, retrying a few times because a group that is rebalancing
    /// refuses commits for a moment, then confirms with the group coordinator that the stored offsets are
    /// committed. `close()` commits again; this only makes a refused commit less likely.
    private func commitFinalOffsets(_ consumer: KafkaConsumer, stored: [PartitionCounters]) -> Bool {
        for attempt in 1...3 {
            do {
                try consumer.commit()
                // librdkafka 2.0.2 reports success when the partitions are gone and nothing was sent, so ask.
                return storedOffsetsAreCommitted(consumer, stored: stored)
            } catch {
                // Nothing to commit: the background commits sent every stored offset, or the partitions were
                // lost with the broker and their offsets never went out. Only the broker can tell which.
                if error.code == .noOffset { return storedOffsetsAreCommitted(consumer, stored: stored) }
                logger.warning("final offset commit failed", metadata: [
                    "error": .string("\(error)"), "bridge.attempts": .int(attempt),
                ])
                // Only a rebalance in progress clears up within moments; anything else (a broker that is down,
                // no coordinator) would make every retry wait for the socket timeout again.
                guard error.code == .rebalanceInProgress else { return false }
                Thread.sleep(forTimeInterval: 0.2 * Double(attempt))
            }
        }
        return false
    }

    /// Asks the group coordinator whether every partition's stored offset is committed. Returns false, with a
    /// warning, when one is behind or the coordinator cannot be asked. A partition with several counters (retired
    /// and assigned again) takes the last one, which `Pipeline.partitionCounters` lists after the retired ones.
    private func storedOffsetsAreCommitted(_ consumer: KafkaConsumer, stored: [PartitionCounters]) -> Bool {
        var expected: [TopicPartition: Int64] = [:]
        for counters in stored {
            if let offset = counters.storedOffset { expected[counters.partition] = offset }
        }
        guard !expected.isEmpty else { return true }
        do {
            let committed = try consumer.committed(for: Array(expected.keys), timeout: .seconds(5))
            let behind = expected.filter { partition, offset in (committed[partition] ?? -1) < offset }
            guard behind.isEmpty else {
                logger.warning("final offset commit failed: committed offsets are behind the stored ones", metadata: [
                    "kafka.offsets": .string(behind.keys.sorted().map { "\($0)@\(expected[$0]!)" }.joined(separator: ",")),
                ])
                return false
            }
            return true
        } catch {
            logger.warning("final offset commit failed: the committed offsets could not be confirmed", metadata: [
                "error": .string("\(error)"),
            ])
            return false
        }
    }


    // MARK: Poll loop

    /// The value bytes one poll takes at most (beyond its first record), in bytes.
    static let maximumPollBytes = 4 * 1024 * 1024

    /// Polls until a stop request, a limit, or a fatal consumer error (thrown).
    private func pollUntilDone(
        consumer: KafkaConsumer, pipeline: Pipeline, meter: MeterWriter, rebalance: RebalanceCoordinator, limits: RunLimits
    ) throws {
        let started = DispatchTime.now()
        var consumed = 0
        var flow = FlowController(highWatermarkBytes: configuration.delivery.maxBytesInFlight,
                                  lowWatermarkBytes: configuration.delivery.resumeBytesInFlight)
        var meterGate = MeterBacklogGate(queueCapacity: meter.queueCapacity)
        var limitReached = false
        var openBatchesFlushed = false
        var alertLogged: OperatorAlert?
        while !isStopRequested {
            if let duration = limits.durationMilliseconds,
               DispatchTime.now() >= started + .milliseconds(duration) { break }

            // Stop reading while the meter lags, before its queue fills with the rows of the batches read so far.
            let wasHoldingForMeter = meterGate.isHolding
            let pendingMeterRows = meter.counters.rowsPending
            let meterHold = meterGate.update(pendingRows: pendingMeterRows)
            if meterHold != wasHoldingForMeter {
                if meterHold {
                    logger.warning("meter rows are not being committed; consumption paused until the meter catches up", metadata: [
                        "meter.rows_pending": .int(pendingMeterRows), "meter.queue_capacity": .int(meter.queueCapacity),
                        "storage.path": .string(meter.path),
                        "fix": .string("Another process may hold the meter file's write lock (a `meter commit failed, retrying` line follows once SQLite stops waiting for it), the disk may be full, or it may be too slow for this many rows."),
                    ])
                } else {
                    logger.notice("meter caught up; consumption resumes", metadata: ["meter.rows_pending": .int(pendingMeterRows)])
                }
            }

            var pollSize = 1000
            if let maxRecords = limits.maxRecords {
                if consumed >= maxRecords, !limitReached {
                    // Keep serving the consumer while the last batches are acknowledged.
                    let assignment = try consumer.assignment()
                    try consumer.pause(assignment)
                    operations.partitionsPaused(assignment.count)
                    limitReached = true
                }
                pollSize = max(1, min(pollSize, maxRecords - consumed))
            }

            // One poll takes at most the room left under the high watermark, and at most 4 MiB. Without this
            // bound a poll of 1,000 large messages carried the bytes in flight tens of MB past the watermark.
            let room = configuration.delivery.maxBytesInFlight - pipeline.bytesInFlight
            let pollBytes = min(Self.maximumPollBytes, max(1, room))
            let records = try consumer.poll(
                maxRecords: pollSize, maxBytes: pollBytes, timeout: .milliseconds(limitReached ? 50 : 100)
            )
            consumed += records.count
            pipeline.ingest(records)
            pipeline.tick()

            // The consumer resumes the partitions a rebalance releases. Flow control must stop counting them as paused,
            // even when they come back within the same poll, and partitions assigned after the record limit was
            // reached must be paused again.
            let changes = rebalance.takeChanges()
            if !changes.released.isEmpty {
                flow.forget(changes.released)
                operations.partitionsPaused(flow.paused.count)
            }
            if limitReached, !changes.assigned.isEmpty {
                // The lists do not keep the order of the changes, so a partition assigned and then released within
                // the poll is left out.
                let current = Set(try consumer.assignment())
                try consumer.pause(changes.assigned.filter { current.contains($0) })
            }
            operations.consumerPolled(records, bytesInFlight: pipeline.bytesInFlight)

            let alert = pipeline.operatorAlert
            if alert != alertLogged {
                if let alert {
                    logger.critical("writes need an operator; consumption paused until the Logstore accepts writes again", metadata: [
                        "sls.error_code": .string(alert.code), "error": .string(alert.message), "fix": .string(alert.fix),
                    ])
                } else {
                    logger.notice("operator error cleared; consumption resumes")
                }
                alertLogged = alert
            }
            if limitReached {
                // No record will join the open batches, so they skip the linger. Sealing them only once the queue is
                // empty keeps their entries from adding to the memory of batches still waiting to be sent.
                if !openBatchesFlushed, pipeline.batchesInFlight == 0 {
                    pipeline.flushAll()
                    openBatchesFlushed = true
                }
                if pipeline.partitionCounters.allSatisfy({ $0.inFlight == 0 }) { break }
                continue
            }
            let hold = alert != nil || meterHold
            // Usually nothing is paused and the bytes in flight are below the high watermark. The assignment
            // look-up below is a round trip to librdkafka's main thread, which every poll would otherwise pay.
            guard flow.needsDecision(totalBytesInFlight: pipeline.bytesInFlight, holdAll: hold) else {
                continue
            }
            let decision = flow.decide(
                assigned: try consumer.assignment(), bytesInFlight: pipeline.bytesInFlightByPartition, holdAll: hold
            )
            if !decision.pause.isEmpty {
                try consumer.pause(decision.pause)
                var reason = "bytes in flight above the high watermark"
                if alert != nil {
                    reason = "operator error"
                } else if meterHold {
                    reason = "meter backlog"
                }
                logger.info("partitions paused", metadata: [
                    "kafka.partitions": .string(decision.pause.map(\.description).joined(separator: ",")),
                    "bridge.bytes_in_flight": .int(pipeline.bytesInFlight),
                    "bridge.reason": .string(reason),
                ])
            }
            if !decision.resume.isEmpty {
                try consumer.resume(decision.resume)
                logger.info("partitions resumed", metadata: [
                    "kafka.partitions": .string(decision.resume.map(\.description).joined(separator: ",")),
                    "bridge.bytes_in_flight": .int(pipeline.bytesInFlight),
                ])
            }
            if !decision.pause.isEmpty || !decision.resume.isEmpty {
                operations.partitionsPaused(flow.paused.count)
            }
        }
    }

    private func makePipeline(meter: MeterWriter, deadLetters: DeadLetterStore, consumer: KafkaConsumer) -> Pipeline {
        let destination = configuration.destination
        let encoder = BatchEncoder(
            project: destination.project, logstore: destination.logstore, compression: destination.compression,
            topic: destination.topic, source: destination.source ?? Self.defaultLogSource(configuration.source),
            extraTags: []
        )
        let policy = Pipeline.MeterPolicy(
            modes: kind == .run ? [destination.mode] : DestinationMode.allCases,
            delivery: kind == .run ? .sent : .dryRun,
            instanceID: configuration.meter.instanceID,
            pricing: configuration.pricing
        )
        let logger = self.logger
        let operations = self.operations
        let storesOffsets = kind == .run
        return Pipeline(
            destination: destination, batching: configuration.effectiveBatching,
            normalizer: AzureLogNormalizer(options: configuration.normalization),
            encoder: encoder, backend: operations.observe(backend), retryPolicy: configuration.delivery.retryPolicy,
            meter: meter, meterPolicy: policy,
            deadLetters: deadLetters, logger: logger.child(label: "pipeline"),
            storeOffset: { offset in
                operations.offsetAcknowledged(offset)
                guard storesOffsets else { return }
                do {
                    for failure in try consumer.storeOffsets([offset]) {
                        logger.warning("offset could not be stored", metadata: [
                            "kafka.topic": .string(offset.topic), "kafka.partition": .int(offset.partition),
                            "kafka.offset": .integer(offset.offset), "error": .string("\(failure)"),
                        ])
                    }
                } catch {
                    logger.warning("offset could not be stored", metadata: [
                        "kafka.topic": .string(offset.topic), "kafka.partition": .int(offset.partition),
                        "kafka.offset": .integer(offset.offset), "error": .string("\(error)"),
                    ])
                }
            }
        )
    }

    // MARK: Configuration mapping

    /// The labels of the `ehbridge_info` metric: versions and the names this bridge reads and writes.
    static func informationLabels(_ configuration: BridgeConfiguration, kind: Kind) -> [MetricLabel] {
        [
            MetricLabel("version", BridgeVersion.current), MetricLabel("librdkafka_version", KafkaLibrary.version),
            MetricLabel("kind", kind == .run ? "run" : "dry-run"),
            MetricLabel("mode", configuration.destination.mode.rawValue),
            MetricLabel("consumer_group", configuration.source.consumerGroup),
            MetricLabel("project", configuration.destination.project),
            MetricLabel("logstore", configuration.destination.logstore),
            MetricLabel("instance_id", configuration.meter.instanceID),
        ]
    }

    /// Maps the destination to client settings. `logger` receives the credential refresh lines of an STS file or
    /// credentials URL.
    static func clientConfiguration(_ destination: DestinationConfiguration, logger: Logger = .disabled)
        -> SLSClientConfiguration
    {
        // STS expiry is judged by the clock that signs, which follows the server after `RequestTimeExpired`.
        let serverClock = SLSServerClock()
        let clock: @Sendable () -> Int64 = { serverClock.nowSeconds() }
        let credentialProvider: any CredentialProvider
        switch destination.credentials {
        case .accessKey(let id, let secret, let securityToken):
            credentialProvider = StaticCredentialProvider(
                SLSCredentials(accessKeyID: id, accessKeySecret: secret, securityToken: securityToken)
            )
        case .stsFile(let path):
            credentialProvider = RefreshingCredentialProvider(
                source: STSFileCredentialSource(path: path), logger: logger, clock: clock
            )
        case .url(let url):
            credentialProvider = RefreshingCredentialProvider(source: CredentialsURLSource(url: url), logger: logger, clock: clock)
        }
        let signatureVersion: SignatureVersion = switch destination.signatureScheme {
        case .v1: .v1
        case .v4: .v4(region: destination.signingRegion ?? "")
        }

        return SLSClientConfiguration(
            endpoint: SLSEndpoint(host: destination.endpoint, scheme: destination.scheme == .https ? .https : .http,
                                  connectAddress: destination.connectAddress),
            tls: SLSClientConfiguration.TLS(caFile: destination.caFile),
            credentialProvider: credentialProvider,
            signatureVersion: signatureVersion, userAgent: "ehbridge/\(BridgeVersion.current)",
            connectTimeoutMilliseconds: destination.connectTimeoutMilliseconds,
            requestTimeoutMilliseconds: destination.requestTimeoutMilliseconds,
            maxConcurrentRequests: destination.maxConcurrentRequests,
            maxConnections: destination.maxConnections, serverClock: serverClock
        )
    }

    static func consumerConfiguration(_ configuration: BridgeConfiguration, kind: Kind, logger: Logger) throws
        -> KafkaConsumerConfiguration
    {
        try consumerConfiguration(source: configuration.source, delivery: configuration.delivery, kind: kind, logger: logger)
    }

    /// Returns the consumer configuration of `source` with the read bounds of `delivery`, the only two sections
    /// it depends on.
    static func consumerConfiguration(
        source: SourceConfiguration, delivery: DeliveryConfiguration, kind: Kind, logger: Logger
    ) throws -> KafkaConsumerConfiguration {
        var consumer = try baseConsumerConfiguration(source, kind: kind, logger: logger)
        consumer.queuedMaxMessagesKilobytes = delivery.prefetchKilobytes
        // librdkafka needs fetch.max.bytes to hold at least one message of the largest allowed size.
        consumer.fetchMaxBytes = max(consumer.maxPartitionFetchBytes, delivery.fetchMaxBytes)
        return consumer
    }

    /// Returns the consumer group that `kind` reads as: the configured one, or `<group>-dry-run` for a dry run,
    /// which must not move the real group's offsets.
    public static func consumerGroup(of source: SourceConfiguration, kind: Kind) -> String {
        kind == .dryRun ? source.consumerGroup + "-dry-run" : source.consumerGroup
    }

    private static func baseConsumerConfiguration(_ source: SourceConfiguration, kind: Kind, logger: Logger) throws
        -> KafkaConsumerConfiguration
    {
        let group = consumerGroup(of: source, kind: kind)
        let reset: KafkaConsumerConfiguration.AutoOffsetReset = source.startFrom == .earliest ? .earliest : .latest
        switch source.connection {
        case .eventHubs(let connectionString):
            let options = EventHubsConsumerOptions(
                bootstrapServers: source.bootstrapServers.isEmpty ? nil : source.bootstrapServers,
                caLocation: source.caFile, autoOffsetReset: reset, partitionAssignmentStrategy: source.assignmentStrategy,
                additionalProperties: source.kafkaProperties
            )
            var configuration = try KafkaConsumerConfiguration.eventHubs(
                connectionString: connectionString, hub: source.topics[0], consumerGroup: group, options: options,
                logger: logger
            )
            configuration.sessionTimeout = .milliseconds(source.sessionTimeoutMilliseconds)
            configuration.heartbeatInterval = .milliseconds(source.heartbeatIntervalMilliseconds)
            return configuration
        case .plaintextKafka:
            return KafkaConsumerConfiguration(
                bootstrapServers: source.bootstrapServers, groupID: group, security: .plaintext,
                autoOffsetReset: reset, partitionAssignmentStrategy: source.assignmentStrategy,
                sessionTimeout: .milliseconds(source.sessionTimeoutMilliseconds),
                heartbeatInterval: .milliseconds(source.heartbeatIntervalMilliseconds),
                additionalProperties: source.kafkaProperties
            )
        }
    }

    /// Returns the bootstrap servers the consumer connects to: the configured ones, or the namespace's Kafka
    /// endpoint on port 9093.
    static func effectiveBootstrapServers(_ source: SourceConfiguration) -> [String] {
        guard source.bootstrapServers.isEmpty else { return source.bootstrapServers }
        switch source.connection {
        case .eventHubs(let connectionString): return ["\(connectionString.namespaceHost):9093"]
        case .plaintextKafka: return []
        }
    }

    static func defaultLogSource(_ source: SourceConfiguration) -> String {
        switch source.connection {
        case .eventHubs(let connectionString): connectionString.namespaceHost
        case .plaintextKafka: source.bootstrapServers.first ?? ""
        }
    }
}


/// Thrown by ``BridgeService/run(limits:)`` when the consumer failed; carries what the run reconciled
/// before it stopped.
public struct BridgeRunError: Error, CustomStringConvertible {
    public var underlying: any Error
    public var summary: RunSummary

    public var description: String { "the bridge stopped after a consumer failure: \(underlying)" }
}

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
    /// How long to wait for in-flight batches at shutdown and on revoke, in milliseconds.
    private let drainTimeoutMilliseconds: Int
    /// Flow control bounds on raw Kafka bytes read but not acknowledged.
    private let flowControl: FlowControl
    /// Metrics, readiness and operator alerts of this bridge, and the endpoint that serves them.
    public let operations: BridgeOperations

    /// Creates the service. `backend` defaults to an ``SLSClient`` for the configured destination (or a
    /// ``DryRunBackend`` for a dry run); tests pass their own.
    public init(
        configuration: BridgeConfiguration, kind: Kind = .run, backend: (any LogstoreBackend)? = nil, logger: Logger,
        drainTimeoutMilliseconds: Int = 15_000, flowControl: FlowControl = FlowControl()
    ) {
        self.configuration = configuration
        self.kind = kind
        self.logger = logger
        self.drainTimeoutMilliseconds = drainTimeoutMilliseconds
        self.flowControl = flowControl
        self.operations = BridgeOperations(
            configuration: configuration.metrics, mode: configuration.destination.mode,
            information: Self.informationLabels(configuration, kind: kind), logger: logger.child(label: "operations")
        )
        if let backend {
            self.backend = backend
        } else if kind == .dryRun {
            self.backend = DryRunBackend()
        } else {
            self.backend = SLSClient(configuration: Self.clientConfiguration(configuration.destination),
                                     logger: logger.child(label: "sls"))
        }
    }

    /// Ends ``run(limits:)``: it stops polling, drains, commits and returns. Safe from any thread.
    public func requestStop() {
        stopRequested.withLock { $0 = true }
    }

    private var isStopRequested: Bool { stopRequested.withLock { $0 } }

    /// The counters of the run in progress (for progress lines and metrics), or nil when not running.
    public func currentSummary() -> RunSummary? {
        guard let pipeline = activePipeline.withLock({ $0 }) else { return nil }
        return RunSummary(
            partitions: pipeline.partitionCounters, normalization: pipeline.normalizationCounters,
            delivery: pipeline.deliveryCounters, deadLetters: pipeline.deadLetterCountersSnapshot, meterRowsDropped: 0
        )
    }

    /// Runs until a stop request or a limit, then drains and returns the reconciliation summary.
    /// Throws when the consumer, the meter or the dead-letter store cannot be opened.
    public func run(limits: RunLimits = .none) throws -> RunSummary {
        try KafkaLibraryCheck.verify(version: KafkaLibrary.version, features: KafkaLibrary.builtinFeatures,
                                     logger: logger.child(label: "kafka"))
        let endpoint = try operations.startEndpoint()
        defer { endpoint?.stop(clearing: operations) }
        let meter = try MeterWriter(path: configuration.meter.path, logger: logger.child(label: "meter"))
        let deadLetters = try DeadLetterStore(path: configuration.meter.path, logger: logger.child(label: "dead-letter"))
        var consumerConfiguration = try Self.consumerConfiguration(configuration.source, kind: kind, logger: logger)
        consumerConfiguration.statisticsInterval = .milliseconds(configuration.metrics.kafkaStatisticsIntervalMilliseconds)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger.child(label: "kafka"))
        let pipeline = makePipeline(meter: meter, deadLetters: deadLetters, consumer: consumer)
        var failure: (any Error)?
        activePipeline.withLock { $0 = pipeline }
        defer { activePipeline.withLock { $0 = nil } }
        operations.runStarted(pipeline: pipeline, meter: meter)
        defer { operations.runEnded() }
        let statistics = StatisticsFanOut()
        statistics.add { [operations] json in operations.statisticsReceived(json) }
        consumer.setStatisticsHandler(statistics.deliver)
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
            "kafka.group": .string(configuration.source.consumerGroup),
            "sls.project": .string(configuration.destination.project),
            "sls.logstore": .string(configuration.destination.logstore),
        ])

        do {
            try pollUntilDone(consumer: consumer, pipeline: pipeline, limits: limits)
        } catch {
            logger.error("consumer failed; draining what was read", metadata: ["error": .string("\(error)")])
            failure = error
        }

        let deadline = DispatchTime.now() + .milliseconds(drainTimeoutMilliseconds)
        let remaining = pipeline.drainAll(deadline: deadline)
        if remaining > 0 {
            logger.warning("shutdown deadline passed with records in flight; they will be read again", metadata: [
                "bridge.records_in_flight": .int(remaining),
            ])
        }
        pipeline.stop()
        consumer.close()
        backend.shutdown()
        meter.close()

        let summary = RunSummary(
            partitions: pipeline.partitionCounters, normalization: pipeline.normalizationCounters,
            delivery: pipeline.deliveryCounters, deadLetters: pipeline.deadLetterCountersSnapshot,
            meterRowsDropped: meter.counters.rowsDropped
        )
        if let failure { throw BridgeRunError(underlying: failure, summary: summary) }
        logger.info("bridge stopped", metadata: [
            "bridge.consumed": .int(summary.consumed), "bridge.delivered": .int(summary.delivered),
            "bridge.dead_lettered": .int(summary.deadLettered), "bridge.empty": .int(summary.empty),
            "bridge.in_flight": .int(summary.inFlight),
        ])
        return summary
    }

    // MARK: Poll loop

    /// Polls until a stop request, a limit, or a fatal consumer error (thrown).
    private func pollUntilDone(consumer: KafkaConsumer, pipeline: Pipeline, limits: RunLimits) throws {
        let started = DispatchTime.now()
        var consumed = 0
        var paused = false
        while !isStopRequested {
            if let duration = limits.durationMilliseconds,
               DispatchTime.now() >= started + .milliseconds(duration) { break }

            var pollSize = 1000
            if let maxRecords = limits.maxRecords {
                if consumed >= maxRecords {
                    // Keep serving the consumer while the last batches are acknowledged.
                    if !paused {
                        let assignment = try consumer.assignment()
                        try consumer.pause(assignment)
                        operations.partitionsPaused(assignment.count)
                        paused = true
                    }
                    _ = try consumer.poll(maxRecords: 1, timeout: .milliseconds(50))
                    operations.consumerPolled([], bytesInFlight: pipeline.bytesInFlight)
                    pipeline.tick()
                    if pipeline.partitionCounters.allSatisfy({ $0.inFlight == 0 }) { break }
                    continue
                }
                pollSize = min(pollSize, maxRecords - consumed)
            }

            let records = try consumer.poll(maxRecords: pollSize, timeout: .milliseconds(100))
            consumed += records.count
            pipeline.ingest(records)
            pipeline.tick()

            let inFlight = pipeline.bytesInFlight
            operations.consumerPolled(records, bytesInFlight: inFlight)
            if !paused, inFlight >= flowControl.highWatermarkBytes {
                let assignment = try consumer.assignment()
                try consumer.pause(assignment)
                operations.partitionsPaused(assignment.count)
                paused = true
                logger.info("consumption paused: bytes in flight above the high watermark", metadata: [
                    "bridge.bytes_in_flight": .int(inFlight),
                ])
            } else if paused, inFlight <= flowControl.lowWatermarkBytes {
                try consumer.resume(consumer.assignment())
                operations.partitionsPaused(0)
                paused = false
                logger.info("consumption resumed", metadata: ["bridge.bytes_in_flight": .int(inFlight)])
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
            instanceID: configuration.meter.instanceID
        )
        let logger = self.logger
        let operations = self.operations
        let storesOffsets = kind == .run
        return Pipeline(
            destination: destination, batching: configuration.batching, normalizer: AzureLogNormalizer(),
            encoder: encoder, backend: operations.observe(backend), retryPolicy: RetryPolicy(), meter: meter, meterPolicy: policy,
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

    static func clientConfiguration(_ destination: DestinationConfiguration) -> SLSClientConfiguration {
        SLSClientConfiguration(
            endpoint: SLSEndpoint(host: destination.endpoint, scheme: destination.scheme == .https ? .https : .http,
                                  connectAddress: destination.connectAddress),
            credentials: SLSCredentials(accessKeyID: destination.accessKeyID, accessKeySecret: destination.accessKeySecret,
                                        securityToken: nil),
            signatureVersion: .v1, userAgent: "ehbridge/\(BridgeVersion.current)",
            connectTimeoutMilliseconds: destination.connectTimeoutMilliseconds,
            requestTimeoutMilliseconds: destination.requestTimeoutMilliseconds,
            maxConcurrentRequests: destination.maxConcurrentRequests
        )
    }

    static func consumerConfiguration(_ source: SourceConfiguration, kind: Kind, logger: Logger) throws
        -> KafkaConsumerConfiguration
    {
        let group = kind == .dryRun ? source.consumerGroup + "-dry-run" : source.consumerGroup
        let reset: KafkaConsumerConfiguration.AutoOffsetReset = source.startFrom == .earliest ? .earliest : .latest
        switch source.connection {
        case .eventHubs(let connectionString):
            let options = EventHubsConsumerOptions(
                bootstrapServers: source.bootstrapServers.isEmpty ? nil : source.bootstrapServers,
                autoOffsetReset: reset, partitionAssignmentStrategy: .cooperativeSticky,
                additionalProperties: source.kafkaProperties
            )
            return try KafkaConsumerConfiguration.eventHubs(
                connectionString: connectionString, hub: source.topics[0], consumerGroup: group, options: options,
                logger: logger
            )
        case .plaintextKafka:
            return KafkaConsumerConfiguration(
                bootstrapServers: source.bootstrapServers, groupID: group, security: .plaintext,
                autoOffsetReset: reset, partitionAssignmentStrategy: .cooperativeSticky,
                additionalProperties: source.kafkaProperties
            )
        }
    }

    static func defaultLogSource(_ source: SourceConfiguration) -> String {
        switch source.connection {
        case .eventHubs(let connectionString): connectionString.namespaceHost
        case .plaintextKafka: source.bootstrapServers.first ?? ""
        }
    }
}

/// Bounds on raw Kafka bytes read but not yet acknowledged. Above the high watermark the poll thread
/// pauses the assigned partitions and keeps polling (so `max.poll.interval.ms` is never exceeded); below
/// the low watermark it resumes them.
public struct FlowControl: Sendable, Equatable {
    public var highWatermarkBytes: Int
    public var lowWatermarkBytes: Int

    public init(highWatermarkBytes: Int = 64 * 1024 * 1024, lowWatermarkBytes: Int = 32 * 1024 * 1024) {
        self.highWatermarkBytes = highWatermarkBytes
        self.lowWatermarkBytes = lowWatermarkBytes
    }
}

/// Thrown by ``BridgeService/run(limits:)`` when the consumer failed; carries what the run reconciled
/// before it stopped.
public struct BridgeRunError: Error, CustomStringConvertible {
    public var underlying: any Error
    public var summary: RunSummary

    public var description: String { "the bridge stopped after a consumer failure: \(underlying)" }
}

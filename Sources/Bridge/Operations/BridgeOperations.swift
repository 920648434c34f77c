import Core
import Dispatch
import Kafka
import SLS
import Storage

/// The operator's view of a running bridge: the metrics registry, the readiness rules, operator alerts
/// and the totals behind the status line. ``BridgeService`` owns one and feeds it through narrow hooks;
/// the operations endpoint and the status line read it.
///
/// All members are safe to use from any thread.
public final class BridgeOperations: Sendable {
    /// The pipeline and meter of the run in progress, read at scrape time.
    struct LiveRun: Sendable {
        var pipeline: Pipeline
        var meter: MeterWriter?
    }

    public let registry: MetricsRegistry
    let configuration: MetricsConfiguration
    let metrics: BridgeMetrics
    let undelivered = UndeliveredRecordClock()
    let alerts = OperatorAlerts()
    let logger: Logger
    /// The Kafka bootstrap servers in use, which the fixes of connection failures name.
    let bootstrapServers: [String]
    let clock: @Sendable () -> UInt64
    private let live = Locked<LiveRun?>(nil)
    /// Monotonic nanoseconds of the last poll; nil before the first.
    private let lastPoll = Locked<UInt64?>(nil)
    private let statistics = Locked<KafkaStatisticsSnapshot?>(nil)
    private let kafkaErrorCount = Locked(0)
    /// Monotonic nanoseconds when librdkafka reported every broker down, until records or an up broker are
    /// seen again.
    private let brokersDownSince = Locked<UInt64?>(nil)
    /// The last diagnosis of a connection that reached a broker and then failed (TLS, certificates, SASL,
    /// firewall), until a broker is seen up or records arrive. librdkafka follows such failures with
    /// `_ALL_BROKERS_DOWN`, which alone reads as an endpoint that cannot be reached.
    private let lastConnectionDiagnosis = Locked<Diagnosis?>(nil)
    private let costEstimateSource = Locked<(@Sendable () -> [PayerCostEstimate])?>(nil)
    let endpointPortValue = Locked<UInt16?>(nil)

    /// Creates the operations layer of a bridge writing in `mode` (the `mode` label of every pipeline metric).
    /// `clock` returns monotonic nanoseconds; tests pass their own.
    init(
        configuration: MetricsConfiguration, mode: DestinationMode, information: [MetricLabel], logger: Logger,
        bootstrapServers: [String] = [],
        clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }
    ) {
        self.bootstrapServers = bootstrapServers
        let registry = MetricsRegistry()
        self.registry = registry
        self.configuration = configuration
        self.metrics = BridgeMetrics(registry: registry, mode: mode.rawValue)
        self.logger = logger
        self.clock = clock
        registry.gauge(
            "ehbridge_info", help: "Always 1; the labels describe this bridge.", labelNames: information.map(\.name)
        ).labels(information.map(\.value)).set(1)
        registry.addCollector { [weak self] in self?.collectedFamilies() ?? [] }
    }

    // MARK: Reading

    /// Returns the whole registry in the Prometheus text format, as `/metrics` serves it.
    public func prometheusText() -> String {
        registry.prometheusText()
    }

    /// Applies the readiness rules at this moment.
    public func readiness() -> ReadinessReport {
        let now = clock()
        return ReadinessRules(thresholds: configuration.readiness).evaluate(
            isRunning: live.withLock { $0 != nil }, lastPollNanoseconds: lastPoll.withLock { $0 },
            oldest: undelivered.oldest(nowNanoseconds: now), alerts: alerts.active(nowNanoseconds: now),
            brokersDownSinceNanoseconds: brokersDownSince.withLock { $0 }, nowNanoseconds: now
        )
    }

    /// The port the operations endpoint listens on while the run is in progress, or nil.
    public var endpointPort: UInt16? { endpointPortValue.withLock { $0 } }

    /// Returns the totals for the status line.
    public func status() -> BridgeStatus {
        let run = live.withLock { $0 }
        let failedAttempts = metrics.requestsRejected.value + metrics.requestsFailedInTransport.value
        let deadLettered = UInt64(run?.pipeline.deadLetterCountersSnapshot.records ?? 0)
        let inFlight = run?.pipeline.partitionCounters.reduce(0) { $0 + $1.inFlight } ?? 0
        return BridgeStatus(
            recordsIn: metrics.recordsIn.value, bytesIn: metrics.bytesIn.value,
            lag: statistics.withLock { $0 }?.totalLag, recordsInFlight: inFlight,
            errors: failedAttempts + deadLettered, isReady: readiness().isReady
        )
    }

    /// Sets the function that returns the running cost estimate per payer for `ehbridge_cost_estimate`.
    /// Without one, the gauge is absent from scrapes.
    public func setCostEstimateSource(_ source: @escaping @Sendable () -> [PayerCostEstimate]) {
        costEstimateSource.withLock { $0 = source }
    }

    // MARK: Hooks of the service

    /// Starts reading the counters of `pipeline` and `meter` at scrape time.
    func runStarted(pipeline: Pipeline, meter: MeterWriter?) {
        live.withLock { $0 = LiveRun(pipeline: pipeline, meter: meter) }
    }

    /// Stops reading the run's counters; readiness then reports that the bridge is not running.
    func runEnded() {
        live.withLock { $0 = nil }
    }

    var liveRun: LiveRun? { live.withLock { $0 } }

    /// Wraps `backend` so that every PutLogs attempt is timed and counted, and so that errors that need an
    /// operator raise an alert until a request is accepted again.
    func observe(_ backend: any LogstoreBackend) -> any LogstoreBackend {
        ObservedLogstoreBackend(
            base: backend,
            onStart: { [metrics] in metrics.requestsInFlight.add(1) },
            onFinish: { [self] request, result, seconds in
                metrics.requestsInFlight.add(-1)
                metrics.recordAttempt(request, result: result, seconds: seconds)
                switch result {
                case .accepted:
                    alerts.clear(.sls)
                case .failed(.service(let error, _)) where error.errorClass == .needsOperator:
                    alerts.raise(.sls, code: error.code, message: error.message, nowNanoseconds: clock())
                case .failed:
                    break
                }
            }
        )
    }

    /// Receives one librdkafka statistics document.
    func statisticsReceived(_ json: String) {
        guard let snapshot = KafkaStatisticsSnapshot.parse(json) else {
            logger.warning("librdkafka statistics could not be parsed", metadata: ["kafka.statistics_bytes": .int(json.utf8.count)])
            return
        }
        statistics.withLock { $0 = snapshot }
        if snapshot.brokersUp > 0 {
            brokersDownSince.withLock { $0 = nil }
            lastConnectionDiagnosis.withLock { $0 = nil }
        }
    }

    /// The number of errors librdkafka reported since the start.
    var kafkaErrorsReported: Int { kafkaErrorCount.withLock { $0 } }

    /// Receives an error librdkafka reported, logs it as the consumer would without a handler, counts it,
    /// and raises an alert for the errors that need an operator.
    func kafkaErrorReported(_ error: KafkaError) {
        metrics.kafkaErrors.labels(error.code.name).increment()
        kafkaErrorCount.withLock { $0 += 1 }
        let level: LogLevel
        if error.isFatal {
            level = .error
        } else if [.transport, .allBrokersDown, .resolve].contains(error.code) {
            level = .notice
        } else {
            level = .warning
        }
        var metadata = error.logMetadata
        if var diagnosis = EventHubsDiagnosis.diagnose(error, bootstrapServers: bootstrapServers) {
            let reachedBroker: Set<String> = [
                EventHubsDiagnosis.tlsHandshake.id, EventHubsDiagnosis.caCertificates.id,
                EventHubsDiagnosis.authentication.id, EventHubsDiagnosis.firewall.id,
            ]
            if reachedBroker.contains(diagnosis.id) {
                lastConnectionDiagnosis.withLock { $0 = diagnosis }
            } else if error.code == .allBrokersDown, let earlier = lastConnectionDiagnosis.withLock({ $0 }) {
                diagnosis = earlier
            }
            metadata["bridge.diagnosis"] = .string(diagnosis.summary)
            metadata["bridge.fix"] = .string(diagnosis.fix)
        }
        logger.log(level, "Kafka client error", metadata: metadata)
        if Self.operatorErrorCodes.contains(error.code) {
            alerts.raise(.kafka, code: error.code.name, message: error.message, nowNanoseconds: clock())
        }
        if error.code == .allBrokersDown {
            let now = clock()
            brokersDownSince.withLock { $0 = $0 ?? now }
        }
    }

    /// Receives the result of an offset commit.
    func commitFinished(_ result: KafkaCommitResult) {
        metrics.commits.labels(result.succeeded ? "success" : "failure").increment()
        guard !result.succeeded else { return }
        let errors = ([result.error].compactMap { $0 } + result.partitionErrors).map(\.description)
        logger.warning("offset commit failed; the next commit sends the offsets again", metadata: [
            "kafka.offsets": .string(result.offsets.map(\.description).joined(separator: ",")),
            "error": .string(errors.joined(separator: "; ")),
        ])
    }

    /// Kafka errors that retrying cannot fix.
    static let operatorErrorCodes: Set<KafkaError.Code> = [
        .authentication, .saslAuthenticationFailed, .topicAuthorizationFailed, .groupAuthorizationFailed, .ssl,
        .unknownTopicOrPartition, .unknownTopic,
    ]
}

extension BridgeOperations: PipelineObserver {
    func consumerPolled(_ records: [KafkaRecord], bytesInFlight: Int) {
        let now = clock()
        lastPoll.withLock { $0 = now }
        guard !records.isEmpty else { return }
        metrics.recordsIn.increment(by: records.count)
        metrics.bytesIn.increment(by: records.reduce(0) { $0 + ($1.value?.count ?? 0) })
        undelivered.recordsRead(records, nowNanoseconds: now)
        // Records arrive only after the brokers accepted the credentials and the topic.
        alerts.clear(.kafka)
        brokersDownSince.withLock { $0 = nil }
        lastConnectionDiagnosis.withLock { $0 = nil }
    }

    func partitionsPaused(_ count: Int) {
        metrics.pausedPartitions.set(count)
    }

    func offsetAcknowledged(_ offset: TopicPartitionOffset) {
        undelivered.acknowledged(offset)
    }

    /// Forgets partitions this instance gave up in a rebalance.
    func partitionsReleased(_ partitions: [TopicPartition]) {
        undelivered.release(partitions)
    }

    /// The kafka statistics last received, for the collector.
    var latestStatistics: KafkaStatisticsSnapshot? { statistics.withLock { $0 } }
    var lastPollNanoseconds: UInt64? { lastPoll.withLock { $0 } }
    var costEstimates: [PayerCostEstimate]? { costEstimateSource.withLock { $0 }?() }
}

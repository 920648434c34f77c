import Kafka
import SLS

/// The metric families the bridge updates as things happen. Values that the pipeline already counts are
/// read at scrape time instead (see ``BridgeMetricsCollector``).
///
/// Every family of the pipeline carries the destination mode as the `mode` label, so that dashboards of a
/// dedicated-channel and a user-log-service bridge can sit side by side.
struct BridgeMetrics: Sendable {
    /// Upper bounds of the PutLogs duration histogram, in seconds: 5 ms to 60 s.
    static let durationBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
    /// Upper bounds of the batch size histogram, in bytes of encoded LogGroup before compression: 1 KiB to
    /// 10 MiB, the PutLogs body limit.
    static let batchSizeBuckets: [Double] = [
        1_024, 4_096, 16_384, 65_536, 131_072, 262_144, 524_288, 1_048_576, 2_097_152, 5_242_880, 10_485_760,
    ]

    let mode: String
    let recordsIn: Counter
    let bytesIn: Counter
    let requestsAccepted: Counter
    let requestsRejected: Counter
    let requestsFailedInTransport: Counter
    let errors: MetricFamily<Counter>
    let requestDuration: Histogram
    let batchSize: Histogram
    let normalizedBytesOut: Counter
    let compressedBytesOut: Counter
    let requestsInFlight: Gauge
    let pausedPartitions: Gauge
    let commits: MetricFamily<Counter>
    let kafkaErrors: MetricFamily<Counter>

    init(registry: MetricsRegistry, mode: String) {
        self.mode = mode
        recordsIn = registry.counter(
            "ehbridge_records_in_total", help: "Kafka records read from Event Hubs.", labelNames: ["mode"]
        ).labels(mode)
        bytesIn = registry.counter(
            "ehbridge_bytes_in_total", help: "Bytes of Kafka record values read (raw, before normalization).",
            labelNames: ["mode"]
        ).labels(mode)

        let requests = registry.counter(
            "ehbridge_putlogs_requests_total",
            help: "PutLogs attempts by result: accepted, rejected (an SLS error response) or transport_error (no response).",
            labelNames: ["mode", "result"]
        )
        requestsAccepted = requests.labels(mode, "accepted")
        requestsRejected = requests.labels(mode, "rejected")
        requestsFailedInTransport = requests.labels(mode, "transport_error")
        errors = registry.counter(
            "ehbridge_putlogs_errors_total",
            help: "Failed PutLogs attempts by SLS error code, or transport_<kind> when no response came.",
            labelNames: ["mode", "code"]
        )
        requestDuration = registry.histogram(
            "ehbridge_putlogs_request_duration_seconds",
            help: "Duration of PutLogs attempts in seconds, from send to response or failure.",
            labelNames: ["mode"], buckets: Self.durationBuckets
        ).labels(mode)
        batchSize = registry.histogram(
            "ehbridge_batch_size_bytes",
            help: "Size of accepted batches in bytes of encoded LogGroup before compression.",
            labelNames: ["mode"], buckets: Self.batchSizeBuckets
        ).labels(mode)

        let bytesOut = registry.counter(
            "ehbridge_bytes_out_total",
            help: "Bytes accepted by the Logstore: normalized (encoded LogGroup) and compressed (on the wire).",
            labelNames: ["mode", "encoding"]
        )
        normalizedBytesOut = bytesOut.labels(mode, "normalized")
        compressedBytesOut = bytesOut.labels(mode, "compressed")
        requestsInFlight = registry.gauge(
            "ehbridge_putlogs_requests_in_flight", help: "PutLogs attempts sent and still waiting for a response.",
            labelNames: ["mode"]
        ).labels(mode)
        pausedPartitions = registry.gauge(
            "ehbridge_paused_partitions", help: "Partitions paused by flow control (bytes in flight above the high watermark, or a meter backlog) or while an error needs an operator.",
            labelNames: ["mode"]
        ).labels(mode)
        commits = registry.counter(
            "ehbridge_kafka_commits_total", help: "Offset commits to the consumer group by result: success or failure.",
            labelNames: ["result"]
        )
        kafkaErrors = registry.counter(
            "ehbridge_kafka_errors_total", help: "Errors librdkafka reported, by librdkafka error name.",
            labelNames: ["code"]
        )
    }

    /// Counts one finished PutLogs attempt.
    func recordAttempt(_ request: PutLogsRequest, result: PutLogsResult, seconds: Double) {
        requestDuration.observe(seconds)
        switch result {
        case .accepted:
            requestsAccepted.increment()
            batchSize.observe(Double(request.rawSize))
            normalizedBytesOut.increment(by: request.rawSize)
            compressedBytesOut.increment(by: request.body.count)
        case .failed(.service(let error, _)):
            requestsRejected.increment()
            errors.labels(mode, error.code).increment()
        case .failed(.transport(let error)):
            requestsFailedInTransport.increment()
            errors.labels(mode, "transport_\(error.kind.rawValue)").increment()
        }
    }
}

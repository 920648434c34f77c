/// The pipelines the bench compares, all reading the same topic of the same mock cluster.
enum PipelineKind: String, CaseIterable {
    /// `kcat` consuming to /dev/null: the cost of reading alone, the floor for any consumer of librdkafka.
    case kcat
    /// `ehbridge run`: consume, normalize, encode, compress, sign, send and meter.
    case bridge
    /// `ehbridge dry-run`: the same work as `bridge` up to compression, metered for both modes, with nothing sent.
    /// It exits by itself once it has metered every message.
    case bridgeDryRun = "bridge-dry-run"
    /// A Python script with confluent-kafka and the official SLS Python SDK that batches across messages like the
    /// SLS producers do.
    case pythonSDK = "python-sdk"
    /// The plainest script with the official SDK: one PutLogs request per Kafka message, no batching across
    /// messages.
    case pythonSDKPerMessage = "python-sdk-per-message"
    /// The same script sending through aliyun-log-producer, the Python bindings of the SLS Rust producer.
    case pythonProducer = "python-producer"

    /// `fetch.wait.max.ms` of every pipeline's consumer, instead of librdkafka's 500. The mock cluster of
    /// librdkafka 2.0.2 responds to a fetch that finds no new data only after this time, even when data arrives
    /// meanwhile, whereas a real broker responds at once. With the default, a consumer that catches up with the
    /// producer would idle for 500 ms each time.
    static let fetchWaitMaxMilliseconds = 10

    /// Whether the pipeline is one of the Python reference scripts.
    var isPythonScript: Bool { self == .pythonSDK || self == .pythonSDKPerMessage || self == .pythonProducer }

    /// Whether the pipeline writes to the local SLS server (all but kcat and the dry run).
    var sendsToLogstore: Bool { self != .kcat && self != .bridgeDryRun }

    /// Whether the bench can follow the pipeline's progress message by message, so that the producer can stay
    /// within the mock cluster's retention however large the corpus. kcat prints each message it consumed, and the
    /// local server receives every log the others send. The dry run reports nothing until it exits.
    var reportsProgress: Bool { self != .bridgeDryRun }

    /// Text of the standard-error line each pipeline writes once its consumer has its partitions.
    var readinessMarker: String {
        switch self {
        case .kcat: "rebalanced"
        case .bridge, .bridgeDryRun, .pythonSDK, .pythonSDKPerMessage, .pythonProducer: "partitions assigned"
        }
    }
}

/// Paths of the programs the bench runs.
struct ToolPaths {
    var ehbridge: String
    var kcat: String
    var python: String
    var scriptsDirectory: String
}

/// The topic, group, server and files of one run.
struct RunEndpoints {
    var bootstrapServers: [String]
    var topic: String
    var consumerGroup: String
    var messages: Int
    /// The local SLS server's port, or nil for kcat.
    var serverPort: UInt16?
    var project: String
    var logstore: String
    var workDirectory: String
    var runName: String
}

/// The AccessKey the bench's local server accepts. It opens nothing but that loopback server.
enum BenchCredentials {
    static let accessKeyID = "bench-access-key-id"
    static let accessKeySecret = "bench-access-key-secret-local-only"
    /// The environment variable that carries the secret to the pipelines, so it never appears on a command line.
    static let secretVariable = "BENCH_SLS_ACCESS_KEY_SECRET"
    /// The endpoint name in `Host` headers. The `.invalid` top-level domain never resolves (RFC 2606), so a
    /// misconfigured client fails instead of reaching a real host.
    static let endpoint = "sls.bench.invalid"
    /// The region of signature v4's credential scope. The endpoint names no region, so the configuration sets it.
    static let region = "cn-hangzhou"
}

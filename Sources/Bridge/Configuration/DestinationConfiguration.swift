import Core
import SLS

/// The SLS project and Logstore that receive the logs, and how to reach them.
public struct DestinationConfiguration: Sendable {
    public enum Scheme: String, Sendable, CaseIterable {
        case https
        /// Plain HTTP, for a local SLS-compatible server; never for a real endpoint.
        case http
    }

    public var mode: DestinationMode
    /// The SLS endpoint of the project's region without scheme, such as `cn-shanghai.log.aliyuncs.com`.
    /// Requests carry `Host: {project}.{endpoint}`.
    public var endpoint: String
    /// `https` unless configured otherwise; the client logs a warning at start when it uses plain HTTP.
    public var scheme: Scheme
    /// A PEM file of CA certificates that replaces the system store when verifying the endpoint's certificate.
    public var caFile: String?
    /// Sends requests to this `host:port` while `Host` stays `{project}.{endpoint}`; for a local server.
    public var connectAddress: String?
    public var project: String
    public var logstore: String
    public var accessKeyID: String
    public var accessKeySecret: Secret
    /// The LogGroup topic (`__topic__`); nil means the Kafka topic the records came from.
    public var topic: String?
    /// The LogGroup source (`__source__`); nil means the Event Hubs namespace host or the Kafka bootstrap.
    public var source: String?
    public var compression: SLSCompression
    /// Upper bound on PutLogs requests in flight to this Logstore.
    public var maxConcurrentRequests: Int
    public var connectTimeoutMilliseconds: Int
    public var requestTimeoutMilliseconds: Int

    public init(
        mode: DestinationMode, endpoint: String, scheme: Scheme = .https, caFile: String? = nil,
        connectAddress: String? = nil,
        project: String, logstore: String, accessKeyID: String, accessKeySecret: Secret,
        topic: String? = nil, source: String? = nil, compression: SLSCompression = .lz4,
        maxConcurrentRequests: Int = 8, connectTimeoutMilliseconds: Int = 10_000, requestTimeoutMilliseconds: Int = 60_000
    ) {
        self.mode = mode
        self.endpoint = endpoint
        self.scheme = scheme
        self.caFile = caFile
        self.connectAddress = connectAddress
        self.project = project
        self.logstore = logstore
        self.accessKeyID = accessKeyID
        self.accessKeySecret = accessKeySecret
        self.topic = topic
        self.source = source
        self.compression = compression
        self.maxConcurrentRequests = maxConcurrentRequests
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
    }
}

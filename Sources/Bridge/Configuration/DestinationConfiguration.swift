import Core
import SLS

/// The SLS project and Logstore that receive the logs, and how to reach them.
public struct DestinationConfiguration: Sendable {
    public enum Scheme: String, Sendable, CaseIterable {
        case https
        /// Plain HTTP, for a local SLS-compatible server; never for a real endpoint.
        case http
    }

    /// The request signature, as named by the `signature_version` key.
    public enum SignatureScheme: String, Sendable, CaseIterable {
        /// HMAC-SHA1 (`LOG {AccessKeyId}:{signature}`).
        case v1
        /// `SLS4-HMAC-SHA256`, whose key is derived for the region, so it needs one.
        case v4
    }

    /// The source of the credentials that sign requests.
    public enum Credentials: Sendable {
        /// A fixed AccessKey pair, with an STS token when the pair is temporary. A token given this way is not
        /// renewed while ehbridge runs.
        case accessKey(id: String, secret: Secret, securityToken: Secret?)
        /// An STS credentials JSON file (`AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration`) that an
        /// agent rewrites; it is read again when it changes and before the credentials expire.
        case stsFile(path: String)
        /// A URL that returns the same JSON, such as the ECS instance metadata path of a RAM role.
        case url(String)
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
    /// The region for signature v4, such as `cn-shanghai`; nil derives it from ``endpoint`` (see ``signingRegion``).
    public var region: String?
    public var project: String
    public var logstore: String
    public var credentials: Credentials
    public var signatureScheme: SignatureScheme
    /// The LogGroup topic (`__topic__`); nil means the Kafka topic the records came from.
    public var topic: String?
    /// The LogGroup source (`__source__`); nil means the Event Hubs namespace host or the Kafka bootstrap.
    public var source: String?
    public var compression: SLSCompression
    /// The log field whose value picks the shard: requests go to `/shards/route?key={MD5 of the value}`, so that
    /// entries with the same value stay in order within one shard. Nil lets SLS pick a shard (`/shards/lb`).
    public var shardHashField: String?
    /// The number of values the shard keys are folded onto (a power of two from 1 to 256), which keeps batches per
    /// key large when the field has many distinct values. Nil uses the exact MD5 of each value (see ``ShardHashKey``).
    public var shardHashBuckets: Int?
    /// Upper bound on PutLogs requests in flight to this Logstore.
    public var maxConcurrentRequests: Int
    /// Upper bound on connections open to the endpoint; nil uses ``maxConcurrentRequests``.
    public var maxConnections: Int?
    /// Upper bound on compressed body bytes sent per second to this Logstore; nil sends without a byte limit.
    public var maxBytesPerSecond: Int?
    public var connectTimeoutMilliseconds: Int
    public var requestTimeoutMilliseconds: Int

    public init(
        mode: DestinationMode, endpoint: String, scheme: Scheme = .https, caFile: String? = nil,
        connectAddress: String? = nil, region: String? = nil, project: String, logstore: String,
        credentials: Credentials, signatureScheme: SignatureScheme = .v1, topic: String? = nil, source: String? = nil,
        compression: SLSCompression = .lz4, shardHashField: String? = nil, shardHashBuckets: Int? = nil,
        maxConcurrentRequests: Int = 8,
        maxConnections: Int? = nil, maxBytesPerSecond: Int? = nil, connectTimeoutMilliseconds: Int = 10_000,
        requestTimeoutMilliseconds: Int = 60_000
    ) {
        self.mode = mode
        self.endpoint = endpoint
        self.scheme = scheme
        self.caFile = caFile
        self.connectAddress = connectAddress
        self.region = region
        self.project = project
        self.logstore = logstore
        self.credentials = credentials
        self.signatureScheme = signatureScheme
        self.topic = topic
        self.source = source
        self.compression = compression
        self.shardHashField = shardHashField
        self.shardHashBuckets = shardHashBuckets
        self.maxConcurrentRequests = maxConcurrentRequests
        self.maxConnections = maxConnections
        self.maxBytesPerSecond = maxBytesPerSecond
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
    }

    /// Creates a destination that signs with a fixed AccessKey pair and signature v1.
    public init(
        mode: DestinationMode, endpoint: String, scheme: Scheme = .https, caFile: String? = nil,
        connectAddress: String? = nil, project: String, logstore: String, accessKeyID: String,
        accessKeySecret: Secret, topic: String? = nil, source: String? = nil, compression: SLSCompression = .lz4,
        maxConcurrentRequests: Int = 8, connectTimeoutMilliseconds: Int = 10_000, requestTimeoutMilliseconds: Int = 60_000
    ) {
        self.init(
            mode: mode, endpoint: endpoint, scheme: scheme, caFile: caFile, connectAddress: connectAddress,
            project: project, logstore: logstore,
            credentials: .accessKey(id: accessKeyID, secret: accessKeySecret, securityToken: nil), topic: topic,
            source: source, compression: compression, maxConcurrentRequests: maxConcurrentRequests,
            connectTimeoutMilliseconds: connectTimeoutMilliseconds, requestTimeoutMilliseconds: requestTimeoutMilliseconds
        )
    }

    /// The AccessKey ID of a fixed pair, or nil when the credentials come from a file or URL.
    public var accessKeyID: String? {
        guard case .accessKey(let id, _, _) = credentials else { return nil }
        return id
    }

    /// The AccessKey secret of a fixed pair, or nil when the credentials come from a file or URL.
    public var accessKeySecret: Secret? {
        guard case .accessKey(_, let secret, _) = credentials else { return nil }
        return secret
    }

    /// The region that signature v4 uses: ``region`` when set, else the one the endpoint names (`cn-shanghai`
    /// for `cn-shanghai.log.aliyuncs.com` and `cn-shanghai-intranet.log.aliyuncs.com`). Nil for the accelerated
    /// endpoint `log-global.aliyuncs.com` and other hosts without a configured region.
    public var signingRegion: String? {
        region ?? SLSEndpoint(host: endpoint).derivedRegion
    }

    /// The settings of the ``ConcurrencyLimiter`` that paces requests to this destination: windows of up to
    /// ``maxConcurrentRequests`` per Logstore and per project, and ``maxBytesPerSecond`` per Logstore.
    public var concurrencyLimiterConfiguration: ConcurrencyLimiter.Configuration {
        ConcurrencyLimiter.Configuration(
            maxConcurrencyPerLogstore: maxConcurrentRequests, maxConcurrencyPerProject: maxConcurrentRequests,
            maxBytesPerSecond: maxBytesPerSecond
        )
    }

    /// Returns the shard key of `entry`: the MD5 of its ``shardHashField`` value, folded onto ``shardHashBuckets``
    /// when set. Returns nil when routing is off or the entry lacks the field; such entries go to `/shards/lb`.
    public func shardHashKey(for entry: LogEntry) -> String? {
        guard let shardHashField else { return nil }
        return ShardHashKey.key(for: entry, field: shardHashField, buckets: shardHashBuckets)
    }
}

import Core
import HTTPServer

/// Settings of a ``LocalSLSServer``: who may write, where, and the limits it enforces.
public struct LocalSLSConfiguration: Sendable {
    /// An AccessKey pair the server accepts.
    public struct AccessKey: Sendable {
        public var id: String
        public var secret: Secret
        /// The STS token that requests signed with this key must carry in `x-acs-security-token`; nil accepts
        /// requests without a token and rejects requests that carry one.
        public var securityToken: Secret?
        /// The server time, in seconds since the Unix epoch, from which the STS token is rejected as expired. Nil
        /// means the token does not expire. Ignored without a token.
        public var expiration: Int64?

        public init(id: String, secret: Secret, securityToken: Secret? = nil, expiration: Int64? = nil) {
            self.id = id
            self.secret = secret
            self.securityToken = securityToken
            self.expiration = expiration
        }
    }

    /// A project and the Logstores it has.
    public struct Project: Sendable {
        public var name: String
        public var logstores: Logstores

        public init(name: String, logstores: Logstores) {
            self.name = name
            self.logstores = logstores
        }
    }

    /// What the server does with the body of a request that passed the route, header, signature and time checks.
    public enum BodyCheck: Sendable, Equatable {
        /// Checks `Content-MD5` and the raw size limit, decompresses the body and decodes the LogGroup (the default).
        case full
        /// Checks only the raw size limit and accepts the body unread, so that a benchmark's server is not its
        /// bottleneck. Totals count requests and bytes (the raw size as `x-log-bodyrawsize` states it), but their
        /// log count stays 0, and no request is kept even when ``LocalSLSConfiguration/keepsRecords`` is on.
        case skip
    }

    /// The Logstores of a project.
    public enum Logstores: Sendable, Equatable {
        /// Every Logstore name exists: requests to any Logstore of the project are accepted.
        case any
        /// Only these Logstores exist; others get `LogStoreNotExist`.
        case named(Set<String>)
    }

    /// The numeric address to listen on (`127.0.0.1` or `::1`).
    public var host: String
    /// The TCP port; 0 picks a free one, returned by ``LocalSLSServer/start()``.
    public var port: UInt16
    public var accessKeys: [AccessKey]
    public var projects: [Project]
    /// The largest `x-log-bodyrawsize` accepted, in bytes; larger requests get `PostBodyTooLarge`. The default is
    /// 10 MiB: the PutLogs reference gives 10 MB without saying whether it means 10⁷ or 10 × 2²⁰ bytes, and the
    /// larger reading keeps the server from rejecting what the real service might accept.
    public var maxRawBodyBytes: Int
    /// The maximum number of logs accepted in one LogGroup, or nil for no limit (the default). Older SLS documentation
    /// gives 4096; the current PutLogs reference names no count limit.
    public var maxLogsPerRequest: Int?
    /// The largest difference between the request time and the server clock, in seconds, before
    /// `RequestTimeExpired`. SLS allows 15 minutes.
    public var maxClockSkewSeconds: Int64
    /// Seconds added to the system clock to get the server clock, to test clock skew. Can also be changed while
    /// running with ``LocalSLSServer/setClockOffset(seconds:)``.
    public var clockOffsetSeconds: Int64
    /// Keeps every accepted request, with its decoded LogGroup, and every response record in memory. Turn it off
    /// for long benchmark runs, where only the totals per Logstore are kept.
    public var keepsRecords: Bool
    public var bodyCheck: BodyCheck
    public var threading: HTTPServerConfiguration.Threading
    /// The maximum number of connections open at once.
    public var maxConnections: Int
    /// Serves HTTPS with this certificate and key; nil serves plain HTTP.
    public var tls: HTTPServerTLS?
    /// The region this server stands for, such as `cn-hangzhou`. A v4 signature whose credential scope names
    /// another region is rejected; nil accepts any region.
    public var region: String?

    public init(
        host: String = "127.0.0.1",
        port: UInt16 = 0,
        accessKeys: [AccessKey],
        projects: [Project],
        maxRawBodyBytes: Int = 10 * 1024 * 1024,
        maxLogsPerRequest: Int? = nil,
        maxClockSkewSeconds: Int64 = 15 * 60,
        clockOffsetSeconds: Int64 = 0,
        keepsRecords: Bool = true,
        bodyCheck: BodyCheck = .full,
        threading: HTTPServerConfiguration.Threading = .threadPerConnection,
        maxConnections: Int = 64,
        tls: HTTPServerTLS? = nil,
        region: String? = nil
    ) {
        self.host = host
        self.port = port
        self.accessKeys = accessKeys
        self.projects = projects
        self.maxRawBodyBytes = maxRawBodyBytes
        self.maxLogsPerRequest = maxLogsPerRequest
        self.maxClockSkewSeconds = maxClockSkewSeconds
        self.clockOffsetSeconds = clockOffsetSeconds
        self.keepsRecords = keepsRecords
        self.bodyCheck = bodyCheck
        self.threading = threading
        self.maxConnections = maxConnections
        self.tls = tls
        self.region = region
    }

    /// Checks every setting and returns one message per problem, naming the setting and the fix.
    public func validate() -> [String] {
        var problems: [String] = []
        if accessKeys.isEmpty {
            problems.append("accessKeys is empty; add at least one AccessKey ID and secret")
        }
        for key in accessKeys where key.id.isEmpty || key.secret.isEmpty {
            problems.append("accessKeys: an entry has an empty ID or secret; give both")
        }
        if projects.isEmpty {
            problems.append("projects is empty; add at least one project with its Logstores")
        }
        for project in projects {
            if project.name.isEmpty || project.name.contains(".") {
                problems.append("projects: \"\(project.name)\" is not a valid project name; use letters, digits and hyphens")
            }
            if case .named(let names) = project.logstores, names.isEmpty {
                problems.append("projects: \"\(project.name)\" has no Logstores; name at least one or accept any")
            }
        }
        if maxRawBodyBytes < 1 {
            problems.append("maxRawBodyBytes is \(maxRawBodyBytes); use a positive number of bytes")
        }
        if let maxLogsPerRequest, maxLogsPerRequest < 1 {
            problems.append("maxLogsPerRequest is \(maxLogsPerRequest); use a positive number or nil for no limit")
        }
        if let region, region.isEmpty || region.contains("/") {
            problems.append("region \"\(region)\" is not a region ID; use one such as cn-hangzhou, or nil for any")
        }
        if maxClockSkewSeconds < 0 {
            problems.append("maxClockSkewSeconds is \(maxClockSkewSeconds); use 0 or more seconds")
        }
        return problems
    }

    /// The HTTP body limit: the raw limit plus room for compression that grows incompressible data (LZ4's worst
    /// case adds 1/255 of the input plus 16 bytes, and the zstd and zlib bounds are smaller).
    var maxWireBodyBytes: Int {
        maxRawBodyBytes + maxRawBodyBytes / 128 + 4096
    }
}

import Foundation

/// Settings of an ``SLSClient``.
public struct SLSClientConfiguration: Sendable {
    /// The server verification settings of HTTPS connections. The certificate chain and the host name are always
    /// verified, and only the set of trusted CA certificates can change.
    public struct TLS: Sendable, Equatable {
        /// A PEM file of CA certificates that replaces the system store for verifying the server. With nil, libcurl
        /// uses the store it was built with: on Debian, `/etc/ssl/certs/ca-certificates.crt` from `ca-certificates`.
        public var caFile: String?

        public init(caFile: String? = nil) {
            self.caFile = caFile
        }
    }

    public var endpoint: SLSEndpoint
    public var tls: TLS
    /// The clock that signs requests, shared with a credential provider that judges expiry by it.
    public var serverClock: SLSServerClock
    /// The source of the credentials that sign each request.
    public var credentialProvider: any CredentialProvider
    public var signatureVersion: SignatureVersion
    /// The `User-Agent` header.
    public var userAgent: String
    /// The time allowed to open a connection (TCP and TLS), in milliseconds.
    public var connectTimeoutMilliseconds: Int
    /// The time allowed for a whole request, connection included, in milliseconds. Time spent waiting for a
    /// free slot under ``maxConcurrentRequests`` does not count.
    public var requestTimeoutMilliseconds: Int
    /// The maximum number of requests in flight at once.
    public var maxConcurrentRequests: Int
    /// The maximum number of connections open to the endpoint, busy or idle; nil uses ``maxConcurrentRequests``.
    /// Each request in flight needs its own HTTP/1.1 connection, so a smaller value also caps the requests in
    /// flight, and the others wait in the client's queue.
    public var maxConnections: Int?

    /// The connection limit in effect: ``maxConnections`` or, without it, ``maxConcurrentRequests``.
    public var effectiveMaxConnections: Int {
        maxConnections ?? maxConcurrentRequests
    }

    /// Creates a configuration that signs with fixed credentials.
    public init(
        endpoint: SLSEndpoint,
        tls: TLS = TLS(),
        credentials: SLSCredentials,
        signatureVersion: SignatureVersion = .v1,
        userAgent: String = "ehbridge",
        connectTimeoutMilliseconds: Int = 5_000,
        requestTimeoutMilliseconds: Int = 60_000,
        maxConcurrentRequests: Int = 8,
        maxConnections: Int? = nil
    ) {
        self.init(
            endpoint: endpoint, tls: tls, credentialProvider: StaticCredentialProvider(credentials),
            signatureVersion: signatureVersion, userAgent: userAgent,
            connectTimeoutMilliseconds: connectTimeoutMilliseconds,
            requestTimeoutMilliseconds: requestTimeoutMilliseconds, maxConcurrentRequests: maxConcurrentRequests,
            maxConnections: maxConnections
        )
    }

    public init(
        endpoint: SLSEndpoint,
        tls: TLS = TLS(),
        credentialProvider: any CredentialProvider,
        signatureVersion: SignatureVersion = .v1,
        userAgent: String = "ehbridge",
        connectTimeoutMilliseconds: Int = 5_000,
        requestTimeoutMilliseconds: Int = 60_000,
        maxConcurrentRequests: Int = 8,
        maxConnections: Int? = nil,
        serverClock: SLSServerClock = SLSServerClock()
    ) {
        self.serverClock = serverClock
        self.endpoint = endpoint
        self.tls = tls
        self.credentialProvider = credentialProvider
        self.signatureVersion = signatureVersion
        self.userAgent = userAgent
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.maxConcurrentRequests = maxConcurrentRequests
        self.maxConnections = maxConnections
    }

    /// Checks every setting and returns one message per problem, naming the setting and the fix. Never
    /// includes the AccessKey secret or the security token.
    public func validate() -> [String] {
        var problems = endpoint.validate()
        problems += credentialProvider.validate()
        if case .v4(let region) = signatureVersion {
            if region.isEmpty {
                problems.append("signatureVersion: v4 needs the region of the endpoint, such as cn-hangzhou")
            } else if let derived = endpoint.derivedRegion, derived != region {
                problems.append("signatureVersion: the v4 region is \(region), but the endpoint \(endpoint.host) is in "
                    + "\(derived); use the endpoint's region")
            }
        }
        if let caFile = tls.caFile {
            if endpoint.scheme != .https {
                problems.append("tls.caFile is set, but the endpoint uses plain HTTP; use https or remove the CA file")
            }
            if !FileManager.default.isReadableFile(atPath: caFile) {
                problems.append("tls.caFile \(caFile) cannot be read; give a readable PEM file of CA certificates")
            }
        }
        if connectTimeoutMilliseconds <= 0 {
            problems.append("connectTimeoutMilliseconds is \(connectTimeoutMilliseconds); use a positive number of milliseconds")
        }
        if requestTimeoutMilliseconds <= 0 {
            problems.append("requestTimeoutMilliseconds is \(requestTimeoutMilliseconds); use a positive number of milliseconds")
        }
        if maxConcurrentRequests < 1 {
            problems.append("maxConcurrentRequests is \(maxConcurrentRequests); use 1 or more")
        }
        if let maxConnections, maxConnections < 1 {
            problems.append("maxConnections is \(maxConnections); use 1 or more, or nil for maxConcurrentRequests")
        }
        return problems
    }
}

import Core
import HTTPServer
import SLS

/// An SLS-compatible PutLogs server on loopback, for tests, the demo and the benchmark. It also answers
/// GetLogStore (`GET /logstores/{logstore}`), the read-only call of `ehbridge check`.
///
/// It checks what the real service checks, in this order:
/// 1. the method and path, the project (first label of `Host`) and the Logstore;
/// 2. `x-log-apiversion`, `Content-Type`, `x-log-bodyrawsize` and `x-log-compresstype`;
/// 3. the v1 or v4 signature (with the v4 scope's region when one is configured), and the STS token with its
///    expiry;
/// 4. the request time, within 15 minutes of the server clock;
/// 5. `Content-MD5`, the raw size limit, decompression to exactly `x-log-bodyrawsize` bytes, and the LogGroup
///    encoding. With ``LocalSLSConfiguration/BodyCheck/skip`` only the raw size limit is checked.
///
/// Errors are SLS JSON bodies (`{"errorCode","errorMessage"}`). Every response carries `x-log-requestid`,
/// `Date` and `x-log-time`. With ``LocalSLSConfiguration/tls`` it serves HTTPS.
/// Accepted LogGroups are kept in memory and read back through ``acceptedRequests(project:logstore:)`` and
/// ``totals(project:logstore:)``.
///
/// ```swift
/// let server = LocalSLSServer(configuration: LocalSLSConfiguration(
///     accessKeys: [.init(id: "test-id", secret: Secret("test-secret"))],
///     projects: [.init(name: "proj", logstores: .named(["audit"]))]
/// ), logger: .disabled)
/// let port = try server.start()
/// defer { server.stop() }
/// ```
public final class LocalSLSServer: Sendable {
    public let configuration: LocalSLSConfiguration
    private let handler: PutLogsHandler
    private let httpServer: HTTPServer
    private let logger: Logger

    /// Creates a server that is not yet listening.
    ///
    /// `acceptanceObserver`, when given, is called for every accepted request on the HTTP thread that handles it,
    /// before the response is sent, so it must return quickly.
    public init(
        configuration: LocalSLSConfiguration, logger: Logger,
        acceptanceObserver: (@Sendable (LocalSLSAcceptance) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.logger = logger
        let handler = PutLogsHandler(
            configuration: configuration, store: LocalSLSStore(keepsRecords: configuration.keepsRecords),
            faults: LocalSLSFaultQueue(), logger: logger, acceptanceObserver: acceptanceObserver
        )
        self.handler = handler
        let logstoreReader = GetLogStoreHandler(
            configuration: configuration, faults: handler.faults, clockOffset: handler.clockOffset, logger: logger
        )
        let httpConfiguration = HTTPServerConfiguration(
            host: configuration.host, port: configuration.port, threading: configuration.threading,
            maxBodyBytes: configuration.maxWireBodyBytes, maxConnections: configuration.maxConnections,
            tls: configuration.tls
        )
        httpServer = HTTPServer(
            configuration: httpConfiguration, logger: logger,
            bodyTooLargeResponse: { handler.rejectBodyTooLarge($0) },
            handler: { request in
                GetLogStoreHandler.matches(request) ? logstoreReader.handle(request) : handler.handle(request)
            }
        )
    }

    /// Starts listening and returns the bound port. Throws ``HTTPServerError``; an invalid configuration gives
    /// ``HTTPServerError/invalidConfiguration(_:)`` with every problem.
    @discardableResult
    public func start() throws(HTTPServerError) -> UInt16 {
        let problems = configuration.validate()
        guard problems.isEmpty else { throw .invalidConfiguration(problems) }
        return try httpServer.start()
    }

    /// Stops the server and closes its connections. The stored requests stay readable. Calling it again does
    /// nothing.
    public func stop() {
        httpServer.stop()
    }

    /// The bound port while running, else nil.
    public var port: UInt16? { httpServer.port }

    /// An endpoint that sends an ``SLSClient``'s requests to this server, or nil when it is not running. It uses
    /// HTTPS when the server has TLS, and the host `sls.test`, so the server certificate must name
    /// `{project}.sls.test`.
    public var endpoint: SLSEndpoint? {
        port.map { port in
            SLSEndpoint.local(port: port, address: configuration.host, scheme: configuration.tls == nil ? .http : .https)
        }
    }

    /// Connection and response counts of the HTTP layer.
    public var httpStatistics: HTTPServerStatistics { httpServer.statistics }

    // MARK: - Clock

    /// Seconds added to the system clock to get the server clock.
    public var clockOffsetSeconds: Int64 { handler.clockOffset.withLock { $0 } }

    /// Moves the server clock by `seconds` from the system clock, for clock-skew tests.
    public func setClockOffset(seconds: Int64) {
        handler.clockOffset.withLock { $0 = seconds }
    }

    /// The server clock in seconds since the epoch.
    public var serverTime: Int64 { handler.serverTime }

    // MARK: - Access keys

    /// Replaces the accepted AccessKeys while the server runs, for example to rotate or expire STS credentials.
    /// Requests already past the signature check are not affected.
    public func replaceAccessKeys(_ accessKeys: [LocalSLSConfiguration.AccessKey]) {
        handler.signatureCheck.replaceAccessKeys(accessKeys)
    }

    // MARK: - Faults

    /// Queues `fault` for the next `times` requests within `scope`. Faults apply after the project and Logstore
    /// are found and before every other check, in the order queued.
    public func injectFault(_ fault: LocalSLSFault, times: Int = 1, scope: LocalSLSFaultScope = .all) {
        handler.faults.append(fault, times: times, scope: scope)
    }

    /// The number of queued faults not yet used.
    public var pendingFaultCount: Int { handler.faults.count }

    public func removeAllFaults() {
        handler.faults.removeAll()
    }

    // MARK: - Stored requests

    /// Accepted requests in arrival order, all of them or those of one project and Logstore. Empty when
    /// ``LocalSLSConfiguration/keepsRecords`` is off.
    public func acceptedRequests(project: String? = nil, logstore: String? = nil) -> [LocalSLSStoredRequest] {
        handler.store.acceptedRequests.filter { request in
            (project == nil || request.project == project) && (logstore == nil || request.logstore == logstore)
        }
    }

    /// Returns the LogGroups accepted for a project and Logstore, in arrival order.
    public func logGroups(project: String, logstore: String) -> [LogGroup] {
        acceptedRequests(project: project, logstore: logstore).map(\.logGroup)
    }

    /// Sums of the accepted requests of a project and Logstore, kept even when
    /// ``LocalSLSConfiguration/keepsRecords`` is off.
    public func totals(project: String, logstore: String) -> LocalSLSTotals {
        handler.store.totals(project: project, logstore: logstore)
    }

    /// The totals of every Logstore that accepted a request, sorted by project and Logstore.
    public var allTotals: [(project: String, logstore: String, totals: LocalSLSTotals)] {
        handler.store.allTotals()
    }

    /// Every response sent, accepted or rejected, in order. Empty when ``LocalSLSConfiguration/keepsRecords`` is
    /// off.
    public var responses: [LocalSLSResponseRecord] { handler.store.responses }

    /// Forgets stored requests, response records and totals.
    public func removeAllRecords() {
        handler.store.removeAll()
    }
}

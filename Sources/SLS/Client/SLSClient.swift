import Core
import Foundation

/// Sends PutLogs requests to SLS over HTTP/1.1 with libcurl.
///
/// One dedicated sender thread drives a libcurl multi handle, so requests run concurrently (up to
/// ``SLSClientConfiguration/maxConcurrentRequests``) without blocking the caller or Swift's cooperative pool.
/// Further requests wait in a queue without a size limit, so callers bound the number they have in flight.
/// Connections stay open and are reused. Each request is signed when it is submitted, with the local clock
/// plus ``clockOffsetSeconds``. Completions run on the sender thread and must return quickly.
///
/// Call ``SLSClientConfiguration/validate()`` before creating a client: an invalid configuration is not
/// reported here but makes requests fail.
public final class SLSClient: LogstoreBackend {
    public let configuration: SLSClientConfiguration
    private let logger: Logger
    let transport: CurlMultiTransport
    private let clockOffset = Locked<Int64>(0)

    public init(configuration: SLSClientConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        transport = CurlMultiTransport(
            maxConcurrentRequests: max(1, configuration.maxConcurrentRequests),
            threadName: "ehbridge-sls-sender",
            logger: logger
        )
        logger.info("SLS client started", metadata: [
            "sls.endpoint": .string(configuration.endpoint.description),
            "sls.max_concurrent_requests": .int(configuration.maxConcurrentRequests),
        ])
    }

    deinit {
        transport.shutdown()
    }

    /// Seconds added to the local clock when signing, to follow the server clock after `RequestTimeExpired`.
    public var clockOffsetSeconds: Int64 {
        clockOffset.withLock { $0 }
    }

    /// Sets the seconds added to the local clock when signing later requests.
    public func setClockOffset(seconds: Int64) {
        clockOffset.withLock { $0 = seconds }
    }

    /// Sets the clock offset so that the local clock matches `serverTime` (seconds since the epoch), as read from
    /// ``PutLogsReceipt/serverTime`` or a ``PutLogsFailure/service(_:serverTime:)``.
    public func synchronizeClock(serverTime: Int64) {
        let offset = serverTime - Self.localTimeSeconds()
        setClockOffset(seconds: offset)
        logger.info("SLS client clock offset set", metadata: ["sls.clock_offset_seconds": .int(offset)])
    }

    public func putLogs(_ request: PutLogsRequest, completion: @escaping @Sendable (PutLogsResult) -> Void) {
        let endpoint = configuration.endpoint
        let signed = PutLogsRequestSigner.sign(
            request,
            endpointHost: endpoint.signingHost,
            credentials: configuration.credentials,
            version: configuration.signatureVersion,
            nowSeconds: Self.localTimeSeconds() + clockOffsetSeconds,
            userAgent: configuration.userAgent
        )
        let transportRequest = TransportRequest(
            method: signed.method,
            url: endpoint.url(project: request.project, path: signed.path, query: signed.query),
            headers: signed.headers,
            body: signed.body,
            connectTo: endpoint.connectToEntry,
            connectTimeoutMilliseconds: configuration.connectTimeoutMilliseconds,
            requestTimeoutMilliseconds: configuration.requestTimeoutMilliseconds
        )

        let logger = self.logger
        let started = DispatchTime.now().uptimeNanoseconds
        transport.submit(transportRequest) { outcome in
            let result = Self.result(of: outcome)
            if logger.isEnabled(.debug) {
                let elapsed = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
                logger.debug("PutLogs request finished",
                             metadata: Self.metadata(of: result, request: request, milliseconds: elapsed))
            }
            completion(result)
        }
    }

    public func shutdown() {
        transport.shutdown()
        logger.info("SLS client stopped", metadata: ["sls.endpoint": .string(configuration.endpoint.description)])
    }

    /// Maps an HTTP exchange to a PutLogs result: 2xx is accepted, any other status is a service error parsed
    /// from the SLS JSON body.
    static func result(of outcome: Result<TransportResponse, TransportError>) -> PutLogsResult {
        switch outcome {
        case .failure(let error):
            return .failed(.transport(error))
        case .success(let response):
            let requestID = response.header("x-log-requestid")
            let serverTime = serverTime(of: response)
            guard (200..<300).contains(response.status) else {
                let error = SLSServiceError.parse(httpStatus: response.status, body: response.body, requestID: requestID)
                return .failed(.service(error, serverTime: serverTime))
            }
            return .accepted(PutLogsReceipt(requestID: requestID, serverTime: serverTime))
        }
    }

    /// Reads the server clock from `x-log-time` (seconds since the epoch), else from `Date` (RFC 1123).
    static func serverTime(of response: TransportResponse) -> Int64? {
        if let text = response.header("x-log-time"), let seconds = Int64(text.trimmingCharacters(in: .whitespaces)) {
            return seconds
        }
        if let date = response.header("Date") {
            return SLSDate.parseRFC1123(date)
        }
        return nil
    }

    private static func localTimeSeconds() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }

    private static func metadata(of result: PutLogsResult, request: PutLogsRequest, milliseconds: UInt64) -> LogMetadata {
        var metadata: LogMetadata = [
            "sls.project": .string(request.project),
            "sls.logstore": .string(request.logstore),
            "sls.body_bytes": .int(request.body.count),
            "sls.duration_ms": .int(milliseconds),
        ]
        switch result {
        case .accepted(let receipt):
            metadata["sls.request_id"] = .string(receipt.requestID ?? "")
            metadata["sls.outcome"] = "accepted"
        case .failed(.service(let error, _)):
            metadata["sls.request_id"] = .string(error.requestID ?? "")
            metadata["sls.outcome"] = "rejected"
            metadata["http.status"] = .int(error.httpStatus)
            metadata["sls.error_code"] = .string(error.code)
        case .failed(.transport(let error)):
            metadata["sls.outcome"] = "transport_error"
            metadata["sls.transport_error"] = .string(error.kind.rawValue)
            if let code = error.curlCode { metadata["curl.code"] = .int(code) }
        }
        return metadata
    }
}

import Core
import Foundation

/// Sends PutLogs requests to SLS over HTTP/1.1 with libcurl.
///
/// One dedicated sender thread drives a libcurl multi handle, so requests run concurrently (up to
/// ``SLSClientConfiguration/maxConcurrentRequests``) without blocking the caller or Swift's cooperative pool.
/// Further requests wait in a queue without a size limit, so callers bound the number they have in flight.
/// Connections stay open and are reused. Each request is signed when it is submitted, with the local clock
/// plus ``clockOffsetSeconds`` and one snapshot of the ``SLSClientConfiguration/credentialProvider``'s
/// credentials, so a credential refresh never alters a request already signed. Completions run on the sender
/// thread and must return quickly.
///
/// Call ``SLSClientConfiguration/validate()`` before creating a client: an invalid configuration is not
/// reported here but makes requests fail.
public final class SLSClient: LogstoreBackend {
    public let configuration: SLSClientConfiguration
    let logger: Logger
    let transport: CurlMultiTransport
    /// Runs credential reads and fetches, which may block, off the caller's thread and the sender thread.
    private let credentialQueue = DispatchQueue(label: "ehbridge-sls-credentials")

    public init(configuration: SLSClientConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        transport = CurlMultiTransport(
            maxConcurrentRequests: max(1, min(configuration.maxConcurrentRequests, configuration.effectiveMaxConnections)),
            maxConnections: max(1, configuration.effectiveMaxConnections),
            threadName: "ehbridge-sls-sender",
            logger: logger
        )
        logger.info("SLS client started", metadata: [
            "sls.endpoint": .string(configuration.endpoint.description),
            "sls.max_concurrent_requests": .int(configuration.maxConcurrentRequests),
            "sls.max_connections": .int(configuration.effectiveMaxConnections),
            "sls.credentials_source": .string(configuration.credentialProvider.sourceDescription),
        ])
        if configuration.endpoint.scheme == .http {
            logger.warning("SLS client uses plain HTTP: requests, signatures and tokens travel unencrypted", metadata: [
                "sls.endpoint": .string(configuration.endpoint.description),
            ])
        }
    }

    deinit {
        transport.shutdown()
    }

    /// Seconds added to the local clock when signing, to follow the server clock after `RequestTimeExpired`.
    public var clockOffsetSeconds: Int64 {
        configuration.serverClock.offsetSeconds
    }

    /// Sets the seconds added to the local clock when signing later requests.
    public func setClockOffset(seconds: Int64) {
        configuration.serverClock.setOffset(seconds: seconds)
    }

    /// Sets the clock offset so that the local clock matches `serverTime` (seconds since the epoch), as read from
    /// ``PutLogsReceipt/serverTime`` or a ``PutLogsFailure/service(_:serverTime:)``.
    public func synchronizeClock(serverTime: Int64) {
        let offset = serverTime - SLSServerClock.localSeconds()
        setClockOffset(seconds: offset)
        logger.info("SLS client clock offset set", metadata: ["sls.clock_offset_seconds": .int(offset)])
    }

    /// Signs `request` with the provider's current credentials and queues it. When the provider must read or fetch
    /// first, that happens on the client's credentials queue, and the request waits there. If no credentials can be
    /// had, `completion` gets a ``TransportError`` of kind ``TransportError/Kind/credentials``.
    public func putLogs(_ request: PutLogsRequest, completion: @escaping @Sendable (PutLogsResult) -> Void) {
        let provider = configuration.credentialProvider
        if let credentials = provider.cachedCredentials() {
            send(request, signedWith: credentials, completion: completion)
            return
        }
        credentialQueue.async { [self] in
            let credentials: SLSCredentials
            do throws(CredentialError) {
                credentials = try provider.credentials()
            } catch {
                logger.warning("PutLogs request not sent: no credentials", metadata: [
                    "sls.project": .string(request.project), "sls.logstore": .string(request.logstore),
                    "sls.credentials_source": .string(provider.sourceDescription), "error": .string(error.description),
                ])
                completion(.failed(.transport(.credentialsUnavailable(error))))
                return
            }
            send(request, signedWith: credentials, completion: completion)
        }
    }

    /// Signs `request` with exactly `credentials`, sends it, and reports a 401 for those credentials to the
    /// provider so that a retry is signed with fresh ones.
    private func send(_ request: PutLogsRequest, signedWith credentials: SLSCredentials,
                      completion: @escaping @Sendable (PutLogsResult) -> Void) {
        let endpoint = configuration.endpoint
        let signed = PutLogsRequestSigner.sign(
            request,
            endpointHost: endpoint.signingHost,
            credentials: credentials,
            version: configuration.signatureVersion,
            nowSeconds: configuration.serverClock.nowSeconds(),
            userAgent: configuration.userAgent
        )
        let transportRequest = TransportRequest(
            method: signed.method,
            url: endpoint.url(project: request.project, path: signed.path, query: signed.query),
            headers: signed.headers,
            body: signed.body,
            connectTo: endpoint.connectToEntry,
            caFile: configuration.tls.caFile,
            connectTimeoutMilliseconds: configuration.connectTimeoutMilliseconds,
            requestTimeoutMilliseconds: configuration.requestTimeoutMilliseconds
        )

        let logger = self.logger
        let provider = configuration.credentialProvider
        let started = DispatchTime.now().uptimeNanoseconds
        transport.submit(transportRequest) { outcome in
            var result = Self.result(of: outcome)
            if case .failed(.service(var error, let serverTime)) = result, error.httpStatus == 401 {
                provider.invalidate(credentials)
                error.credentialsRenewable = provider.canRenew
                result = .failed(.service(error, serverTime: serverTime))
            }
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

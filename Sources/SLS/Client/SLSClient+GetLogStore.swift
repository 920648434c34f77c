import Core
import Dispatch
import Foundation

extension SLSClient {
    /// Sends one signed GetLogStore request (`GET /logstores/{logstore}` on `{project}.{endpoint}`), which
    /// reads and changes nothing, to check the endpoint, the credentials, the project, the Logstore and the
    /// clock. `completion` runs once on the sender thread with the Logstore's description, or with the same
    /// failures as PutLogs: an ``SLSServiceError`` such as `ProjectNotExist`, `LogStoreNotExist`,
    /// `Unauthorized`, `SignatureNotMatch` or `RequestTimeExpired`, or a ``TransportError``.
    ///
    /// When the credential provider has no cached credentials, this call reads or fetches them first and
    /// blocks the calling thread meanwhile, so call it from a dedicated thread.
    public func getLogStore(
        project: String, logstore: String,
        completion: @escaping @Sendable (Result<LogstoreDescription, PutLogsFailure>) -> Void
    ) {
        let provider = configuration.credentialProvider
        let credentials: SLSCredentials
        if let cached = provider.cachedCredentials() {
            credentials = cached
        } else {
            do {
                credentials = try provider.credentials()
            } catch {
                completion(.failure(.transport(.credentialsUnavailable(error))))
                return
            }
        }

        let endpoint = configuration.endpoint
        let path = "/logstores/\(logstore)"
        let signed = ReadRequestSigner.sign(
            method: "GET", project: project, path: path, query: [], endpointHost: endpoint.signingHost,
            credentials: credentials, version: configuration.signatureVersion,
            nowSeconds: configuration.serverClock.nowSeconds(), userAgent: configuration.userAgent
        )
        let request = TransportRequest(
            method: signed.method, url: endpoint.url(project: project, path: path, query: []), headers: signed.headers,
            body: [], connectTo: endpoint.connectToEntry, caFile: configuration.tls.caFile,
            connectTimeoutMilliseconds: configuration.connectTimeoutMilliseconds,
            requestTimeoutMilliseconds: configuration.requestTimeoutMilliseconds
        )
        let logger = self.logger
        let started = DispatchTime.now().uptimeNanoseconds
        transport.submit(request) { outcome in
            let description = Self.logstoreDescription(of: outcome, name: logstore)
            if case .failure(.service(let error, _)) = description, error.httpStatus == 401 {
                provider.invalidate(credentials)
            }
            if logger.isEnabled(.debug) {
                var metadata: LogMetadata = [
                    "sls.project": .string(project), "sls.logstore": .string(logstore),
                    "sls.duration_ms": .int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000),
                ]
                switch outcome {
                case .success(let response): metadata["http.status"] = .int(response.status)
                case .failure(let error): metadata["sls.transport_error"] = .string(error.kind.rawValue)
                }
                logger.debug("GetLogStore request finished", metadata: metadata)
            }
            completion(description)
        }
    }

    /// Maps a GetLogStore exchange: 2xx with the Logstore's JSON (fields that do not parse are left nil),
    /// anything else as PutLogs maps it.
    static func logstoreDescription(
        of outcome: Result<TransportResponse, TransportError>, name: String
    ) -> Result<LogstoreDescription, PutLogsFailure> {
        switch result(of: outcome) {
        case .failed(let failure):
            return .failure(failure)
        case .accepted(let receipt):
            guard case .success(let response) = outcome else { return .failure(.transport(.shutDown)) }
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
            return .success(LogstoreDescription(
                name: object?["logstoreName"] as? String ?? name, retentionDays: object?["ttl"] as? Int,
                shardCount: object?["shardCount"] as? Int, requestID: receipt.requestID, serverTime: receipt.serverTime
            ))
        }
    }
}

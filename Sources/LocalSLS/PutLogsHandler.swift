import Core
import Foundation
import HTTPServer
import SLS

/// Runs the checks of one PutLogs request in the order SLS applies them, stores accepted LogGroups and builds
/// the SLS response. Called on the HTTP server's threads.
final class PutLogsHandler: Sendable {
    let configuration: LocalSLSConfiguration
    let store: LocalSLSStore
    let faults: LocalSLSFaultQueue
    let clockOffset: Locked<Int64>
    private let logger: Logger
    let signatureCheck: SignatureCheck
    private let acceptanceObserver: (@Sendable (LocalSLSAcceptance) -> Void)?

    init(configuration: LocalSLSConfiguration, store: LocalSLSStore, faults: LocalSLSFaultQueue, logger: Logger,
         acceptanceObserver: (@Sendable (LocalSLSAcceptance) -> Void)? = nil) {
        self.configuration = configuration
        self.store = store
        self.faults = faults
        self.clockOffset = Locked(configuration.clockOffsetSeconds)
        self.logger = logger
        self.signatureCheck = SignatureCheck(accessKeys: configuration.accessKeys, region: configuration.region)
        self.acceptanceObserver = acceptanceObserver
    }

    /// The server clock in seconds since the epoch: the system clock plus the configured offset.
    var serverTime: Int64 {
        Int64(Date().timeIntervalSince1970) + clockOffset.withLock { $0 }
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let requestID = Self.makeRequestID()
        var route: PutLogsRoute?
        do {
            let parsed = try PutLogsRoute.parse(request)
            route = parsed
            try checkExists(parsed)

            if let fault = faults.take(project: parsed.project, logstore: parsed.logstore) {
                switch fault {
                case .error(let status, let code, let message):
                    let rejection = LocalSLSRejection(status, code, message)
                    return reject(rejection, request: request, requestID: requestID, route: parsed, injected: true)
                case .delay(let milliseconds):
                    logger.info("PutLogs request delayed by an injected fault", metadata: [
                        "sls.request_id": .string(requestID), "sls.project": .string(parsed.project),
                        "sls.logstore": .string(parsed.logstore), "sls.delay_ms": .int(milliseconds),
                        "http.connection": .int(request.connectionID),
                    ])
                    Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
                case .disconnect:
                    logger.info("PutLogs request dropped by an injected fault; connection closed without a response", metadata: [
                        "sls.request_id": .string(requestID), "sls.project": .string(parsed.project),
                        "sls.logstore": .string(parsed.logstore), "http.connection": .int(request.connectionID),
                    ])
                    return .closeConnection
                }
            }

            let described = try PutLogsHeaders.parse(request.headers, bodyBytes: request.body.count)
            let now = serverTime
            let signer = try signatureCheck.verify(request, serverTime: now)
            try RequestTimeCheck.check(request.headers, serverTime: now, maxSkewSeconds: configuration.maxClockSkewSeconds)

            if configuration.bodyCheck == .skip {
                try PutLogsBodyCheck.checkRawSize(described, maxRawBodyBytes: configuration.maxRawBodyBytes)
                store.addUndecoded(project: parsed.project, logstore: parsed.logstore,
                                   compressedBytes: request.body.count, rawBytes: described.rawSize)
                notifyObserver(request, route: parsed, described: described)
                return accept(request: request, requestID: requestID, route: parsed, logs: nil, serverTime: now)
            }

            let group = try PutLogsBodyCheck.decode(
                request.body, headers: request.headers, described: described,
                maxRawBodyBytes: configuration.maxRawBodyBytes, maxLogs: configuration.maxLogsPerRequest
            )

            store.store(LocalSLSStoredRequest(
                requestID: requestID, project: parsed.project, logstore: parsed.logstore, shard: parsed.shard,
                logGroup: group, compression: described.compression, compressedBytes: request.body.count,
                rawBytes: described.rawSize, accessKeyID: signer.accessKeyID, signatureVersion: signer.version,
                receivedAt: now, connectionID: request.connectionID, userAgent: request.headers["User-Agent"]
            ))
            notifyObserver(request, route: parsed, described: described)
            return accept(request: request, requestID: requestID, route: parsed, logs: group.logs.count, serverTime: now)
        } catch {
            return reject(error, request: request, requestID: requestID, route: route, injected: false)
        }
    }

    /// Builds the response to a body over the HTTP size limit, which the HTTP server rejects without calling
    /// ``handle(_:)``.
    func rejectBodyTooLarge(_ request: HTTPRequest) -> HTTPResponse {
        let rejection = LocalSLSRejection(400, "PostBodyTooLarge", "the request body exceeds the limit of "
            + "\(configuration.maxWireBodyBytes) bytes; split the LogGroup")
        let route = try? PutLogsRoute.parse(request)
        return reject(rejection, request: request, requestID: Self.makeRequestID(), route: route, injected: false)
    }

    private func checkExists(_ route: PutLogsRoute) throws(LocalSLSRejection) {
        guard let project = configuration.projects.first(where: { $0.name == route.project }) else {
            throw LocalSLSRejection(404, "ProjectNotExist", "project \"\(route.project)\" does not exist")
        }
        if case .named(let logstores) = project.logstores, !logstores.contains(route.logstore) {
            throw LocalSLSRejection(404, "LogStoreNotExist",
                                    "Logstore \"\(route.logstore)\" does not exist in project \"\(route.project)\"")
        }
    }

    private func notifyObserver(_ request: HTTPRequest, route: PutLogsRoute, described: PutLogsHeaders) {
        guard let acceptanceObserver else { return }
        acceptanceObserver(LocalSLSAcceptance(
            project: route.project, logstore: route.logstore,
            acceptedAtMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)),
            compression: described.compression, rawSize: described.rawSize, body: request.body
        ))
    }

    /// Records and logs an accepted request; `logs` is nil when the body was not decoded.
    private func accept(request: HTTPRequest, requestID: String, route: PutLogsRoute, logs: Int?,
                        serverTime: Int64) -> HTTPResponse {
        store.record(LocalSLSResponseRecord(
            requestID: requestID, status: 200, errorCode: nil, project: route.project, logstore: route.logstore,
            injected: false
        ))
        var metadata: LogMetadata = [
            "sls.request_id": .string(requestID), "sls.project": .string(route.project),
            "sls.logstore": .string(route.logstore), "sls.shard": .string(route.shard.description),
            "sls.body_bytes": .int(request.body.count), "http.status": 200,
            "http.connection": .int(request.connectionID),
        ]
        if let logs {
            metadata["sls.logs"] = .int(logs)
        }
        logger.info("PutLogs request accepted", metadata: metadata)
        return HTTPResponse(status: 200, headers: commonHeaders(requestID: requestID, serverTime: serverTime))
    }

    private func reject(_ rejection: LocalSLSRejection, request: HTTPRequest, requestID: String, route: PutLogsRoute?,
                        injected: Bool) -> HTTPResponse {
        store.record(LocalSLSResponseRecord(
            requestID: requestID, status: rejection.status, errorCode: rejection.code, project: route?.project,
            logstore: route?.logstore, injected: injected
        ))
        logger.info("PutLogs request rejected", metadata: [
            "sls.request_id": .string(requestID), "sls.project": .string(route?.project ?? ""),
            "sls.logstore": .string(route?.logstore ?? ""), "http.status": .int(rejection.status),
            "sls.error_code": .string(rejection.code), "sls.error_message": .string(rejection.message),
            "sls.fault_injected": .bool(injected), "http.connection": .int(request.connectionID),
        ])

        var headers = commonHeaders(requestID: requestID, serverTime: serverTime)
        headers.add(name: "Content-Type", value: "application/json")
        let body = SLSServiceError.responseBody(code: rejection.code, message: rejection.message)
        return HTTPResponse(status: rejection.status, headers: headers, body: body)
    }

    /// Returns the headers of every response: `x-log-requestid`, `Date` and `x-log-time` from the server clock.
    private func commonHeaders(requestID: String, serverTime: Int64) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "x-log-requestid", value: requestID)
        headers.add(name: "Date", value: SLSDate.rfc1123(serverTime))
        headers.add(name: "x-log-time", value: String(serverTime))
        headers.add(name: "Server", value: "ehbridge-local-sls")
        return headers
    }

    /// Returns 24 uppercase hex digits, the form of SLS request IDs (`5B0A6B60BB6EE39764D458B5`).
    static func makeRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789ABCDEF")
        return String((0..<24).map { _ in digits[Int(generator.next() & 0x0F)] })
    }
}

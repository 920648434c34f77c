import Core
import Foundation
import HTTPServer
import SLS

/// Handles GetLogStore (`GET /logstores/{logstore}`), the read-only call of `ehbridge check`, with the checks
/// SLS applies to it: the project and Logstore exist, queued faults, the signature and STS token, and the
/// request time. The response is the Logstore as JSON (`logstoreName`, `ttl`, `shardCount`); errors are SLS
/// error bodies. Nothing is stored.
final class GetLogStoreHandler: Sendable {
    /// The retention and shard count the local server reports for every Logstore.
    static let reportedRetentionDays = 30
    static let reportedShardCount = 2

    private let configuration: LocalSLSConfiguration
    private let faults: LocalSLSFaultQueue
    private let clockOffset: Locked<Int64>
    private let signatureCheck: SignatureCheck
    private let logger: Logger

    init(configuration: LocalSLSConfiguration, faults: LocalSLSFaultQueue, clockOffset: Locked<Int64>, logger: Logger) {
        self.configuration = configuration
        self.faults = faults
        self.clockOffset = clockOffset
        self.signatureCheck = SignatureCheck(accessKeys: configuration.accessKeys)
        self.logger = logger
    }

    /// True for `GET /logstores/{logstore}` without further path segments.
    static func matches(_ request: HTTPRequest) -> Bool {
        guard request.method == "GET" else { return false }
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return segments.count == 2 && segments.first == "logstores" && !(segments.last?.isEmpty ?? true)
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let requestID = PutLogsHandler.makeRequestID()
        let serverTime = Int64(Date().timeIntervalSince1970) + clockOffset.withLock { $0 }
        let logstore = String(request.path.split(separator: "/").last ?? "")
        do throws(LocalSLSRejection) {
            let project = try PutLogsRoute.projectName(fromHost: request.headers["Host"])
            try checkExists(project: project, logstore: logstore)
            if let fault = faults.take(project: project, logstore: logstore) {
                switch fault {
                case .error(let status, let code, let message):
                    throw LocalSLSRejection(status, code, message)
                case .delay(let milliseconds):
                    Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
                case .disconnect:
                    return .closeConnection
                }
            }
            _ = try signatureCheck.verify(request, serverTime: serverTime)
            try RequestTimeCheck.check(request.headers, serverTime: serverTime, maxSkewSeconds: configuration.maxClockSkewSeconds)

            logger.info("GetLogStore request accepted", metadata: [
                "sls.request_id": .string(requestID), "sls.project": .string(project), "sls.logstore": .string(logstore),
            ])
            var headers = Self.commonHeaders(requestID: requestID, serverTime: serverTime)
            headers.add(name: "Content-Type", value: "application/json")
            let body = "{\"logstoreName\":\(LogFormat.jsonString(logstore)),\"ttl\":\(Self.reportedRetentionDays),"
                + "\"shardCount\":\(Self.reportedShardCount)}"
            return HTTPResponse(status: 200, headers: headers, body: Array(body.utf8))
        } catch {
            logger.info("GetLogStore request rejected", metadata: [
                "sls.request_id": .string(requestID), "sls.logstore": .string(logstore),
                "http.status": .int(error.status), "sls.error_code": .string(error.code),
            ])
            var headers = Self.commonHeaders(requestID: requestID, serverTime: serverTime)
            headers.add(name: "Content-Type", value: "application/json")
            return HTTPResponse(status: error.status, headers: headers,
                                body: SLSServiceError.responseBody(code: error.code, message: error.message))
        }
    }

    private func checkExists(project name: String, logstore: String) throws(LocalSLSRejection) {
        guard let project = configuration.projects.first(where: { $0.name == name }) else {
            throw LocalSLSRejection(404, "ProjectNotExist", "project \"\(name)\" does not exist")
        }
        if case .named(let logstores) = project.logstores, !logstores.contains(logstore) {
            throw LocalSLSRejection(404, "LogStoreNotExist", "Logstore \"\(logstore)\" does not exist in project \"\(name)\"")
        }
    }

    private static func commonHeaders(requestID: String, serverTime: Int64) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "x-log-requestid", value: requestID)
        headers.add(name: "Date", value: SLSDate.rfc1123(serverTime))
        headers.add(name: "x-log-time", value: String(serverTime))
        headers.add(name: "Server", value: "ehbridge-local-sls")
        return headers
    }
}

import Core
import Foundation
import HTTPServer
import LocalSLS
import SLS

/// A local SLS server with one AccessKey and the project `proj` (Logstores `audit` and `signin`) for client
/// tests, stopped when the value goes away.
final class LocalSLSFixture {
    static let accessKeyID = "client-test-id"
    static let secretText = "client-test-secret-9f2c"
    static let project = "proj"

    let server: LocalSLSServer
    let port: UInt16

    init(clockOffsetSeconds: Int64 = 0, maxLogsPerRequest: Int? = nil, tls: HTTPServerTLS? = nil) throws {
        server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: Self.accessKeyID, secret: Secret(Self.secretText))],
            projects: [LocalSLSConfiguration.Project(name: Self.project, logstores: .named(["audit", "signin"]))],
            maxLogsPerRequest: maxLogsPerRequest,
            clockOffsetSeconds: clockOffsetSeconds,
            tls: tls
        ), logger: .disabled)
        port = try server.start()
    }

    deinit {
        server.stop()
    }

    /// Returns a client configuration that reaches this server; `secret` overrides the accepted one.
    func clientConfiguration(
        secret: String = LocalSLSFixture.secretText,
        signatureVersion: SignatureVersion = .v1,
        maxConcurrentRequests: Int = 4,
        requestTimeoutMilliseconds: Int = 10_000,
        caFile: String? = nil
    ) -> SLSClientConfiguration {
        SLSClientConfiguration(
            endpoint: server.endpoint ?? .local(port: port),
            tls: SLSClientConfiguration.TLS(caFile: caFile),
            credentials: SLSCredentials(accessKeyID: Self.accessKeyID, accessKeySecret: Secret(secret)),
            signatureVersion: signatureVersion,
            userAgent: "ehbridge-tests",
            requestTimeoutMilliseconds: requestTimeoutMilliseconds,
            maxConcurrentRequests: maxConcurrentRequests
        )
    }
}

/// Sends one request and waits for its result without blocking a cooperative thread.
func send(_ request: PutLogsRequest, with client: SLSClient) async -> PutLogsResult {
    await withCheckedContinuation { continuation in
        client.putLogs(request) { continuation.resume(returning: $0) }
    }
}

/// Returns a LogGroup with `count` logs whose contents include non-ASCII text and an empty value.
func sampleGroup(count: Int = 3, topic: String = "audit-topic") -> LogGroup {
    var logs: [LogEntry] = []
    for index in 0..<count {
        let nanoseconds: UInt32? = index % 2 == 0 ? UInt32(index * 1000 + 7) : nil
        let contents = [
            LogContent("operationName", "Microsoft.Compute/virtualMachines/write"),
            LogContent("index", String(index)),
            LogContent("caller", "ユーザー-\(index)@例え.jp"),
            LogContent("empty", ""),
        ]
        logs.append(LogEntry(time: 1_700_000_000 + UInt32(index), timeNanoseconds: nanoseconds, contents: contents))
    }
    return LogGroup(logs: logs, topic: topic, source: "10.1.2.3", tags: [LogTag(key: "region", value: "东部")])
}

extension PutLogsResult {
    var receipt: PutLogsReceipt? {
        if case .accepted(let receipt) = self { return receipt }
        return nil
    }

    var serviceError: SLSServiceError? {
        if case .failed(.service(let error, _)) = self { return error }
        return nil
    }

    var serverTime: Int64? {
        switch self {
        case .accepted(let receipt): receipt.serverTime
        case .failed(.service(_, let serverTime)): serverTime
        case .failed(.transport): nil
        }
    }

    var transportError: TransportError? {
        if case .failed(.transport(let error)) = self { return error }
        return nil
    }
}

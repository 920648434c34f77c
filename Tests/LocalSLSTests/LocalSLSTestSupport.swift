import Core
import Foundation
import LocalSLS
import SLS

/// A local SLS server for the server's own tests: AccessKey `test-id`, a second key `sts-id` that needs an STS
/// token, project `proj` with Logstores `audit` and `signin`, and project `open` that accepts any Logstore.
final class ServerFixture {
    static let accessKeyID = "test-id"
    static let secret = Secret("test-secret-5d81")
    static let stsAccessKeyID = "sts-id"
    static let stsSecret = Secret("sts-secret-a03e")
    static let stsToken = Secret("sts-token-77b2c1")

    let server: LocalSLSServer
    let port: UInt16

    init(maxRawBodyBytes: Int = 10 * 1024 * 1024, maxLogsPerRequest: Int? = nil, keepsRecords: Bool = true,
         bodyCheck: LocalSLSConfiguration.BodyCheck = .full, logger: Logger = .disabled,
         acceptanceObserver: (@Sendable (LocalSLSAcceptance) -> Void)? = nil) throws {
        server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [
                LocalSLSConfiguration.AccessKey(id: Self.accessKeyID, secret: Self.secret),
                LocalSLSConfiguration.AccessKey(id: Self.stsAccessKeyID, secret: Self.stsSecret,
                                                securityToken: Self.stsToken),
            ],
            projects: [
                LocalSLSConfiguration.Project(name: "proj", logstores: .named(["audit", "signin"])),
                LocalSLSConfiguration.Project(name: "open", logstores: .any),
            ],
            maxRawBodyBytes: maxRawBodyBytes,
            maxLogsPerRequest: maxLogsPerRequest,
            keepsRecords: keepsRecords,
            bodyCheck: bodyCheck
        ), logger: logger, acceptanceObserver: acceptanceObserver)
        port = try server.start()
    }

    deinit {
        server.stop()
    }

    /// Signs a PutLogs request as the client would, at the server's current time plus `skewSeconds`.
    func sign(
        _ request: PutLogsRequest,
        accessKeyID: String = ServerFixture.accessKeyID,
        secret: Secret = ServerFixture.secret,
        securityToken: Secret? = nil,
        version: SignatureVersion = .v1,
        skewSeconds: Int64 = 0
    ) -> SignedRequest {
        PutLogsRequestSigner.sign(
            request,
            endpointHost: "sls.test",
            credentials: SLSCredentials(accessKeyID: accessKeyID, accessKeySecret: secret, securityToken: securityToken),
            version: version,
            nowSeconds: server.serverTime + skewSeconds,
            userAgent: "local-sls-tests"
        )
    }

    /// Sends `signed` over a new connection exactly as given, after `edit` changed its headers or body.
    func send(_ signed: SignedRequest, edit: (inout RawRequest) -> Void = { _ in }) throws -> RawHTTPConnection.Response {
        var raw = RawRequest(signed)
        edit(&raw)
        let connection = try RawHTTPConnection(port: port)
        try connection.send(raw.bytes())
        return try connection.readResponse()
    }
}

/// An HTTP request as bytes on the wire, editable field by field.
struct RawRequest {
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(_ signed: SignedRequest) {
        method = signed.method
        var target = signed.path
        if !signed.query.isEmpty {
            target += "?" + signed.query.map { "\($0.name)=\(SignatureV4.percentEncode($0.value))" }
                .joined(separator: "&")
        }
        self.target = target
        headers = signed.headers
        body = signed.body
    }

    mutating func set(_ name: String, _ value: String) {
        remove(name)
        headers.append((name, value))
    }

    mutating func remove(_ name: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
    }

    /// Returns the request bytes, with `Content-Length` recomputed from the body.
    func bytes() -> [UInt8] {
        var text = "\(method) \(target) HTTP/1.1\r\n"
        for header in headers where header.name.lowercased() != "content-length" {
            text += "\(header.name): \(header.value)\r\n"
        }
        text += "Content-Length: \(body.count)\r\n\r\n"
        return Array(text.utf8) + body
    }
}

/// Returns a LogGroup with non-ASCII text, an empty value, tags and both forms of time.
func sampleGroup(count: Int = 2) -> LogGroup {
    let logs = (0..<count).map { index in
        LogEntry(time: 1_700_000_000 + UInt32(index), timeNanoseconds: index == 0 ? 123_456_789 : nil, contents: [
            LogContent("category", "SignInLogs"),
            LogContent("user", "Zoë Ångström \(index)"),
            LogContent("note", "日本語のメッセージ 🚀"),
            LogContent("empty", ""),
        ])
    }
    return LogGroup(logs: logs, topic: "azure", source: "10.0.0.9", tags: [LogTag(key: "tenant", value: "contoso")])
}

func putLogsRequest(project: String = "proj", logstore: String = "audit", compression: SLSCompression = .lz4,
                    hashKey: String? = nil, group: LogGroup = sampleGroup()) throws -> PutLogsRequest {
    try PutLogsRequest(project: project, logstore: logstore, group: group, compression: compression, hashKey: hashKey)
}

extension RawHTTPConnection.Response {
    /// The SLS error code of the JSON body, or nil for a body without one.
    var errorCode: String? {
        SLSServiceError.parse(httpStatus: status, body: body, requestID: nil).code
    }
}

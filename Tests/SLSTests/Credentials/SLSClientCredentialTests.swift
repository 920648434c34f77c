import Core
import Foundation
import LocalSLS
import SLS
import Testing

/// ``SLSClient`` with refreshing credentials against the local SLS server, which holds the STS keys and their
/// expiry.
@Suite("SLSClient with STS credentials")
struct SLSClientCredentialTests {
    /// Returns the server-side key for `stsCredentials(name)`, expiring at `expiration` on the server clock.
    private static func serverKey(_ name: String, expiration: Int64? = nil) -> LocalSLSConfiguration.AccessKey {
        let credentials = stsCredentials(name)
        return LocalSLSConfiguration.AccessKey(id: credentials.accessKeyID, secret: credentials.accessKeySecret,
                                               securityToken: credentials.securityToken, expiration: expiration)
    }

    private static func startServer(keys: [LocalSLSConfiguration.AccessKey]) throws -> LocalSLSServer {
        let server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: keys, projects: [LocalSLSConfiguration.Project(name: "proj", logstores: .named(["audit"]))]
        ), logger: .disabled)
        try server.start()
        return server
    }

    private static func client(for server: LocalSLSServer, provider: any CredentialProvider,
                               logger: Logger = .disabled) throws -> SLSClient {
        let endpoint = try #require(server.endpoint)
        return SLSClient(configuration: SLSClientConfiguration(
            endpoint: endpoint, credentialProvider: provider, userAgent: "ehbridge-tests", maxConcurrentRequests: 4
        ), logger: logger)
    }

    /// Returns a request whose single log carries `marker`, which identifies it among the stored requests.
    private static func request(marker: String) throws -> PutLogsRequest {
        let group = LogGroup(logs: [LogEntry(time: 1_700_000_000, contents: [LogContent("marker", marker)])])
        return try PutLogsRequest(project: "proj", logstore: "audit", group: group, compression: .lz4)
    }

    /// A token fixed in the configuration is not renewed, so retrying after it expired cannot succeed.
    @Test func expiredFixedTokenNeedsOperator() async throws {
        let server = try Self.startServer(keys: [Self.serverKey("a", expiration: 1)])
        defer { server.stop() }
        let client = try Self.client(for: server, provider: StaticCredentialProvider(stsCredentials("a")))
        defer { client.shutdown() }

        let result = await send(try Self.request(marker: "fixed"), with: client)

        let error = try #require(result.serviceError, "expected an SLS error, got \(result)")
        #expect(error.isExpiredSecurityToken)
        #expect(error.errorClass == .needsOperator)
    }

    @Test func stsFileCredentialsSignRequests() async throws {
        let server = try Self.startServer(keys: [Self.serverKey("a")])
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let path = folder.path("sts.json")
        try writeAtomically(STSCredentialDocument(credentials: stsCredentials("a"), expiration: server.serverTime + 3600),
                            to: path)
        let provider = RefreshingCredentialProvider(source: STSFileCredentialSource(path: path), logger: .disabled)
        let client = try Self.client(for: server, provider: provider)
        defer { client.shutdown() }

        let result = await send(try Self.request(marker: "one"), with: client)

        #expect(result.receipt != nil, "expected acceptance, got \(result)")
        #expect(server.acceptedRequests().first?.accessKeyID == "STS.id-a")
    }

    @Test(arguments: [SignatureVersion.v1, .v4(region: "cn-hangzhou")])
    func expiredTokenIsResignedOnRetry(version: SignatureVersion) async throws {
        let server = try Self.startServer(keys: [Self.serverKey("a", expiration: 1), Self.serverKey("b")])
        defer { server.stop() }
        let credentialsServer = LocalCredentialsServer(logger: .disabled)
        try credentialsServer.start()
        defer { credentialsServer.stop() }
        // The client believes the first token is valid for an hour; the server has expired it.
        credentialsServer.setDocument(STSCredentialDocument(credentials: stsCredentials("a"),
                                                            expiration: server.serverTime + 3600))
        let url = try #require(credentialsServer.url)
        let provider = RefreshingCredentialProvider(source: CredentialsURLSource(url: url), logger: .disabled)
        let endpoint = try #require(server.endpoint)
        let client = SLSClient(configuration: SLSClientConfiguration(
            endpoint: endpoint, credentialProvider: provider, signatureVersion: version
        ), logger: .disabled)
        defer { client.shutdown() }
        let request = try Self.request(marker: "retried")

        let first = await send(request, with: client)
        credentialsServer.setDocument(STSCredentialDocument(credentials: stsCredentials("b"),
                                                            expiration: server.serverTime + 3600))
        let retry = await send(request, with: client)

        let rejection = try #require(first.serviceError, "expected a rejection, got \(first)")
        #expect(rejection.httpStatus == 401)
        #expect(rejection.code == "Unauthorized")
        #expect(rejection.isExpiredSecurityToken)
        #expect(retry.receipt != nil, "expected acceptance, got \(retry)")
        #expect(server.acceptedRequests().map(\.accessKeyID) == ["STS.id-b"])
        #expect(credentialsServer.requestCount == 2)
    }

    @Test func rotationUnderLoadNeitherDropsNorDuplicates() async throws {
        // Names of different lengths give files of different sizes, so each rewrite is seen even when the
        // file system reuses the inode and the modification time has not moved.
        let names = ["a", "bb", "ccc"]
        let server = try Self.startServer(keys: names.map { Self.serverKey($0) })
        defer { server.stop() }
        let folder = try TemporaryFolder()
        let path = folder.path("sts.json")
        try writeAtomically(STSCredentialDocument(credentials: stsCredentials("a"), expiration: server.serverTime + 3600),
                            to: path)
        let provider = RefreshingCredentialProvider(source: STSFileCredentialSource(path: path), logger: .disabled)
        _ = try provider.credentials()
        let client = try Self.client(for: server, provider: provider)
        defer { client.shutdown() }
        let (results, continuation) = AsyncStream.makeStream(of: (String, PutLogsResult).self)
        let wave = 20

        // Each wave is submitted without waiting, so requests signed with older credentials are still in flight
        // when the file is rewritten.
        for (waveIndex, name) in names.enumerated() {
            if waveIndex > 0 {
                try writeAtomically(STSCredentialDocument(credentials: stsCredentials(name),
                                                          expiration: server.serverTime + 3600), to: path)
            }
            for index in 0..<wave {
                let marker = "request-\(waveIndex)-\(index)"
                client.putLogs(try Self.request(marker: marker)) { continuation.yield((marker, $0)) }
            }
        }
        var outcomes: [(String, PutLogsResult)] = []
        for await outcome in results {
            outcomes.append(outcome)
            if outcomes.count == names.count * wave { break }
        }

        for (marker, result) in outcomes {
            #expect(result.receipt != nil, "\(marker): \(result)")
        }
        let stored = server.acceptedRequests()
        let markers = stored.compactMap { $0.logGroup.logs.first?["marker"] }
        #expect(markers.count == names.count * wave)
        #expect(Set(markers).count == names.count * wave)
        let signers = Set(stored.map(\.accessKeyID))
        #expect(signers.isSubset(of: Set(names.map { "STS.id-\($0)" })))
        #expect(signers.contains("STS.id-a"))
        #expect(signers.count >= 2)
    }

    @Test func missingCredentialsFailBeforeSending() async throws {
        let server = try Self.startServer(keys: [Self.serverKey("a")])
        defer { server.stop() }
        let provider = RefreshingCredentialProvider(source: STSFileCredentialSource(path: "/nonexistent/ehbridge/sts.json"),
                                                    logger: .disabled)
        let sink = RecordingLogSink()
        let client = try Self.client(for: server, provider: provider,
                                     logger: Logger(label: "sls", minimumLevel: .trace, sink: sink))
        defer { client.shutdown() }

        let result = await send(try Self.request(marker: "unsent"), with: client)

        let error = try #require(result.transportError, "expected a transport error, got \(result)")
        #expect(error.kind == .credentials)
        #expect(error.description.contains("/nonexistent/ehbridge/sts.json"))
        #expect(server.responses.isEmpty)
        #expect(sink.texts.contains { $0.contains("no credentials") })
    }

    @Test func unauthorizedResponseLogsNoSecret() async throws {
        let server = try Self.startServer(keys: [Self.serverKey("a", expiration: 1)])
        defer { server.stop() }
        let sink = RecordingLogSink()
        let logger = Logger(label: "sls", minimumLevel: .trace, sink: sink)
        let folder = try TemporaryFolder()
        let path = folder.path("sts.json")
        try writeAtomically(STSCredentialDocument(credentials: stsCredentials("a"), expiration: server.serverTime + 3600),
                            to: path)
        let provider = RefreshingCredentialProvider(source: STSFileCredentialSource(path: path), logger: logger)
        let client = try Self.client(for: server, provider: provider, logger: logger)
        defer { client.shutdown() }

        let result = await send(try Self.request(marker: "denied"), with: client)

        #expect(result.serviceError?.isExpiredSecurityToken == true)
        #expect(!sink.records.isEmpty)
        for text in sink.texts + [String(describing: result)] {
            #expect(!text.contains("sts-secret-a"))
            #expect(!text.contains("sts-token-a"))
        }
    }
}

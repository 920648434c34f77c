import Core
import Foundation
import HTTPServer
import LocalSLS
import SLS
import Testing

/// HTTPS between ``SLSClient`` and the local SLS server in TLS mode, with certificates made at test time. The
/// client reaches the server as `proj.sls.test` through a connect address on 127.0.0.1, so the host name check
/// runs against that name.
@Suite("SLSClient over HTTPS", .enabled(if: HTTPServer.supportsTLS, "libmicrohttpd was built without TLS"))
struct SLSClientTLSTests {
    /// A CA, a server with a certificate from it for `hosts`, and the request that the tests send.
    private struct Setup {
        let authority: TestCertificateAuthority
        let fixture: LocalSLSFixture
        let request: PutLogsRequest

        init(hosts: [String] = ["proj.sls.test"]) async throws {
            authority = try await TestCertificateAuthority.make()
            let certificate = try await authority.issue(hosts: hosts)
            fixture = try LocalSLSFixture(tls: HTTPServerTLS(
                certificateChainPEM: certificate.certificatePEM, privateKeyPEM: Secret(certificate.privateKeyPEM)
            ))
            request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        }
    }

    @Test func httpsWithConfiguredCAIsAccepted() async throws {
        let setup = try await Setup()
        let configuration = setup.fixture.clientConfiguration(caFile: setup.authority.certificateFile.path)
        #expect(configuration.endpoint.scheme == .https)
        #expect(configuration.validate().isEmpty)
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let result = await send(setup.request, with: client)

        #expect(result.receipt != nil, "expected acceptance, got \(result)")
        let stored = try #require(setup.fixture.server.acceptedRequests().first)
        #expect(stored.logGroup == sampleGroup())
    }

    @Test func httpsReusesOneConnection() async throws {
        let setup = try await Setup()
        let configuration = setup.fixture.clientConfiguration(
            maxConcurrentRequests: 1, caFile: setup.authority.certificateFile.path
        )
        let sink = CapturingLogSink()
        let client = SLSClient(configuration: configuration, logger: Logger(label: "sls", minimumLevel: .trace, sink: sink))
        defer { client.shutdown() }

        for _ in 0..<3 {
            let result = await send(setup.request, with: client)
            #expect(result.receipt != nil, "expected acceptance, got \(result)")
        }
        #expect(!sink.lines.contains { $0.contains("plain HTTP") }, "HTTPS needs no warning")

        let connections = Set(setup.fixture.server.acceptedRequests().map(\.connectionID))
        #expect(connections.count == 1)
    }

    @Test func certificateFromOtherCAIsRejected() async throws {
        let setup = try await Setup()
        let otherAuthority = try await TestCertificateAuthority.make(commonName: "unrelated test CA")
        let configuration = setup.fixture.clientConfiguration(caFile: otherAuthority.certificateFile.path)
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let result = await send(setup.request, with: client)

        let error = try #require(result.transportError, "expected a TLS failure, got \(result)")
        #expect(error.kind == .tls)
        #expect(setup.fixture.server.acceptedRequests().isEmpty)
    }

    @Test func certificateForOtherHostIsRejected() async throws {
        let setup = try await Setup(hosts: ["other.sls.test"])
        let configuration = setup.fixture.clientConfiguration(caFile: setup.authority.certificateFile.path)
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let result = await send(setup.request, with: client)

        let error = try #require(result.transportError, "expected a TLS failure, got \(result)")
        #expect(error.kind == .tls)
        #expect(setup.fixture.server.acceptedRequests().isEmpty)
    }

    @Test func systemStoreRejectsTestCA() async throws {
        let setup = try await Setup()
        let client = SLSClient(configuration: setup.fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let result = await send(setup.request, with: client)

        let error = try #require(result.transportError, "expected a TLS failure, got \(result)")
        #expect(error.kind == .tls)
    }

    @Test func plainHTTPClientGetsNoResponseFromTLSServer() async throws {
        let setup = try await Setup()
        var configuration = setup.fixture.clientConfiguration()
        configuration.endpoint.scheme = .http
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let result = await send(setup.request, with: client)

        #expect(result.transportError != nil, "expected a transport failure, got \(result)")
        #expect(setup.fixture.server.acceptedRequests().isEmpty)
    }

    @Test func httpsWithV4AndCredentialsURLIsAccepted() async throws {
        let authority = try await TestCertificateAuthority.make()
        let certificate = try await authority.issue(hosts: ["proj.sls.test"])
        let sts = SLSCredentials(accessKeyID: "STS.tls-test", accessKeySecret: Secret("tls-sts-secret-2c7f"),
                                 securityToken: Secret("tls-sts-token-91ae"))
        let server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: sts.accessKeyID, secret: sts.accessKeySecret,
                                                         securityToken: sts.securityToken)],
            projects: [LocalSLSConfiguration.Project(name: "proj", logstores: .named(["audit"]))],
            tls: HTTPServerTLS(certificateChainPEM: certificate.certificatePEM,
                               privateKeyPEM: Secret(certificate.privateKeyPEM)),
            region: "cn-hangzhou"
        ), logger: .disabled)
        try server.start()
        defer { server.stop() }
        let credentialsServer = LocalCredentialsServer(logger: .disabled)
        try credentialsServer.start()
        defer { credentialsServer.stop() }
        credentialsServer.setDocument(STSCredentialDocument(credentials: sts, expiration: server.serverTime + 3_600))
        let provider = RefreshingCredentialProvider(source: CredentialsURLSource(url: try #require(credentialsServer.url)),
                                                    logger: .disabled)
        let configuration = SLSClientConfiguration(
            endpoint: try #require(server.endpoint), tls: SLSClientConfiguration.TLS(caFile: authority.certificateFile.path),
            credentialProvider: provider, signatureVersion: .v4(region: "cn-hangzhou")
        )
        #expect(configuration.validate().isEmpty)
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }
        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .zstd)

        let result = await send(request, with: client)

        #expect(result.receipt != nil, "expected acceptance, got \(result)")
        let stored = try #require(server.acceptedRequests().first)
        #expect(stored.signatureVersion == .v4(region: "cn-hangzhou"))
        #expect(stored.accessKeyID == "STS.tls-test")
        #expect(stored.compression == .zstd)
    }
}

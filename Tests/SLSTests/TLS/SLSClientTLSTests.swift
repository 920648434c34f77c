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

        init(hosts: [String] = ["proj.sls.test"]) throws {
            authority = try TestCertificateAuthority()
            let certificate = try authority.issueServerCertificate(hosts: hosts)
            fixture = try LocalSLSFixture(tls: HTTPServerTLS(
                certificateChainPEM: certificate.certificatePEM, privateKeyPEM: Secret(certificate.privateKeyPEM)
            ))
            request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        }
    }

    @Test func httpsWithConfiguredCAIsAccepted() async throws {
        let setup = try Setup()
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
        let setup = try Setup()
        let configuration = setup.fixture.clientConfiguration(
            maxConcurrentRequests: 1, caFile: setup.authority.certificateFile.path
        )
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        for _ in 0..<3 {
            let result = await send(setup.request, with: client)
            #expect(result.receipt != nil, "expected acceptance, got \(result)")
        }

        let connections = Set(setup.fixture.server.acceptedRequests().map(\.connectionID))
        #expect(connections.count == 1)
    }

    @Test func certificateFromOtherCAIsRejected() async throws {
        let setup = try Setup()
        let otherAuthority = try TestCertificateAuthority(commonName: "unrelated test CA")
        let configuration = setup.fixture.clientConfiguration(caFile: otherAuthority.certificateFile.path)
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let result = await send(setup.request, with: client)

        let error = try #require(result.transportError, "expected a TLS failure, got \(result)")
        #expect(error.kind == .tls)
        #expect(setup.fixture.server.acceptedRequests().isEmpty)
    }

    @Test func certificateForOtherHostIsRejected() async throws {
        let setup = try Setup(hosts: ["other.sls.test"])
        let configuration = setup.fixture.clientConfiguration(caFile: setup.authority.certificateFile.path)
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let result = await send(setup.request, with: client)

        let error = try #require(result.transportError, "expected a TLS failure, got \(result)")
        #expect(error.kind == .tls)
        #expect(setup.fixture.server.acceptedRequests().isEmpty)
    }

    @Test func systemStoreRejectsTestCA() async throws {
        let setup = try Setup()
        let client = SLSClient(configuration: setup.fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let result = await send(setup.request, with: client)

        let error = try #require(result.transportError, "expected a TLS failure, got \(result)")
        #expect(error.kind == .tls)
    }

    @Test func plainHTTPClientGetsNoResponseFromTLSServer() async throws {
        let setup = try Setup()
        var configuration = setup.fixture.clientConfiguration()
        configuration.endpoint.scheme = .http
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let result = await send(setup.request, with: client)

        #expect(result.transportError != nil, "expected a transport failure, got \(result)")
        #expect(setup.fixture.server.acceptedRequests().isEmpty)
    }
}

import Core
import Foundation
import LocalSLS
import SLS
import Testing
import TestSupport

/// The region check of v4 credential scopes in the local SLS server.
@Suite("LocalSLSServer v4 region")
struct LocalSLSRegionTests {
    private static let key = LocalSLSConfiguration.AccessKey(id: "region-test-id", secret: Secret("region-secret-5b2e"))

    private static func startServer(region: String?) throws -> (LocalSLSServer, UInt16) {
        let server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [key], projects: [LocalSLSConfiguration.Project(name: "proj", logstores: .any)], region: region
        ), logger: .disabled)
        return (server, try server.start())
    }

    private static func send(_ version: SignatureVersion, to server: LocalSLSServer, port: UInt16) throws
        -> RawHTTPConnection.Response
    {
        let signed = PutLogsRequestSigner.sign(
            try putLogsRequest(), endpointHost: "sls.test",
            credentials: SLSCredentials(accessKeyID: key.id, accessKeySecret: key.secret), version: version,
            nowSeconds: server.serverTime, userAgent: "local-sls-tests"
        )
        let connection = try RawHTTPConnection(port: port)
        try connection.send(RawRequest(signed).bytes())
        return try connection.readResponse()
    }

    @Test func scopeInOtherRegionIsRejected() async throws {
        try await blocking {
            let (server, port) = try Self.startServer(region: "cn-hangzhou")
            defer { server.stop() }

            let response = try Self.send(.v4(region: "cn-shanghai"), to: server, port: port)

            #expect(response.status == 401)
            #expect(response.errorCode == "SignatureNotMatch")
            #expect(response.text.contains("cn-shanghai"))
            #expect(server.acceptedRequests().isEmpty)
        }
    }

    @Test func scopeInServerRegionAndV1AreAccepted() async throws {
        try await blocking {
            let (server, port) = try Self.startServer(region: "cn-hangzhou")
            defer { server.stop() }

            let v4 = try Self.send(.v4(region: "cn-hangzhou"), to: server, port: port)
            let v1 = try Self.send(.v1, to: server, port: port)

            #expect(v4.status == 200)
            #expect(v1.status == 200)
            #expect(server.acceptedRequests().map(\.signatureVersion) == [.v4(region: "cn-hangzhou"), .v1])
        }
    }

    @Test func serverWithoutRegionAcceptsAnyScope() async throws {
        try await blocking {
            let (server, port) = try Self.startServer(region: nil)
            defer { server.stop() }

            let response = try Self.send(.v4(region: "eu-central-1"), to: server, port: port)

            #expect(response.status == 200)
        }
    }

    @Test func regionAndTokenOptionsParse() async throws {
        try await blocking {
            guard case .run(let options) = try LocalSLSOptions.parse([
                "--access-key-id", "STS.id", "--access-key-secret", "sts-secret-value", "--project", "p", "--any-logstore",
                "--region", "cn-hangzhou", "--security-token", "sts-token-value",
            ]) else {
                Issue.record("expected options to run with")
                return
            }
            #expect(options.configuration.region == "cn-hangzhou")
            #expect(options.configuration.accessKeys.first?.securityToken?.revealed() == "sts-token-value")
            #expect(options.configuration.validate().isEmpty)
        }
    }
}

import Core
import Foundation
import LocalSLS
import SLS
import Testing
import TestSupport

/// STS token expiry and key rotation in the local SLS server, and the local credentials endpoint.
@Suite("LocalSLSServer STS tokens")
struct LocalSLSCredentialTests {
    private static let stsKey = LocalSLSConfiguration.AccessKey(
        id: "STS.rotating", secret: Secret("rotating-secret-31aa"), securityToken: Secret("rotating-token-58d0")
    )

    private func message(of response: RawHTTPConnection.Response) -> String {
        SLSServiceError.parse(httpStatus: response.status, body: response.body, requestID: nil).message
    }

    private func signedWithSTS(_ fixture: ServerFixture, version: SignatureVersion = .v1) throws -> SignedRequest {
        fixture.sign(try putLogsRequest(), accessKeyID: Self.stsKey.id, secret: Self.stsKey.secret,
                     securityToken: Self.stsKey.securityToken, version: version)
    }

    @Test(arguments: [SignatureVersion.v1, .v4(region: "cn-hangzhou")])
    func expiredTokenGetsUnauthorized(version: SignatureVersion) async throws {
        try await blocking {
            let fixture = try ServerFixture()
            var key = Self.stsKey
            key.expiration = fixture.server.serverTime - 1
            fixture.server.replaceAccessKeys([key])

            let response = try fixture.send(try signedWithSTS(fixture, version: version))

            #expect(response.status == 401)
            #expect(response.errorCode == "Unauthorized")
            #expect(message(of: response) == "The security token you provided has expired.")
            #expect(fixture.server.acceptedRequests().isEmpty)
        }
    }

    @Test func tokenBeforeExpirationIsAccepted() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            var key = Self.stsKey
            key.expiration = fixture.server.serverTime + 60
            fixture.server.replaceAccessKeys([key])

            let response = try fixture.send(try signedWithSTS(fixture))

            #expect(response.status == 200)
            #expect(fixture.server.acceptedRequests().first?.accessKeyID == "STS.rotating")
        }
    }

    @Test func wrongTokenGetsInvalidTokenMessage() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let signed = fixture.sign(try putLogsRequest(), accessKeyID: ServerFixture.stsAccessKeyID,
                                      secret: ServerFixture.stsSecret, securityToken: Secret("not-the-token-11"))

            let response = try fixture.send(signed)

            #expect(response.errorCode == "Unauthorized")
            #expect(message(of: response) == "The security token you provided is invalid.")
        }
    }

    @Test func replacedKeysTakeEffect() async throws {
        try await blocking {
            let fixture = try ServerFixture()
            let signed = try signedWithSTS(fixture)
            let before = try fixture.send(signed)

            fixture.server.replaceAccessKeys([Self.stsKey])
            let after = try fixture.send(signed)
            let oldKey = try fixture.send(fixture.sign(try putLogsRequest()))

            #expect(before.errorCode == "Unauthorized")
            #expect(after.status == 200)
            #expect(oldKey.errorCode == "Unauthorized")
        }
    }

    @Test func credentialsServerServesDocumentAndFailures() async throws {
        try await blocking {
            let server = LocalCredentialsServer(logger: .disabled)
            try server.start()
            defer { server.stop() }
            let url = try #require(server.url)
            let port = try #require(URL(string: url)?.port)
            let path = try #require(URL(string: url)?.path)

            let empty = try RawHTTPConnection.get(port: UInt16(port), path: path)
            server.setDocument(STSCredentialDocument(
                credentials: SLSCredentials(accessKeyID: "STS.local", accessKeySecret: Secret("local-secret-aa10"),
                                            securityToken: Secret("local-token-bb20")),
                expiration: 1_900_000_000
            ))
            server.failNextRequests(status: 503)
            let failed = try RawHTTPConnection.get(port: UInt16(port), path: path)
            let served = try RawHTTPConnection.get(port: UInt16(port), path: path)
            let otherPath = try RawHTTPConnection.get(port: UInt16(port), path: "/latest/meta-data/other")

            #expect(empty.status == 404)
            #expect(failed.status == 503)
            #expect(served.status == 200)
            let document = try STSCredentialDocument.parse(served.body, source: "test")
            #expect(document.credentials.accessKeyID == "STS.local")
            #expect(document.expiration == 1_900_000_000)
            #expect(otherPath.status == 404)
            #expect(server.requestCount == 3)
        }
    }
}

extension RawHTTPConnection {
    /// Sends `GET path` over a new connection and returns the response.
    static func get(port: UInt16, path: String) throws -> Response {
        let connection = try RawHTTPConnection(port: port)
        try connection.send(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        return try connection.readResponse()
    }
}

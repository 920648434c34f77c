import Core
import Foundation
import LocalSLS
import SLS
import Testing

/// The official Python SDK (aliyun-log-python-sdk 0.9.52) against a local server in region cn-hangzhou with one
/// permanent AccessKey and one STS key. It covers every combination of signature v1 and v4, lz4 and zstd, and
/// with and without an STS token, plus the rejections of an expired token and a wrong region.
@Suite("LocalSLSServer with the Python SDK: signature, compression and STS")
struct PythonSDKMatrixTests {
    private static let permanent = LocalSLSConfiguration.AccessKey(id: "py-permanent-id",
                                                                   secret: Secret("py-permanent-secret-19c4"))
    private static let temporary = LocalSLSConfiguration.AccessKey(id: "STS.py-temporary",
                                                                   secret: Secret("py-sts-secret-8e03"),
                                                                   securityToken: Secret("py-sts-token-d61a"))

    private struct Setup {
        let server: LocalSLSServer
        let port: UInt16

        init(stsExpiration: Int64? = nil) throws {
            var temporary = PythonSDKMatrixTests.temporary
            server = LocalSLSServer(configuration: LocalSLSConfiguration(
                accessKeys: [PythonSDKMatrixTests.permanent, temporary],
                projects: [LocalSLSConfiguration.Project(name: "proj", logstores: .named(["audit"]))],
                region: "cn-hangzhou"
            ), logger: .disabled)
            port = try server.start()
            temporary.expiration = stsExpiration.map { server.serverTime + $0 }
            server.replaceAccessKeys([PythonSDKMatrixTests.permanent, temporary])
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var authVersion: String
        var compression: SLSCompression
        var usesSTS: Bool

        var testDescription: String {
            "\(authVersion) \(compression.rawValue) \(usesSTS ? "with" : "without") STS token"
        }
    }

    static let cases: [Case] = ["v1", "v4"].flatMap { version in
        [SLSCompression.lz4, .zstd].flatMap { compression in
            [false, true].map { Case(authVersion: version, compression: compression, usesSTS: $0) }
        }
    }

    /// Returns the script input for one write of two logs.
    private static func spec(port: UInt16, authVersion: String, region: String = "cn-hangzhou",
                             compression: SLSCompression, usesSTS: Bool) -> [String: Any] {
        let key = usesSTS ? temporary : permanent
        var spec: [String: Any] = [
            "port": Int(port), "project": "proj", "logstore": "audit",
            "access_key_id": key.id, "access_key_secret": key.secret.revealed(),
            "auth_version": authVersion, "region": region, "compress": true, "compress_type": compression.rawValue,
            "topic": "matrix", "source": "10.9.8.7", "tags": [["case", "\(authVersion)-\(compression.rawValue)"]],
            "logs": [
                ["time": 1_700_000_100, "time_ns": 7, "contents": [["resourceId", "/subscriptions/0/vaults/kv"]]],
                ["time": 1_700_000_101, "time_ns": 8, "contents": [["message", "Zugriff gewährt ✅"]]],
            ],
        ]
        if usesSTS {
            spec["security_token"] = key.securityToken?.revealed()
        }
        return spec
    }

    @Test(arguments: cases)
    func writeIsAcceptedAndDecoded(_ testCase: Case) async throws {
        let setup = try Setup(stsExpiration: 3_600)
        defer { setup.server.stop() }

        let output = try await PythonSDK.putLogs(Self.spec(
            port: setup.port, authVersion: testCase.authVersion, compression: testCase.compression,
            usesSTS: testCase.usesSTS
        ))

        #expect(output["ok"] as? Bool == true, "SDK output: \(output)")
        let stored = try #require(setup.server.acceptedRequests(project: "proj", logstore: "audit").first)
        #expect(stored.compression == testCase.compression)
        #expect(stored.signatureVersion == (testCase.authVersion == "v4" ? .v4(region: "cn-hangzhou") : .v1))
        #expect(stored.accessKeyID == (testCase.usesSTS ? Self.temporary.id : Self.permanent.id))
        #expect(stored.logGroup.logs.map(\.contents) == [
            [LogContent("resourceId", "/subscriptions/0/vaults/kv")], [LogContent("message", "Zugriff gewährt ✅")],
        ])
        #expect(stored.logGroup.tags == [LogTag(key: "case", value: "\(testCase.authVersion)-\(testCase.compression.rawValue)")])
    }

    @Test(arguments: ["v1", "v4"])
    func expiredTokenGetsUnauthorized(authVersion: String) async throws {
        let setup = try Setup(stsExpiration: -1)
        defer { setup.server.stop() }

        let output = try await PythonSDK.putLogs(Self.spec(port: setup.port, authVersion: authVersion,
                                                           compression: .lz4, usesSTS: true))

        #expect(output["ok"] as? Bool == false)
        #expect(output["error_code"] as? String == "Unauthorized")
        #expect(output["error_message"] as? String == "The security token you provided has expired.")
        #expect(setup.server.acceptedRequests().isEmpty)
    }

    @Test func wrongRegionGetsSignatureNotMatch() async throws {
        let setup = try Setup()
        defer { setup.server.stop() }

        let output = try await PythonSDK.putLogs(Self.spec(port: setup.port, authVersion: "v4", region: "cn-shanghai",
                                                           compression: .zstd, usesSTS: false))

        #expect(output["ok"] as? Bool == false)
        #expect(output["error_code"] as? String == "SignatureNotMatch")
        #expect((output["error_message"] as? String)?.contains("cn-shanghai") == true)
    }
}

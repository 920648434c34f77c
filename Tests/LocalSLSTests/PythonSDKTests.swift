import Core
import Foundation
import LocalSLS
import SLS
import TestSupport
import Testing

/// The official Alibaba Cloud SLS Python SDK (aliyun-log-python-sdk 0.9.52) writes to the local server, as an
/// independent check of the server's signature, compression and protobuf handling. The SDK lives in `.venv`,
/// created by `scripts/install-deps.sh`.
@Suite("LocalSLSServer with the official Python SDK")
struct PythonSDKTests {
    /// Logs whose times, nanoseconds, contents, topic, source and tags must arrive unchanged. The SDK replaces a
    /// zero nanosecond part with the current one, so every log has a non-zero part.
    static var logs: [[String: Any]] {
        [
            ["time": 1_700_000_000, "time_ns": 123_456_789, "contents": [
                ["category", "SignInLogs"], ["user", "Zoë Ångström"], ["message", "ログイン成功 ✅"], ["empty", ""],
            ]],
            ["time": 1_700_000_042, "time_ns": 1, "contents": [
                ["operationName", "Microsoft.Compute/virtualMachines/write"],
            ]],
            ["time": 1_700_000_043, "time_ns": 999_999_999, "contents": [["emoji", "🚀🔥"], ["quote", "\"a\\b\""]]],
        ]
    }

    static let expectedGroup = LogGroup(
        logs: [
            LogEntry(time: 1_700_000_000, timeNanoseconds: 123_456_789, contents: [
                LogContent("category", "SignInLogs"), LogContent("user", "Zoë Ångström"),
                LogContent("message", "ログイン成功 ✅"), LogContent("empty", ""),
            ]),
            LogEntry(time: 1_700_000_042, timeNanoseconds: 1, contents: [
                LogContent("operationName", "Microsoft.Compute/virtualMachines/write"),
            ]),
            LogEntry(time: 1_700_000_043, timeNanoseconds: 999_999_999, contents: [
                LogContent("emoji", "🚀🔥"), LogContent("quote", "\"a\\b\""),
            ]),
        ],
        topic: "azure-activity",
        source: "10.20.30.40",
        tags: [LogTag(key: "tenant", value: "contoso"), LogTag(key: "地域", value: "東京")]
    )

    private func spec(port: UInt16, secret: String = ServerFixture.secret.revealed(), logstore: String = "audit",
                      extra: [String: Any] = [:]) -> [String: Any] {
        var spec: [String: Any] = [
            "port": Int(port), "project": "proj", "logstore": logstore,
            "access_key_id": ServerFixture.accessKeyID, "access_key_secret": secret,
            "topic": "azure-activity", "source": "10.20.30.40",
            "tags": [["tenant", "contoso"], ["地域", "東京"]],
            "logs": Self.logs,
        ]
        spec.merge(extra) { _, new in new }
        return spec
    }

    @Test func v1WithLz4IsAcceptedAndDecodedEqual() async throws {
        let fixture = try ServerFixture()
        let output = try await PythonSDK.putLogs(spec(port: fixture.port))

        #expect(output["ok"] as? Bool == true, "SDK output: \(output)")
        let stored = try #require(fixture.server.acceptedRequests(project: "proj", logstore: "audit").first)
        #expect(stored.logGroup == Self.expectedGroup)
        #expect(stored.compression == .lz4)
        #expect(stored.signatureVersion == .v1)
        #expect(stored.shard == .loadBalanced)
        #expect(stored.requestID == output["request_id"] as? String)
        #expect(stored.userAgent?.contains("log-python-sdk") == true)
    }

    @Test func v4WithZstdAndHashKeyIsAccepted() async throws {
        let fixture = try ServerFixture()
        let output = try await PythonSDK.putLogs(spec(port: fixture.port, extra: [
            "auth_version": "v4", "region": "cn-hangzhou", "compress_type": "zstd",
            "hash_key": "14d2f850ad6ea48e46e4547edbbb27e0",
        ]))

        #expect(output["ok"] as? Bool == true, "SDK output: \(output)")
        let stored = try #require(fixture.server.acceptedRequests().first)
        #expect(stored.logGroup == Self.expectedGroup)
        #expect(stored.compression == .zstd)
        #expect(stored.signatureVersion == .v4(region: "cn-hangzhou"))
        #expect(stored.shard == .hashKey("14d2f850ad6ea48e46e4547edbbb27e0"))
    }

    @Test func uncompressedBodyIsAccepted() async throws {
        let fixture = try ServerFixture()
        let output = try await PythonSDK.putLogs(spec(port: fixture.port, extra: ["compress": false]))

        #expect(output["ok"] as? Bool == true, "SDK output: \(output)")
        let stored = try #require(fixture.server.acceptedRequests().first)
        #expect(stored.compression == .none)
        #expect(stored.compressedBytes == stored.rawBytes)
        #expect(stored.logGroup == Self.expectedGroup)
    }

    @Test func securityTokenIsAccepted() async throws {
        let fixture = try ServerFixture()
        var request = spec(port: fixture.port, secret: ServerFixture.stsSecret.revealed())
        request["access_key_id"] = ServerFixture.stsAccessKeyID
        request["security_token"] = ServerFixture.stsToken.revealed()

        let output = try await PythonSDK.putLogs(request)

        #expect(output["ok"] as? Bool == true, "SDK output: \(output)")
        #expect(fixture.server.acceptedRequests().first?.accessKeyID == ServerFixture.stsAccessKeyID)
    }

    @Test func wrongSecretGetsSignatureNotMatch() async throws {
        let fixture = try ServerFixture()
        let output = try await PythonSDK.putLogs(spec(port: fixture.port, secret: "not-the-secret"))

        #expect(output["ok"] as? Bool == false)
        #expect(output["error_code"] as? String == "SignatureNotMatch")
        #expect((output["request_id"] as? String)?.count == 24)
        #expect(fixture.server.acceptedRequests().isEmpty)
    }

    @Test func unknownLogstoreGetsLogStoreNotExist() async throws {
        let fixture = try ServerFixture()
        let output = try await PythonSDK.putLogs(spec(port: fixture.port, logstore: "missing"))

        #expect(output["ok"] as? Bool == false)
        #expect(output["error_code"] as? String == "LogStoreNotExist")
    }
}

/// Runs `python/put_logs.py` with the virtual environment's Python.
enum PythonSDK {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The package root: three levels above this file (`Tests/LocalSLSTests/PythonSDKTests.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = packageRoot.appendingPathComponent(".venv/bin/python")
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("python/put_logs.py")

    /// Writes `spec` as JSON to the script and returns its JSON output. Runs the process on its own thread, so
    /// the wait does not hold a cooperative thread.
    static func putLogs(_ spec: [String: Any]) async throws -> [String: Any] {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Failure(description: "\(python.path) is missing: run scripts/install-deps.sh to create the Python "
                + "virtual environment with aliyun-log-python-sdk")
        }
        let input = try JSONSerialization.data(withJSONObject: spec)

        let (status, output, errors) = try await run(input: input)
        guard status == 0 else {
            throw Failure(description: "put_logs.py exited with status \(status): \(String(decoding: errors, as: UTF8.self))")
        }
        guard let object = try JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw Failure(description: "put_logs.py printed no JSON object: \(String(decoding: output, as: UTF8.self))")
        }
        return object
    }

    private static func run(input: Data) async throws -> (Int32, Data, Data) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let process = SpawnedProcess()
                    process.executableURL = python
                    process.arguments = [script.path]
                    let standardInput = Pipe()
                    let standardOutput = Pipe()
                    let standardError = Pipe()
                    process.standardInput = standardInput
                    process.standardOutput = standardOutput
                    process.standardError = standardError

                    try process.run()
                    standardInput.fileHandleForWriting.write(input)
                    try standardInput.fileHandleForWriting.close()
                    let output = standardOutput.fileHandleForReading.readToEndRetryingInterrupts()
                    let errors = standardError.fileHandleForReading.readToEndRetryingInterrupts()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, output, errors))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }
}

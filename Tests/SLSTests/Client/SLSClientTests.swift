import Core
import Foundation
import LocalSLS
import SLS
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TestSupport

@Suite("SLSClient against the local SLS server")
struct SLSClientTests {
    @Test(arguments: SLSCompression.allCases)
    func acceptedLogsReadBackEqual(compression: SLSCompression) async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let group = sampleGroup()
        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: group, compression: compression)
        let result = await send(request, with: client)

        let receipt = try #require(result.receipt, "expected acceptance, got \(result)")
        let stored = try #require(fixture.server.acceptedRequests(project: "proj", logstore: "audit").first)
        #expect(stored.logGroup == group)
        #expect(stored.compression == compression)
        #expect(stored.requestID == receipt.requestID)
        #expect(stored.rawBytes == request.rawSize)
        #expect(stored.compressedBytes == request.body.count)
        #expect(stored.shard == .loadBalanced)
        #expect(stored.signatureVersion == .v1)
        #expect(stored.userAgent == "ehbridge-tests")
        // A loose bound: a loaded machine can delay the check by seconds, and the clock offsets under test are an hour.
        #expect(receipt.serverTime.map { abs($0 - fixture.server.serverTime) <= 60 } == true)
    }

    @Test func signatureV4IsAccepted() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(signatureVersion: .v4(region: "cn-hangzhou")),
                               logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let result = await send(request, with: client)

        #expect(result.receipt != nil, "expected acceptance, got \(result)")
        let stored = try #require(fixture.server.acceptedRequests().first)
        #expect(stored.signatureVersion == .v4(region: "cn-hangzhou"))
    }

    @Test func hashKeyRoutesToShard() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let key = "14d2f850ad6ea48e46e4547edbbb27e0"
        let request = try PutLogsRequest(project: "proj", logstore: "signin", group: sampleGroup(count: 1),
                                         compression: .lz4, hashKey: key)
        let result = await send(request, with: client)

        #expect(result.receipt != nil, "expected acceptance, got \(result)")
        #expect(fixture.server.acceptedRequests(logstore: "signin").first?.shard == .hashKey(key))
    }

    @Test func wrongSecretGetsSignatureNotMatch() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(secret: "not-the-secret"), logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let result = await send(request, with: client)

        let error = try #require(result.serviceError, "expected a service error, got \(result)")
        #expect(error.httpStatus == 401)
        #expect(error.code == "SignatureNotMatch")
        #expect(error.requestID?.count == 24)
        #expect(SLSErrorClass.classify(httpStatus: error.httpStatus, code: error.code) == .needsOperator)
        #expect(fixture.server.acceptedRequests().isEmpty)
    }

    @Test func wrongSecretWithV4GetsSignatureNotMatch() async throws {
        let fixture = try LocalSLSFixture()
        let configuration = fixture.clientConfiguration(secret: "not-the-secret", signatureVersion: .v4(region: "cn-hangzhou"))
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let result = await send(request, with: client)

        #expect(result.serviceError?.code == "SignatureNotMatch")
    }

    @Test func unknownAccessKeyGetsUnauthorized() async throws {
        let fixture = try LocalSLSFixture()
        var configuration = fixture.clientConfiguration()
        configuration.credentialProvider = StaticCredentialProvider(
            SLSCredentials(accessKeyID: "someone-else", accessKeySecret: Secret("whatever-secret"))
        )
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let result = await send(request, with: client)

        #expect(result.serviceError?.httpStatus == 401)
        #expect(result.serviceError?.code == "Unauthorized")
    }

    @Test func unknownLogstoreGetsLogStoreNotExist() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "missing", group: sampleGroup(), compression: .lz4)
        let result = await send(request, with: client)

        #expect(result.serviceError?.httpStatus == 404)
        #expect(result.serviceError?.code == "LogStoreNotExist")
    }

    @Test func unknownProjectGetsProjectNotExist() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "other-proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let result = await send(request, with: client)

        #expect(result.serviceError?.httpStatus == 404)
        #expect(result.serviceError?.code == "ProjectNotExist")
    }

    @Test func clockSkewGetsRequestTimeExpiredThenRecovers() async throws {
        let fixture = try LocalSLSFixture(clockOffsetSeconds: 3_600)
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let first = await send(request, with: client)

        #expect(first.serviceError?.httpStatus == 400)
        #expect(first.serviceError?.code == "RequestTimeExpired")
        let serverTime = try #require(first.serverTime)
        #expect(abs(serverTime - fixture.server.serverTime) <= 60)

        client.synchronizeClock(serverTime: serverTime)
        #expect(abs(client.clockOffsetSeconds - 3_600) <= 60)
        let second = await send(request, with: client)
        #expect(second.receipt != nil, "expected acceptance after the clock fix, got \(second)")
    }

    @Test func corruptBodyGetsPostBodyUncompressError() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x02]
        let request = PutLogsRequest(project: "proj", logstore: "audit", body: garbage, rawSize: 64, compression: .lz4)
        let result = await send(request, with: client)

        #expect(result.serviceError?.httpStatus == 400)
        #expect(result.serviceError?.code == "PostBodyUncompressError")
    }

    @Test func invalidProtobufGetsPostBodyInvalid() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let notProtobuf = Array("this is not a LogGroup".utf8)
        let request = PutLogsRequest(project: "proj", logstore: "audit", body: notProtobuf, rawSize: notProtobuf.count,
                                     compression: .none)
        let result = await send(request, with: client)

        #expect(result.serviceError?.code == "PostBodyInvalid")
    }

    @Test func tooManyLogsGetsPostBodyTooLarge() async throws {
        let fixture = try LocalSLSFixture(maxLogsPerRequest: 2)
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(count: 3),
                                         compression: .lz4)
        let result = await send(request, with: client)

        #expect(result.serviceError?.code == "PostBodyTooLarge")
        #expect(SLSErrorClass.classify(httpStatus: 400, code: "PostBodyTooLarge") == .bodyTooLarge)
    }

    @Test func injectedFaultsReachTheClient() async throws {
        let fixture = try LocalSLSFixture()
        fixture.server.injectFault(.serverBusy)
        fixture.server.injectFault(.writeQuotaExceeded)
        let client = SLSClient(configuration: fixture.clientConfiguration(maxConcurrentRequests: 1), logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let first = await send(request, with: client)
        let second = await send(request, with: client)
        let third = await send(request, with: client)

        #expect(first.serviceError?.httpStatus == 503)
        #expect(first.serviceError?.code == "ServerBusy")
        #expect(second.serviceError?.httpStatus == 403)
        #expect(second.serviceError?.code == "WriteQuotaExceed")
        #expect(third.receipt != nil)
        #expect(fixture.server.totals(project: "proj", logstore: "audit").requests == 1)
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        for _ in 0..<5 {
            let result = await send(request, with: client)
            #expect(result.receipt != nil)
        }

        let stored = fixture.server.acceptedRequests()
        #expect(stored.count == 5)
        #expect(Set(stored.map(\.connectionID)).count == 1)
        #expect(fixture.server.httpStatistics.connectionsAccepted == 1)
    }

    @Test func concurrentRequestsStayWithinConnectionLimit() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(maxConcurrentRequests: 2), logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(count: 10),
                                         compression: .lz4)
        let results = await withTaskGroup(of: PutLogsResult.self) { group in
            for _ in 0..<20 {
                group.addTask { await send(request, with: client) }
            }
            return await group.reduce(into: [PutLogsResult]()) { $0.append($1) }
        }

        #expect(results.allSatisfy { $0.receipt != nil })
        #expect(fixture.server.totals(project: "proj", logstore: "audit")
            == LocalSLSTotals(requests: 20, logs: 200, compressedBytes: 20 * request.body.count,
                              rawBytes: 20 * request.rawSize))
        #expect(fixture.server.httpStatistics.connectionsAccepted <= 2)
    }

    @Test func nothingListeningGivesConnectError() async throws {
        let port = try unusedLoopbackPort()
        let configuration = SLSClientConfiguration(
            endpoint: .local(port: port),
            credentials: SLSCredentials(accessKeyID: "id", accessKeySecret: Secret("unused-secret")),
            connectTimeoutMilliseconds: 2_000
        )
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let result = await send(request, with: client)

        let error = try #require(result.transportError, "expected a transport error, got \(result)")
        #expect(error.kind == .connect)
        #expect(error.curlCode == 7)
        #expect(error.detail.contains("127.0.0.1"))
    }

    @Test func slowServerGivesTimeout() async throws {
        let fixture = try LocalSLSFixture()
        fixture.server.injectFault(.delay(milliseconds: 1_500))
        let client = SLSClient(configuration: fixture.clientConfiguration(requestTimeoutMilliseconds: 200),
                               logger: .disabled)
        defer { client.shutdown() }

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let result = await send(request, with: client)

        let error = try #require(result.transportError, "expected a transport error, got \(result)")
        #expect(error.kind == .timeout)
        #expect(error.isTimeout)
    }

    @Test func requestAfterShutdownIsCancelled() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        client.shutdown()
        client.shutdown()

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let result = await send(request, with: client)

        #expect(result.transportError?.kind == .cancelled)
        #expect(fixture.server.responses.isEmpty)
    }

    @Test func shutdownCancelsRequestInFlight() async throws {
        let fixture = try LocalSLSFixture()
        fixture.server.injectFault(.delay(milliseconds: 300))
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        let result = await withCheckedContinuation { continuation in
            client.putLogs(request) { continuation.resume(returning: $0) }
            client.shutdown()
        }

        #expect(result.transportError?.kind == .cancelled)
        #expect(result.transportError?.curlCode == nil)
    }

    @Test func logsNeverContainTheSecret() async throws {
        let fixture = try LocalSLSFixture()
        let sink = CapturingLogSink()
        let logger = Logger(label: "sls", minimumLevel: .trace, sink: sink)
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: logger)

        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(), compression: .lz4)
        _ = await send(request, with: client)
        let denied = SLSClient(configuration: fixture.clientConfiguration(secret: "another-secret-71c3"), logger: logger)
        let failure = await send(request, with: denied)
        client.shutdown()
        denied.shutdown()

        #expect(sink.lines.count >= 4)
        #expect(sink.lines.contains { $0.contains("sls.error_code=SignatureNotMatch") })
        // The fixture's endpoint is plain HTTP, which the client announces once per client.
        #expect(sink.lines.filter { $0.contains("SLS client uses plain HTTP") }.count == 2)
        for line in sink.lines {
            #expect(!line.contains(LocalSLSFixture.secretText))
            #expect(!line.contains("another-secret-71c3"))
        }
        #expect(!String(describing: failure).contains("another-secret-71c3"))
    }
}

extension SLSClientTests {
    @Test func connectionsStayWithinLimit() async throws {
        let fixture = try LocalSLSFixture()
        var configuration = fixture.clientConfiguration(maxConcurrentRequests: 4)
        configuration.maxConnections = 2
        let client = SLSClient(configuration: configuration, logger: .disabled)
        defer { client.shutdown() }
        // Slow responses keep requests overlapping, so the client has reason to open more connections.
        fixture.server.injectFault(.delay(milliseconds: 50), times: 12)
        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: sampleGroup(count: 1),
                                         compression: .lz4)

        let results = await withTaskGroup(of: PutLogsResult.self) { group in
            for _ in 0..<12 {
                group.addTask { await send(request, with: client) }
            }
            var results: [PutLogsResult] = []
            for await result in group {
                results.append(result)
            }
            return results
        }

        #expect(results.allSatisfy { $0.receipt != nil })
        let connections = Set(fixture.server.acceptedRequests().map(\.connectionID))
        #expect(fixture.server.acceptedRequests().count == 12)
        #expect(connections.count <= 2)
        #expect(configuration.effectiveMaxConnections == 2)
    }

    @Test func connectionLimitDefaultsToConcurrency() async throws {
        try await blocking {
            let configuration = SLSClientConfiguration(
                endpoint: .local(port: 9), credentials: SLSCredentials(accessKeyID: "id", accessKeySecret: Secret("s")),
                maxConcurrentRequests: 6
            )
            #expect(configuration.maxConnections == nil)
            #expect(configuration.effectiveMaxConnections == 6)
        }
    }
}

/// Returns a loopback port that nothing listens on: bound once to find a free number, then closed.
func unusedLoopbackPort() throws -> UInt16 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    return UInt16(bigEndian: try bindToLoopback(descriptor).sin_port)
}

/// Binds `descriptor` to 127.0.0.1 on a free port and returns the bound address.
func bindToLoopback(_ descriptor: Int32) throws -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
    return address
}

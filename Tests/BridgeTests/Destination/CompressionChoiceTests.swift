@testable import Bridge
import Core
import Kafka
import LocalSLS
import SLS
import Testing

/// The configured compression travels from the destination through the batch encoder into the request, whose
/// `compression` the pipeline writes to the meter row, and onto the wire as `x-log-compresstype`.
@Suite("configured compression")
struct CompressionChoiceTests {
    private static func batch() -> Batch {
        var batch = Batch(partition: TopicPartition(topic: "insights-logs-auditevent", partition: 3), id: 1,
                          openedAtMilliseconds: 0)
        batch.entries = [
            LogEntry(time: 1_700_000_000, contents: [LogContent("operationName", "SecretGet"), LogContent("n", "1")]),
            LogEntry(time: 1_700_000_001, contents: [LogContent("operationName", "SecretGet"), LogContent("n", "2")]),
        ]
        return batch
    }

    @Test(arguments: SLSCompression.allCases)
    func compressionReachesRequestAndWire(compression: SLSCompression) async throws {
        let server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: "bridge-test-id", secret: Secret("bridge-test-secret-41"))],
            projects: [LocalSLSConfiguration.Project(name: "example-project", logstores: .any)]
        ), logger: .disabled)
        let port = try server.start()
        defer { server.stop() }
        let destination = DestinationConfiguration(
            mode: .userLogService, endpoint: "sls.test", scheme: .http, connectAddress: "127.0.0.1:\(port)",
            project: "example-project", logstore: "azure-logs", accessKeyID: "bridge-test-id",
            accessKeySecret: Secret("bridge-test-secret-41"), compression: compression
        )
        let encoder = BatchEncoder(project: destination.project, logstore: destination.logstore,
                                   compression: destination.compression, topic: nil, source: "test", extraTags: [])

        let request = try encoder.encode(Self.batch())
        let signed = PutLogsRequestSigner.sign(request, endpointHost: "sls.test",
                                               credentials: SLSCredentials(accessKeyID: "id", accessKeySecret: Secret("s")),
                                               version: .v1, nowSeconds: 1_700_000_000, userAgent: "test")
        let client = SLSClient(configuration: BridgeService.clientConfiguration(destination), logger: .disabled)
        defer { client.shutdown() }
        let result = await withCheckedContinuation { continuation in
            client.putLogs(request) { continuation.resume(returning: $0) }
        }

        #expect(request.compression == compression)
        #expect(signed.headerValue("x-log-compresstype") == compression.headerValue)
        guard case .accepted = result else {
            Issue.record("expected acceptance, got \(result)")
            return
        }
        let stored = try #require(server.acceptedRequests().first)
        #expect(stored.compression == compression)
        #expect(stored.compressedBytes == request.body.count)
        #expect(stored.logGroup.logs == Self.batch().entries)
    }
}

import Core
import Kafka
import Testing
@testable import Bridge

/// Tests of the diagnoses on the run's "Kafka client error" log lines.
@Suite struct OperationsDiagnosisTests {
    /// The error librdkafka 2.0.2 reports when a TLS client connects to a plaintext listener.
    private static let failedHandshake = KafkaError(
        code: .transport,
        message: "127.0.0.1:9093/bootstrap: SSL handshake failed: Disconnected: connecting to a PLAINTEXT broker listener?"
    )
    private static let brokersDown = KafkaError(code: .allBrokersDown, message: "1/1 brokers are down")
    private static let unreachable = "could not be reached (connection refused, reset or timed out)"

    private func operations(_ sink: CapturingLogSink) -> BridgeOperations {
        BridgeOperations(
            configuration: OperationsHarness.testMetrics, mode: .userLogService, information: [],
            logger: Logger(label: "test", minimumLevel: .debug, sink: sink), bootstrapServers: ["127.0.0.1:9093"]
        )
    }

    @Test func brokersDownKeepsTLSDiagnosis() {
        let sink = CapturingLogSink()
        let operations = operations(sink)

        operations.kafkaErrorReported(Self.failedHandshake)
        operations.kafkaErrorReported(Self.brokersDown)

        let lines = sink.lines.filter { $0.contains("Kafka client error") }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("The TLS handshake with the Event Hubs endpoint failed") }, "\(lines)")
    }

    @Test func recordsClearKeptDiagnosis() {
        let sink = CapturingLogSink()
        let operations = operations(sink)
        let record = KafkaRecord(topic: "hub", partition: 0, offset: 0, timestamp: nil, key: nil, value: [1], headers: [])

        operations.kafkaErrorReported(Self.failedHandshake)
        operations.consumerPolled([record], bytesInFlight: 1)
        operations.kafkaErrorReported(Self.brokersDown)

        #expect(sink.lines.last?.contains(Self.unreachable) == true)
    }

    @Test func brokersDownAloneIsUnreachable() {
        let sink = CapturingLogSink()
        let operations = operations(sink)

        operations.kafkaErrorReported(Self.brokersDown)

        #expect(sink.lines.contains { $0.contains(Self.unreachable) })
    }
}

import Core
import Kafka
import Testing
@testable import Bridge

/// The diagnoses that the run's "Kafka client error" lines carry.
@Suite struct OperationsDiagnosisTests {
    private func operations(_ sink: CapturingLogSink) -> BridgeOperations {
        BridgeOperations(
            configuration: OperationsHarness.testMetrics, mode: .userLogService, information: [],
            logger: Logger(label: "test", minimumLevel: .debug, sink: sink), bootstrapServers: ["127.0.0.1:9093"]
        )
    }

    @Test func brokersDownAfterFailedHandshakeKeepsTLSDiagnosis() {
        let sink = CapturingLogSink()
        let operations = operations(sink)

        operations.kafkaErrorReported(KafkaError(
            code: .transport,
            message: "127.0.0.1:9093/bootstrap: SSL handshake failed: Disconnected: connecting to a PLAINTEXT broker listener?"
        ))
        operations.kafkaErrorReported(KafkaError(code: .allBrokersDown, message: "1/1 brokers are down"))

        let lines = sink.lines.filter { $0.contains("Kafka client error") }
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("The TLS handshake with the Event Hubs endpoint failed") }, "\(lines)")
    }

    @Test func recordsClearTheEarlierDiagnosis() {
        let sink = CapturingLogSink()
        let operations = operations(sink)

        operations.kafkaErrorReported(KafkaError(
            code: .transport,
            message: "127.0.0.1:9093/bootstrap: SSL handshake failed: Disconnected: connecting to a PLAINTEXT broker listener?"
        ))
        operations.consumerPolled([KafkaRecord(topic: "hub", partition: 0, offset: 0, timestamp: nil, key: nil, value: [1], headers: [])],
                                 bytesInFlight: 1)
        operations.kafkaErrorReported(KafkaError(code: .allBrokersDown, message: "1/1 brokers are down"))

        #expect(sink.lines.last?.contains("could not be reached (connection refused, reset or timed out)") == true)
    }

    @Test func brokersDownAloneIsUnreachable() {
        let sink = CapturingLogSink()
        let operations = operations(sink)

        operations.kafkaErrorReported(KafkaError(code: .allBrokersDown, message: "1/1 brokers are down"))

        #expect(sink.lines.contains { $0.contains("could not be reached (connection refused, reset or timed out)") })
    }
}

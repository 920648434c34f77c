import Core
import EventHubs
import Foundation
import Kafka
import Testing
@testable import Bridge
@testable import CLI

/// `check` against a fake Event Hubs broker on loopback that returns the failures under test.
@Suite(.enabled(if: FakeKafkaBroker.isAvailable, "needs python3 with ssl and /usr/bin/openssl"))
struct CheckEventHubsTests {
    static let connectionString =
        "Endpoint=sb://ns-check.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=Y2hlY2sta2V5LXNlY3JldA=="

    private func probe(_ broker: FakeKafkaBroker, caLocation: String?) async throws -> CheckResult {
        let parsed = try EventHubsConnectionString(parsing: Self.connectionString)
        let configuration = try KafkaConsumerConfiguration.eventHubs(
            connectionString: parsed, hub: "check-hub", consumerGroup: "check-group",
            options: EventHubsConsumerOptions(bootstrapServers: [broker.bootstrapServer], caLocation: caLocation),
            logger: .disabled
        )
        return try await offPool {
            EventHubsProbe.run(configuration: configuration, hub: "check-hub", timeoutMilliseconds: 10_000, logger: .disabled)
        }
    }

    @Test func probePassesWithHealthyBroker() async throws {
        let broker = try FakeKafkaBroker(scenario: .healthy)
        let result = try await probe(broker, caLocation: broker.certificatePath)
        #expect(result.status == .passed)
        #expect(result.message.contains("hub check-hub has 2 partitions"))
    }

    @Test func probeDiagnosesRejectedKey() async throws {
        let broker = try FakeKafkaBroker(scenario: .saslRejected)
        let result = try await probe(broker, caLocation: broker.certificatePath)
        #expect(result.status == .failed)
        #expect(result.diagnosis == EventHubsDiagnosis.authentication)
        #expect(result.detail?.contains("SASL authentication error: Authentication failed for the test broker.") == true)
    }

    @Test func probeDiagnosesFirewall() async throws {
        let broker = try FakeKafkaBroker(scenario: .firewall)
        let result = try await probe(broker, caLocation: broker.certificatePath)
        #expect(result.status == .failed)
        #expect(result.diagnosis == EventHubsDiagnosis.firewall)
        #expect(result.detail?.contains("The request was rejected by firewall checks.") == true)
    }

    @Test func probeDiagnosesTopicAuthorization() async throws {
        let broker = try FakeKafkaBroker(scenario: .topicUnauthorized)
        let result = try await probe(broker, caLocation: broker.certificatePath)
        #expect(result.status == .failed)
        #expect(result.diagnosis == EventHubsDiagnosis.topicAuthorization)
        #expect(result.message.contains("Basic tier"))
    }

    @Test func probeDiagnosesUnknownHub() async throws {
        let broker = try FakeKafkaBroker(scenario: .unknownTopic)
        let result = try await probe(broker, caLocation: broker.certificatePath)
        #expect(result.status == .failed)
        #expect(result.diagnosis == EventHubsDiagnosis.unknownHub)
    }

    @Test func probeDiagnosesPlaintextListener() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        let parsed = try EventHubsConnectionString(parsing: Self.connectionString)
        let configuration = try KafkaConsumerConfiguration.eventHubs(
            connectionString: parsed, hub: "check-hub", consumerGroup: "check-group",
            options: EventHubsConsumerOptions(bootstrapServers: cluster.bootstrapServers), logger: .disabled
        )

        let result = try await offPool {
            EventHubsProbe.run(configuration: configuration, hub: "check-hub", timeoutMilliseconds: 10_000, logger: .disabled)
        }

        #expect(result.status == .failed)
        #expect(result.diagnosis?.id == EventHubsDiagnosis.tlsHandshake.id)
        #expect(result.detail?.contains("SSL handshake failed") == true, "\(result.detail ?? "")")
    }

    @Test func checkDiagnosesUntrustedCertificate() async throws {
        let broker = try FakeKafkaBroker(scenario: .healthy)
        let directory = try CheckDirectory()
        let sls = try CheckSLSServer()
        var configuration = CheckConfiguration(bootstrapServers: [broker.bootstrapServer], slsPort: sls.port)
        configuration.connectionString = Self.connectionString
        configuration.hub = "check-hub"
        let path = try directory.write("bridge.yaml", configuration.yaml)

        let run = try await CommandRun.run(["check", "--config", path, "--timeout-ms", "10000"])

        #expect(run.status == .failure)
        #expect(run.output.contains("[FAIL] Event Hubs: The TLS certificate of the Event Hubs endpoint could not be verified"))
        #expect(run.output.contains("Fix: Install the ca-certificates package"))
        #expect(run.output.contains("certificate verify failed"))
        #expect(run.output.contains("[ok] SLS:"))
        #expect(!run.everything.contains("Y2hlY2sta2V5LXNlY3JldA"))
    }
}

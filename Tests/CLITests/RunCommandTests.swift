import Bridge
import Core
import Foundation
import Kafka
import LocalSLS
import Testing
@testable import CLI
import TestSupport

@Suite struct RunCommandTests {
    static let accessKeyID = "run-test-key-id"
    static let accessKeySecret = "run-test-key-secret-value"
    /// A made-up namespace; the tests that use it also set `bootstrap_servers`, so nothing connects to it.
    static let connectionString = "Endpoint=sb://ns-run-test.servicebus.windows.net/;SharedAccessKeyName=listen;"
        + "SharedAccessKey=RunTestKey0000000000000000000000000000000000="

    /// Returns the destination lines for the local SLS server on `port`. Nothing listens on port 9, which suits
    /// runs that send nothing.
    static func destination(port: Int) -> [String] {
        [
            "mode: user-log-service", "endpoint: cn-shanghai.log.aliyuncs.com", "scheme: http",
            "connect_address: 127.0.0.1:\(port)", "project: run-project", "logstore: run-logstore",
            "access_key_id: \(accessKeyID)", "access_key_secret: \(accessKeySecret)",
        ]
    }

    /// `run --max-records` forwards that many records and exits by itself, without waiting for the linger.
    @Test func maxRecordsStopsAfterDelivery() async throws {
        let cluster = try KafkaMockCluster.withAuditMessages(topic: "insights-logs-run", partitions: 2, count: 12)
        defer { cluster.close() }
        let server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: Self.accessKeyID, secret: Secret(Self.accessKeySecret))],
            projects: [LocalSLSConfiguration.Project(name: "run-project", logstores: .named(["run-logstore"]))]
        ), logger: .disabled)
        let port = try server.start()
        defer { server.stop() }

        let folder = try TemporaryFolder()
        // The run sends its open batches at the limit instead of after this linger. The bridge's end-to-end tests
        // check that, so a regression would only make this test a minute slower.
        let configPath = try BridgeCommandConfiguration.write(
            in: folder, cluster: cluster, hub: "insights-logs-run", group: "cli-run",
            destination: Self.destination(port: Int(port)),
            sections: [("batching", ["linger_ms: 60000"])]
        )

        let (code, _, errors) = await CommandRunner.runOnThread(["run", "--config", configPath, "--max-records", "12"])

        #expect(code == .success, "\(errors)")
        #expect(errors.contains("records consumed 12 = delivered 12"))
        #expect(errors.contains("in flight 0"))
        let logs = server.logGroups(project: "run-project", logstore: "run-logstore").flatMap(\.logs)
        #expect(logs.count == 12)
        #expect(!errors.contains(Self.accessKeySecret))
    }

    @Test func runOnQuietHubSucceeds() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("insights-logs-quiet", partitions: 2)
        let folder = try TemporaryFolder()
        let configPath = try BridgeCommandConfiguration.write(
            in: folder, cluster: cluster, hub: "insights-logs-quiet", group: "cli-quiet",
            destination: Self.destination(port: 9)
        )

        // Long enough for the mock cluster's group join, which takes about 3 seconds.
        let (code, _, errors) = await CommandRunner.runOnThread(["run", "--config", configPath, "--duration", "8s"])

        #expect(code == .success, "\(errors)")
        #expect(errors.contains("records consumed 0"))
        #expect(!errors.contains("no partition was assigned"))
    }

    /// librdkafka checks some combinations only when it creates the consumer, after the file loaded: over TLS (the
    /// Event Hubs form, here with the mock cluster as its bootstrap server), a key store without its password is one.
    /// `run` then exits with 2, as for any configuration error.
    @Test func librdkafkaRejectionAtStartExitsWithUsage() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let folder = try TemporaryFolder()
        let configPath = try BridgeCommandConfiguration.write(
            in: folder, cluster: cluster, hub: "insights-logs-keystore", group: "cli-keystore",
            destination: Self.destination(port: 9)
        )
        let text = try String(contentsOfFile: configPath, encoding: .utf8).replacingOccurrences(
            of: "  consumer_group: cli-keystore\n",
            with: "  consumer_group: cli-keystore\n  connection_string: \(Self.connectionString)\n"
                + "  kafka_properties:\n    ssl.keystore.location: \(folder.path("none.p12"))\n"
        )
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)

        let (code, _, errors) = await CommandRunner.runOnThread(["run", "--config", configPath, "--duration", "2s"])

        #expect(code == .usage, "\(errors)")
        #expect(errors.contains("`ssl.keystore.password` is mandatory"))
        #expect(errors.contains("fix: correct source.kafka_properties"))
        #expect(!errors.contains(Self.accessKeySecret))
        #expect(!errors.contains("SharedAccessKey=RunTest"))
    }

    @Test func runWithoutPartitionFails() async throws {
        let cluster = try KafkaMockCluster.withAuditMessages(topic: "insights-logs-run", partitions: 1, count: 1)
        let folder = try TemporaryFolder()
        let configPath = try BridgeCommandConfiguration.write(
            in: folder, cluster: cluster, hub: "insights-logs-run", group: "cli-unreachable",
            destination: Self.destination(port: 9)
        )
        // The configuration names the cluster's port, where nothing listens any more.
        cluster.close()

        let (code, _, errors) = await CommandRunner.runOnThread(["run", "--config", configPath, "--duration", "2s"])

        #expect(code == .failure, "\(errors)")
        #expect(errors.contains("no partition was assigned during the run"))
        #expect(errors.contains("the Kafka endpoint was not reached (see the Kafka errors above)"), "\(errors)")
    }

    @Test func unassignedMessageWithoutKafkaErrorsNamesPendingJoin() {
        let source = SourceConfiguration(connection: .plaintextKafka, topics: ["hub"], consumerGroup: "group",
                                         bootstrapServers: ["127.0.0.1:9092"], sessionTimeoutMilliseconds: 6_000)

        let text = UnassignedRunMessage.text(configPath: "bridge.yaml", source: source, kafkaErrors: 0)

        #expect(text.contains("No Kafka error was reported, so the join was most likely still pending"))
        #expect(!text.contains("see the Kafka errors above"))
        #expect(text.contains("source.session_timeout_ms (6000 ms)"))
    }

    @Test func runRejectsBothLimits() async throws {
        try await blocking {
            let (code, _, errors) = CommandRunner.run([
                "run", "--config", "/nonexistent.yaml", "--max-records", "1", "--duration", "1s",
            ])
            #expect(code == .usage)
            #expect(errors.contains("either --max-records or --duration"))
        }
    }

    @Test func runRejectsZeroMaxRecords() async throws {
        try await blocking {
            let (code, _, errors) = CommandRunner.run(["run", "--config", "/nonexistent.yaml", "--max-records", "0"])
            #expect(code == .usage)
            #expect(errors.contains("--max-records must be a positive whole number"))
        }
    }

    @Test func runRejectsOverflowingMaxRecords() async throws {
        try await blocking {
            let (code, _, errors) = CommandRunner.run([
                "run", "--config", "/nonexistent.yaml", "--max-records", "99999999999999999999",
            ])
            #expect(code == .usage)
            #expect(errors.contains("--max-records 99999999999999999999 is too large"))
        }
    }

    @Test func runRejectsExtraArgument() async throws {
        try await blocking {
            let (code, _, errors) = CommandRunner.run([
                "run", "--config", "/nonexistent.yaml", "--duration", "5", "extra",
            ])
            #expect(code == .usage)
            #expect(errors.contains("unexpected argument `extra`; `ehbridge run` takes options only."))
        }
    }
}

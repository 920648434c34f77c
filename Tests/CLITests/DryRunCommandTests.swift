import Core
import Foundation
import Kafka
import Storage
import Testing
@testable import CLI
import TestSupport

@Suite struct DryRunCommandTests {
    @Test func dryRunWithoutPartitionNamesCause() async throws {
        let cluster = try KafkaMockCluster.withAuditMessages(topic: "insights-logs-dry-run", partitions: 1, count: 1)
        let folder = try TemporaryFolder()
        let configPath = try BridgeCommandConfiguration.write(
            in: folder, cluster: cluster, hub: "insights-logs-dry-run", group: "cli-unreachable",
            destination: BridgeCommandConfiguration.dryRunDestination,
            sections: [("pricing", ["prices: \(CommandRunner.repositoryPricing)"])]
        )
        // The configuration names the cluster's port, where nothing listens any more.
        cluster.close()

        let (code, _, errors) = await CommandRunner.runOnThread(["dry-run", "--config", configPath, "--duration", "2s"])

        #expect(code == .failure, "\(errors)")
        #expect(errors.contains("error: no partition was assigned during the run"))
        #expect(errors.contains("source.session_timeout_ms (30000 ms)"))
        #expect(!errors.contains("metered no request"))
    }

    @Test func dryRunOfEmptyHubNamesNoRecords() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("insights-logs-empty", partitions: 1)
        let folder = try TemporaryFolder()
        let configPath = try BridgeCommandConfiguration.write(
            in: folder, cluster: cluster, hub: "insights-logs-empty", group: "cli-empty",
            destination: BridgeCommandConfiguration.dryRunDestination,
            sections: [("pricing", ["prices: \(CommandRunner.repositoryPricing)"])]
        )

        // The mock cluster assigns a new group's partitions after about 3 s.
        let (code, _, errors) = await CommandRunner.runOnThread(["dry-run", "--config", configPath, "--duration", "6s"])

        #expect(code == .failure, "\(errors)")
        #expect(errors.contains("error: the dry run metered no request"))
        #expect(!errors.contains("no partition was assigned"))
    }

    @Test func dryRunPrintsComparisonAndWritesReport() async throws {
        let cluster = try KafkaMockCluster.withAuditMessages(topic: "insights-logs-dry-run", partitions: 2, count: 30)
        defer { cluster.close() }

        let folder = try TemporaryFolder()
        let configPath = try BridgeCommandConfiguration.write(
            in: folder, cluster: cluster, hub: "insights-logs-dry-run", group: "cli-test",
            destination: BridgeCommandConfiguration.dryRunDestination,
            sections: [
                ("batching", ["linger_ms: 100"]),
                ("pricing", ["prices: \(CommandRunner.repositoryPricing)", "egress_sample_interval_ms: 1000"]),
            ]
        )
        let reportPath = folder.path("reports/dry-run.html")

        let (code, output, errors) = await CommandRunner.runOnThread([
            "dry-run", "--config", configPath, "--max-records", "30", "--gb-per-day", "12", "--report", reportPath,
        ])

        #expect(code == .success, "\(errors)")
        #expect(errors.contains("cli-test-dry-run"))
        #expect(errors.contains("records consumed 30 = metered 30"))
        #expect(output.contains("Projected monthly cost per payer"))
        #expect(output.contains("dedicated-channel (dry-run)"))
        #expect(output.contains("user-log-service (dry-run)"))
        // 12 GB a day is tier 2 of CTDR's ingestion: 12 x 0.48 x 30 = 172.80 USD in both modes.
        #expect(output.contains("172.80 USD"))
        #expect(output.contains("Report written to \(reportPath)"))
        let html = try String(contentsOfFile: reportPath, encoding: .utf8)
        #expect(html.contains("<svg"))

        let reader = try MeterReader(paths: [folder.path("meter.sqlite")])
        defer { reader.close() }
        #expect(try reader.totals().map(\.delivery) == [.dryRun, .dryRun])
    }

    @Test func dryRunRejectsBothLimits() async throws {
        try await blocking {
            let (code, _, errors) = CommandRunner.run([
                "dry-run", "--config", "/nonexistent.yaml", "--max-records", "1", "--duration", "1s",
            ])
            #expect(code == .usage)
            #expect(errors.contains("either --max-records or --duration"))
        }
    }

    /// The status line is drawn on standard output only when it is a terminal.
    @Test(arguments: [false, true])
    func statusLineOnlyOnTerminal(interactive: Bool) async throws {
        let cluster = try KafkaMockCluster.withAuditMessages(topic: "insights-logs-status", partitions: 1, count: 5)
        defer { cluster.close() }

        let folder = try TemporaryFolder()
        let configPath = try BridgeCommandConfiguration.write(
            in: folder, cluster: cluster, hub: "insights-logs-status", group: "cli-status",
            destination: BridgeCommandConfiguration.dryRunDestination,
            sections: [("pricing", ["prices: \(CommandRunner.repositoryPricing)"])]
        )

        // The status line is redrawn every second; joining the group on the mock cluster alone takes longer.
        let (code, output, errors) = await CommandRunner.runOnThread(
            ["dry-run", "--config", configPath, "--max-records", "5"], interactive: interactive
        )

        #expect(code == .success, "\(errors)")
        #expect(errors.contains("records consumed 5 = metered 5"))
        // Every redraw starts by returning to the start of the line and erasing it.
        let statusLines = output.components(separatedBy: "\r\u{1B}[2K").count - 1
        if interactive {
            #expect(statusLines >= 1, "\(output.debugDescription)")
            #expect(output.contains("records/s"))
        } else {
            #expect(statusLines == 0, "\(output.debugDescription)")
            #expect(!output.contains("\r"))
        }
    }

    @Test func dryRunKeepsRawCopiesApart() async throws {
        let topic = "insights-logs-dry-run-copies"
        let cluster = try KafkaMockCluster.withAuditMessages(topic: topic, partitions: 1, count: 2)
        defer { cluster.close() }
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers, security: .plaintext),
            logger: .disabled
        )
        let note = String(repeating: "y", count: 200)
        let long = #"{"records":[{"time":"2026-03-01T10:00:00Z","category":"Audit","note":"\#(note)"}]}"#
        try producer.produce(topic: topic, value: Array(long.utf8), key: nil, partition: 0)
        #expect(try producer.flush(timeout: .seconds(20)).failedCount == 0)
        producer.close()

        let folder = try TemporaryFolder()
        let configPath = try BridgeCommandConfiguration.write(
            in: folder, cluster: cluster, hub: topic, group: "cli-copies",
            destination: BridgeCommandConfiguration.dryRunDestination,
            sections: [
                ("batching", ["linger_ms: 100"]),
                ("normalization", ["limits:", "  max_value_bytes: 100"]),
                ("pricing", ["prices: \(CommandRunner.repositoryPricing)"]),
            ]
        )

        let (code, _, errors) = await CommandRunner.runOnThread(["dry-run", "--config", configPath, "--max-records", "3"])

        #expect(code == .success, "\(errors)")
        let copiesPath = folder.path("meter.dry-run.sqlite")
        #expect(errors.contains("kept 1 records in \(copiesPath)"))
        let copies = try DeadLetterStore(path: copiesPath, logger: .disabled)
        defer { copies.close() }
        #expect(try copies.list(limit: 10).map(\.reason.rawValue) == ["value_truncated"])
        let realRuns = try DeadLetterStore(path: folder.path("meter.sqlite"), logger: .disabled)
        defer { realRuns.close() }
        #expect(try realRuns.list(limit: 10).isEmpty)
    }
}

import Bridge
import Core
import Foundation
import Testing
@testable import CLI

/// `ehbridge validate --print-config`, which the troubleshooting steps of `check` rely on.
@Suite struct CheckValidatePrintConfigTests {
    static let connectionString =
        "Endpoint=sb://ns-print.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=cHJpbnQta2V5LXNlY3JldA=="
    static let secret = "print-secret-value-4cd1"

    private func configurationFile(in directory: CheckDirectory) throws -> String {
        // librdkafka loads the file when validate creates the consumer, so it must hold real certificates.
        _ = try directory.write("eventhubs-ca.pem", try String(contentsOfFile: "/etc/ssl/certs/ca-certificates.crt", encoding: .utf8))
        return try directory.write("bridge.yaml", """
            source:
              connection_string: ${EH}
              hub: insights-logs-auditevent
              consumer_group: print-group
              ca_file: eventhubs-ca.pem
              kafka_properties:
                fetch.wait.max.ms: "500"
            destination:
              mode: dedicated-channel
              endpoint: cn-shanghai.log.aliyuncs.com
              project: print-proj
              logstore: print-store
              access_key_id: print-id
              access_key_secret: ${SECRET}
              topic: azure
            meter:
              path: /var/lib/ehbridge/meter.sqlite
              instance_id: bridge-7
            logging:
              format: json
            metrics:
              listen: 127.0.0.1:9700
            delivery:
              prefetch_kbytes: 16384
              fetch_max_kbytes: 4096
            """)
    }

    @Test func printConfigShowsDefaultsWithoutSecrets() async throws {
        let directory = try CheckDirectory()
        let path = try configurationFile(in: directory)

        let run = try await CommandRun.run(["validate", "--config", path, "--print-config"],
                                 environment: ["EH": Self.connectionString, "SECRET": Self.secret])

        #expect(run.status == .success)
        #expect(run.output.contains("  connection_string: \"<redacted>\"\n"))
        #expect(run.output.contains("  access_key_secret: \"<redacted>\"\n"))
        #expect(run.output.contains("  hubs: [insights-logs-auditevent]\n"))
        #expect(run.output.contains("  ca_file: \(directory.path)/eventhubs-ca.pem\n"), "\(run.output)")
        #expect(run.output.contains("  max_concurrent_requests: 8\n"))
        #expect(run.output.contains("  linger_ms: 2000\n"))
        #expect(run.output.contains("  listen: \"127.0.0.1:9700\"\n"))
        #expect(run.output.contains("    max_undelivered_age_ms: 300000\n"))
        #expect(run.output.contains("    burst: 5\n"))
        #expect(run.output.contains("    \"fetch.wait.max.ms\": \"500\"\n") || run.output.contains("    fetch.wait.max.ms: \"500\"\n"))
        #expect(!run.everything.contains(Self.secret))
        #expect(!run.everything.contains("cHJpbnQta2V5LXNlY3JldA"))
    }

    @Test func unloadableSourceCAFileNamesItsKey() async throws {
        let directory = try CheckDirectory()
        let path = try configurationFile(in: directory)
        try directory.write("eventhubs-ca.pem", "-----BEGIN CERTIFICATE-----\n")

        let run = try await CommandRun.run(["validate", "--config", path], environment: ["EH": Self.connectionString, "SECRET": Self.secret])

        #expect(run.status == .usage)
        #expect(run.everything.contains("source.ca_file: names \(directory.path)/eventhubs-ca.pem, which librdkafka cannot load"), "\(run.everything)")
    }

    @Test func printedConfigurationLoadsAgain() async throws {
        let directory = try CheckDirectory()
        let path = try configurationFile(in: directory)
        let environment = ["EH": Self.connectionString, "SECRET": Self.secret]
        let printed = try await CommandRun.run(["validate", "--config", path, "--print-config"], environment: environment).output
        // The placeholder replaced the secrets, and loading rejects it; put the references back to load the rest.
        let restored = printed.replacingOccurrences(
            of: "connection_string: \"<redacted>\"", with: "connection_string: ${EH}"
        ).replacingOccurrences(of: "access_key_secret: \"<redacted>\"", with: "access_key_secret: ${SECRET}")
        let reloadedPath = try directory.write("printed.yaml", restored)

        let original = try BridgeConfigurationLoader(environment: environment).load(path: path)
        let reloaded = try BridgeConfigurationLoader(environment: environment).load(path: reloadedPath)

        #expect(reloaded.source.topics == original.source.topics)
        #expect(reloaded.source.consumerGroup == original.source.consumerGroup)
        #expect(reloaded.source.kafkaProperties == original.source.kafkaProperties)
        #expect(reloaded.destination.project == original.destination.project)
        #expect(reloaded.destination.topic == original.destination.topic)
        #expect(reloaded.batching == original.batching)
        #expect(reloaded.meter == original.meter)
        #expect(reloaded.logging == original.logging)
        #expect(reloaded.metrics == original.metrics)
        #expect(reloaded.delivery == original.delivery)
        #expect(reloaded.delivery.fetchMaxKilobytes == 4096)
        #expect(reloaded.delivery.prefetchKilobytes == 16384)
        #expect(reloaded.destination.accessKeySecret?.revealed() == Self.secret)
    }

    @Test func validateSummaryNamesMetricsEndpoint() async throws {
        let directory = try CheckDirectory()
        let path = try configurationFile(in: directory)
        let run = try await CommandRun.run(["validate", "--config", path], environment: ["EH": Self.connectionString, "SECRET": Self.secret])
        #expect(run.status == .success)
        #expect(run.output.contains("  metrics: http://127.0.0.1:9700/metrics, /healthz, /readyz"))
    }

    @Test func validateSummaryNamesConnectAddress() async throws {
        let directory = try CheckDirectory()
        let original = try String(contentsOfFile: try configurationFile(in: directory), encoding: .utf8)
        let path = try directory.write("local.yaml", original.replacingOccurrences(
            of: "  topic: azure", with: "  topic: azure\n  connect_address: 127.0.0.1:9"))
        let run = try await CommandRun.run(["validate", "--config", path], environment: ["EH": Self.connectionString, "SECRET": Self.secret])

        #expect(run.status == .success)
        #expect(run.output.contains("https://print-proj.cn-shanghai.log.aliyuncs.com via 127.0.0.1:9 Logstore print-store"))
    }

    @Test func printedPathsAreAbsolute() {
        let workingDirectory = FileManager.default.currentDirectoryPath
        #expect(EffectiveConfiguration.absolute("run1/meter.sqlite") == workingDirectory + "/run1/meter.sqlite")
        #expect(EffectiveConfiguration.absolute("./run1/../meter.sqlite") == workingDirectory + "/meter.sqlite")
        #expect(EffectiveConfiguration.absolute("/var/lib/ehbridge/meter.sqlite") == "/var/lib/ehbridge/meter.sqlite")
    }

    @Test func validateSummaryShowsCappedBatchBytes() async throws {
        let directory = try CheckDirectory()
        let original = try String(contentsOfFile: try configurationFile(in: directory), encoding: .utf8)
        let path = try directory.write("capped.yaml", original + "\nbatching:\n  max_bytes: 8000000\n")

        let run = try await CommandRun.run(["validate", "--config", path], environment: ["EH": Self.connectionString, "SECRET": Self.secret])

        #expect(run.status == .success)
        #expect(run.output.contains("5000000 bytes"))
        #expect(run.output.contains("(max_bytes 8000000 is capped by normalization.limits.max_log_group_bytes)"))
    }

    @Test func validateSummaryNotesFetchAbovePrefetch() async throws {
        let directory = try CheckDirectory()
        let original = try String(contentsOfFile: try configurationFile(in: directory), encoding: .utf8)
        let path = try directory.write("fetch.yaml", original.replacingOccurrences(
            of: "prefetch_kbytes: 16384\n  fetch_max_kbytes: 4096", with: "prefetch_kbytes: 8192\n  fetch_max_kbytes: 16384"))

        let run = try await CommandRun.run(["validate", "--config", path], environment: ["EH": Self.connectionString, "SECRET": Self.secret])

        #expect(run.status == .success)
        #expect(run.output.contains("  delivery: prefetch 8192 KiB, fetch responses up to 16384 KiB,"))
        #expect(run.output.contains("(fetch_max_kbytes is above prefetch_kbytes"))
    }

    @Test func validateSummaryNamesBootstrapOverride() async throws {
        let directory = try CheckDirectory()
        let original = try String(contentsOfFile: try configurationFile(in: directory), encoding: .utf8)
        let path = try directory.write("override.yaml", original.replacingOccurrences(
            of: "  consumer_group: print-group\n", with: "  consumer_group: print-group\n  bootstrap_servers: [127.0.0.1:19093]\n"))

        let run = try await CommandRun.run(["validate", "--config", path], environment: ["EH": Self.connectionString, "SECRET": Self.secret])

        #expect(run.status == .success, "\(run.errorOutput)")
        #expect(run.output.contains("Event Hubs (SASL_SSL, connection string given) at 127.0.0.1:19093, set by bootstrap_servers"))
    }

    @Test func deliverySummaryDefaultsHaveNoNote() {
        let summary = ConfigurationSummary.deliverySummary(DeliveryConfiguration())

        #expect(summary == "prefetch 32768 KiB, fetch responses up to 16384 KiB, the busiest partitions pause above 32768 KiB in flight")
    }

    @Test func deliverySummaryEqualBoundsHaveNoNote() {
        var delivery = DeliveryConfiguration()
        delivery.fetchMaxKilobytes = delivery.prefetchKilobytes

        #expect(!ConfigurationSummary.deliverySummary(delivery).contains("above prefetch_kbytes"))
    }

    @Test func quotingKeepsPlainWordsAndQuotesTheRest() {
        #expect(EffectiveConfiguration.quote("insights-logs-auditevent") == "insights-logs-auditevent")
        #expect(EffectiveConfiguration.quote("/var/lib/ehbridge/meter.sqlite") == "/var/lib/ehbridge/meter.sqlite")
        #expect(EffectiveConfiguration.quote("127.0.0.1:9599") == "\"127.0.0.1:9599\"")
        #expect(EffectiveConfiguration.quote("a: b") == "\"a: b\"")
        #expect(EffectiveConfiguration.quote("${HOME}") == "\"$${HOME}\"")
        #expect(EffectiveConfiguration.quote("") == "\"\"")
    }
}

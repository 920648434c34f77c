@testable import Bridge
import Core
import EventHubs
import Foundation
import Kafka
import LocalSLS
import SLS
import Testing
@testable import CLI

/// Feeds known secrets through every path that writes text (configuration errors, `validate --print-config`,
/// `check`, a run that fails to authenticate at both ends, logs in both formats, metrics) and searches all
/// of it for the secrets.
@Suite struct CheckSecretRedactionTests {
    static let sharedAccessKey = "UmVkYWN0aW9uVGVzdEtleTE5OTc0NDQ="
    static let connectionString =
        "Endpoint=sb://ns-redact.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=\(sharedAccessKey)"
    static let sasSignature = "cmVkYWN0U2lnbmF0dXJlVmFsdWU"
    static let sasConnectionString = "Endpoint=sb://ns-redact.servicebus.windows.net/;SharedAccessSignature="
        + "SharedAccessSignature sr=ns-redact&sig=\(sasSignature)&se=1700000000&skn=listen"
    static let accessKeySecret = "redact-access-key-secret-8e2f"
    static let stsToken = "redact-sts-token-CAISf00dfeed"

    /// Every secret, and the parts of them that must not appear either.
    static let secrets = [
        sharedAccessKey, String(sharedAccessKey.dropLast()), connectionString, sasSignature, accessKeySecret, stsToken,
    ]

    private func expectClean(_ text: String, path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in Self.secrets {
            #expect(!text.contains(secret), "\(path) contains a secret", sourceLocation: sourceLocation)
        }
    }

    private func yaml(connectionString: String?, bootstrap: String, slsPort: UInt16, extra: String = "") -> String {
        let source = connectionString == nil
            ? "  bootstrap_servers: [\(bootstrap)]"
            : "  connection_string: ${EH}\n  bootstrap_servers: [\(bootstrap)]"
        return """
            source:
            \(source)
              hub: redact-hub
              consumer_group: redact-group
            destination:
              mode: dedicated-channel
              endpoint: sls.test
              scheme: http
              connect_address: 127.0.0.1:\(slsPort)
              project: check-proj
              logstore: audit
              access_key_id: \(CheckSLSServer.accessKeyID)
              access_key_secret: ${SLS_SECRET}
            meter:
              path: meter.sqlite
            metrics:
              enabled: false
            \(extra)
            """
    }

    private var environment: [String: String] {
        ["EH": Self.connectionString, "SLS_SECRET": Self.accessKeySecret]
    }

    @Test func configurationErrorsHideSecrets() async throws {
        let directory = try CheckDirectory()
        let invalid = try directory.write("invalid.yaml", yaml(connectionString: "", bootstrap: "127.0.0.1:1", slsPort: 1,
                                                                extra: "batching:\n  max_bytes: 5"))
        let sasEnvironment = ["EH": Self.sasConnectionString, "SLS_SECRET": Self.accessKeySecret]
        let broken = try directory.write("broken.yaml", "destination:\n  access_key_secret: \"\(Self.accessKeySecret)\n  : [")

        for (path, environment) in [(invalid, sasEnvironment), (invalid, environment), (broken, environment)] {
            for command in ["validate", "check", "run"] {
                let run = try await CommandRun.run([command, "--config", path], environment: environment)
                #expect(run.status == .usage)
                expectClean(run.everything, path: "\(command) with an invalid configuration")
            }
        }
    }

    @Test func printConfigHidesSecrets() async throws {
        let directory = try CheckDirectory()
        let path = try directory.write("bridge.yaml", yaml(connectionString: Self.connectionString, bootstrap: "127.0.0.1:1", slsPort: 1))
        let run = try await CommandRun.run(["validate", "--config", path, "--print-config"], environment: environment)
        #expect(run.status == .success)
        #expect(run.output.contains("<redacted>"))
        expectClean(run.everything, path: "validate --print-config")
    }

    @Test func checkHidesSecretsOnFailure() async throws {
        let directory = try CheckDirectory()
        let sls = try CheckSLSServer()
        let broker = FakeKafkaBroker.isAvailable ? try FakeKafkaBroker(scenario: .saslRejected) : nil
        let bootstrap = broker?.bootstrapServer ?? "127.0.0.1:\(closedLoopbackPort())"
        let path = try directory.write("bridge.yaml", yaml(connectionString: Self.connectionString, bootstrap: bootstrap, slsPort: sls.port))

        for format in [LogFormat.logfmt, .json] {
            let run = try await CommandRun.run(["check", "--config", path, "--timeout-ms", "3000", "--verbose"],
                                     environment: environment, logFormat: format)
            #expect(run.status == .failure)
            #expect(run.output.contains("[FAIL] SLS: SLS rejected the request signature"))
            #expect(!run.logLines.isEmpty)
            #expect(run.logLines.contains { $0.contains("GetLogStore request finished") })
            expectClean(run.everything, path: "check in \(format)")
        }
    }

    @Test func failedRunsHideSecretsInLogsAndMetrics() async throws {
        let harness = try OperationsHarnessForRedaction()
        for format in [LogFormat.logfmt, .json] {
            let sink = CapturingLogSink(format: format)
            let logger = Logger(label: "redaction", minimumLevel: .trace, sink: sink)

            // Event Hubs that cannot be reached with the secret connection string, and an SLS that rejects the secret.
            let eventHubs = try harness.configuration(
                connection: .eventHubs(EventHubsConnectionString(parsing: Self.connectionString)), group: "redact-\(format)"
            )
            let service = BridgeService(configuration: eventHubs, logger: logger, drainTimeoutMilliseconds: 200)
            _ = try? await offPool { try service.run(limits: RunLimits(durationMilliseconds: 1_500)) }
            let eventHubsMetrics = service.operations.prometheusText()

            // Records from the mock cluster, rejected by SLS because the secret does not match.
            let plain = harness.configuration(connection: .plaintextKafka, group: "redact-\(format)")
            let rejected = BridgeService(configuration: plain, logger: logger, drainTimeoutMilliseconds: 200)
            let run = CheckBackgroundRun(rejected)
            #expect(await waitUntil { rejected.operations.prometheusText().contains(#"code="SignatureNotMatch""#) })
            let rejectedMetrics = rejected.operations.prometheusText()
            _ = try? await run.stop()

            // The STS token travels only in a request header; the server rejects it for a key that takes none.
            let client = SLSClientConfiguration(
                endpoint: SLSEndpoint.local(port: harness.sls.port),
                credentials: SLSCredentials(accessKeyID: CheckSLSServer.accessKeyID, accessKeySecret: Secret(Self.accessKeySecret),
                                            securityToken: Secret(Self.stsToken))
            )
            let probe = try await offPool {
                SLSProbe.run(configuration: client, project: CheckSLSServer.project, logstore: CheckSLSServer.logstore,
                             credentials: .accessKey(id: CheckSLSServer.accessKeyID, secret: Secret(Self.accessKeySecret),
                                                     securityToken: Secret(Self.stsToken)),
                             logger: logger)
            }

            #expect(sink.lines.contains { $0.contains("SignatureNotMatch") })
            let kafkaErrors = sink.lines.filter { $0.contains("Kafka client error") }
            #expect(kafkaErrors.contains { $0.contains("Connection refused") })
            #expect(probe.status == .failed)
            let everything = (sink.lines + [eventHubsMetrics, rejectedMetrics] + probe.lines).joined(separator: "\n")
            expectClean(everything, path: "logs in \(format) and metrics")
        }
    }
}

/// The local servers and configurations of the redaction run: a mock cluster with records and the local SLS
/// server, which expects another secret than the one configured.
final class OperationsHarnessForRedaction {
    let cluster: KafkaMockCluster
    let sls: CheckSLSServer
    let directory: CheckDirectory

    init() throws {
        cluster = try KafkaMockCluster()
        try cluster.createTopic("redact-hub", partitions: 2)
        sls = try CheckSLSServer()
        directory = try CheckDirectory()
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers, security: .plaintext),
            logger: .disabled
        )
        defer { producer.close() }
        for index in 0..<4 {
            try producer.produce(topic: "redact-hub", value: Array(#"{"records":[{"time":"2026-03-01T10:00:00Z","i":\#(index)}]}"#.utf8),
                                 key: nil, partition: Int32(index % 2))
        }
        _ = try producer.flush(timeout: .seconds(10))
    }

    deinit {
        cluster.close()
    }

    /// Returns a configuration with the secret AccessKey secret. Each consumer group serves one run only,
    /// because the mock cluster may wait for a departed member before it assigns partitions again.
    func configuration(connection: SourceConfiguration.Connection, group: String) -> BridgeConfiguration {
        let bootstrap: [String]
        switch connection {
        case .eventHubs: bootstrap = ["127.0.0.1:\(closedLoopbackPort())"]
        case .plaintextKafka: bootstrap = cluster.bootstrapServers
        }
        return BridgeConfiguration(
            source: SourceConfiguration(connection: connection, topics: ["redact-hub"], consumerGroup: group,
                                        bootstrapServers: bootstrap),
            destination: DestinationConfiguration(
                mode: .dedicatedChannel, endpoint: "sls.test", scheme: .http, connectAddress: "127.0.0.1:\(sls.port)",
                project: CheckSLSServer.project, logstore: CheckSLSServer.logstore, accessKeyID: CheckSLSServer.accessKeyID,
                accessKeySecret: Secret(CheckSecretRedactionTests.accessKeySecret)
            ),
            batching: BatchingConfiguration(lingerMilliseconds: 20),
            meter: MeterConfiguration(path: directory.file("meter-\(UUID().uuidString).sqlite"), instanceID: "redact"),
            delivery: DeliveryConfiguration(retryMaxMilliseconds: 500, operatorRetryMaxMilliseconds: 500,
                                            shutdownTimeoutMilliseconds: 500),
            metrics: MetricsConfiguration(enabled: true, port: 0, isListenAddressExplicit: true,
                                          kafkaStatisticsIntervalMilliseconds: 200)
        )
    }
}


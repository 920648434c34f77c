import Foundation
import SLS

/// Builds the command line, environment and files of each pipeline's process.
struct PipelineLauncher {
    let tools: ToolPaths
    /// A command to run the bridge under, such as `valgrind --tool=callgrind`; empty for none.
    let bridgePrefix: [String]
    /// YAML appended to the bridge's configuration, for experiments with settings other than the defaults; empty
    /// for none.
    var bridgeExtraConfiguration = ""
    /// The bridge's request signature.
    var signature = SignatureVersion.v1

    /// Returns how to start `kind`. `consumedPartition` receives, for kcat only, the partition of each message kcat
    /// consumed.
    func specification(
        for kind: PipelineKind, endpoints: RunEndpoints, consumedPartition: @escaping @Sendable (Int) -> Void
    ) throws -> ChildProcess.Specification {
        let logPath = "\(endpoints.workDirectory)/\(endpoints.runName).stderr.log"
        let bootstrap = endpoints.bootstrapServers.joined(separator: ",")
        switch kind {
        case .kcat:
            return ChildProcess.Specification(
                executable: tools.kcat,
                // kcat prints each message's partition instead of its value, so that the bench can follow its
                // progress. Writing the values to /dev/null would cost kcat slightly more.
                arguments: [
                    "-b", bootstrap, "-G", endpoints.consumerGroup, "-X", "auto.offset.reset=earliest",
                    "-X", "fetch.wait.max.ms=\(PipelineKind.fetchWaitMaxMilliseconds)",
                    "-c", String(endpoints.messages), "-u", "-f", "%p\\n", endpoints.topic,
                ],
                standardOutputLines: { line in
                    if let partition = Int(line) { consumedPartition(partition) }
                },
                standardErrorLogPath: logPath, readinessMarker: kind.readinessMarker
            )

        case .bridge, .bridgeDryRun:
            let configPath = "\(endpoints.workDirectory)/\(endpoints.runName).yaml"
            try bridgeConfiguration(endpoints).write(toFile: configPath, atomically: true, encoding: .utf8)
            // Like kcat (-c) and the Python scripts (--messages), both stop by themselves after the corpus's
            // message count, each message being one Kafka record.
            let subcommand = [kind == .bridge ? "run" : "dry-run", "--config", configPath,
                              "--max-records", String(endpoints.messages)]
            let command = bridgePrefix + [tools.ehbridge] + subcommand
            return ChildProcess.Specification(
                executable: command[0], arguments: Array(command.dropFirst()),
                environment: [BenchCredentials.secretVariable: BenchCredentials.accessKeySecret],
                standardErrorLogPath: logPath, readinessMarker: kind.readinessMarker
            )

        case .pythonSDK, .pythonSDKPerMessage, .pythonProducer:
            let script = switch kind {
            case .pythonSDKPerMessage: "forward_sdk_per_message.py"
            case .pythonProducer: "forward_producer.py"
            default: "forward_sdk.py"
            }
            let port = endpoints.serverPort.map(String.init) ?? "0"
            var environment = [BenchCredentials.secretVariable: BenchCredentials.accessKeySecret]
            if kind == .pythonProducer {
                // The Rust producer connects to `{project}.{endpoint}`, a name that resolves nowhere. With the local
                // server as its HTTP proxy, the requests reach that server with their full URL instead.
                environment["HTTP_PROXY"] = "http://127.0.0.1:\(port)"
                environment["http_proxy"] = "http://127.0.0.1:\(port)"
                environment["NO_PROXY"] = ""
                environment["no_proxy"] = ""
            }
            return ChildProcess.Specification(
                executable: tools.python,
                arguments: [
                    "\(tools.scriptsDirectory)/\(script)", "--bootstrap-servers", bootstrap,
                    "--topic", endpoints.topic, "--group", endpoints.consumerGroup,
                    "--messages", String(endpoints.messages), "--port", port,
                    "--endpoint", BenchCredentials.endpoint, "--project", endpoints.project,
                    "--logstore", endpoints.logstore, "--access-key-id", BenchCredentials.accessKeyID,
                    "--fetch-wait-max-ms", String(PipelineKind.fetchWaitMaxMilliseconds),
                ],
                environment: environment, standardErrorLogPath: logPath, readinessMarker: kind.readinessMarker
            )
        }
    }

    /// The destination keys for ``signature``: none for v1, the bridge's default.
    private var signatureConfiguration: String {
        switch signature {
        case .v1:
            return ""
        case .v4(let region):
            return "  signature_version: v4\n  region: \(region)"
        }
    }

    /// Returns the bridge's configuration, with defaults everywhere except the source, the local destination, the
    /// meter file and `fetch.wait.max.ms`.
    private func bridgeConfiguration(_ endpoints: RunEndpoints) -> String {
        """
        # Written by ehbridge-bench for one run; defaults apply to every key not listed.
        source:
          bootstrap_servers: [\(endpoints.bootstrapServers.joined(separator: ", "))]
          hub: \(endpoints.topic)
          consumer_group: \(endpoints.consumerGroup)
          start_from: earliest
          kafka_properties:
            fetch.wait.max.ms: "\(PipelineKind.fetchWaitMaxMilliseconds)"
        destination:
          mode: dedicated-channel
          endpoint: \(BenchCredentials.endpoint)
          scheme: http
          connect_address: 127.0.0.1:\(endpoints.serverPort ?? 0)
          project: \(endpoints.project)
          logstore: \(endpoints.logstore)
          access_key_id: \(BenchCredentials.accessKeyID)
          access_key_secret: ${\(BenchCredentials.secretVariable)}
        \(signatureConfiguration)
        meter:
          path: \(endpoints.workDirectory)/\(endpoints.runName).sqlite
          instance_id: bench
        logging:
          level: info
        \(bridgeExtraConfiguration)
        """
    }
}

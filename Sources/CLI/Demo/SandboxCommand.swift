import Bridge
import Core
import Dispatch
import Foundation
import Kafka
import LocalSLS
import SLS
import Storage

/// `ehbridge sandbox`: a local Kafka cluster and a local SLS server to try `run`, `dry-run`, `check` and the
/// other commands against, with a configuration file that points at both.
struct SandboxCommand: Command {
    let name = "sandbox"
    let abstract = "Start a local Kafka cluster and SLS server on 127.0.0.1 and write a configuration for them."
    let usage = "ehbridge sandbox [--dir DIR] [--partitions N] [--messages-per-second N]"
    let discussion = """
        Starts librdkafka's mock cluster (a Kafka protocol peer with consumer groups and commits) and the local \
        SLS-compatible server in this process, writes DIR/bridge.yaml pointing at both, and produces the embedded \
        Azure sample messages at the given rate until SIGINT or SIGTERM. Run `ehbridge run --config DIR/bridge.yaml` \
        in another terminal. Everything listens on 127.0.0.1 and is gone when the sandbox stops. The mock cluster \
        keeps only about 5 MB per partition, so run the bridge while the sandbox produces. After a run of a \
        consumer group stops, the mock cluster delays the next join of that group by about 5 s (the session \
        timeout of the written configuration less one second), and by about 10 s after a run that ended during its \
        join or was stopped with a second signal, so give back-to-back runs a --duration of 20s or more. \
        Each start removes the meter and dead-letter files an earlier sandbox left in DIR, whose cluster is gone, \
        when DIR/bridge.yaml is a sandbox's.
        """
    let options = [
        OptionSpecification("dir", .value(placeholder: "DIR"), help: "Folder for bridge.yaml, the meter and the dead-letter store (default ./sandbox)."),
        OptionSpecification("partitions", .value(placeholder: "N"), help: "Partitions of the topic (default 4)."),
        OptionSpecification("messages-per-second", .value(placeholder: "N"), help: "Sample messages produced per second (default 5; 0 produces none)."),
    ]

    static let topic = "insights-logs-sandbox"
    static let project = "sandbox-project"
    static let logstore = "sandbox-logstore"

    func run(_ arguments: ParsedArguments, context: CommandContext) throws -> ExitCode {
        let directory = arguments.value("dir") ?? "sandbox"
        let partitions = Int32(try arguments.positiveInteger("partitions") ?? 4)
        let rate: Int
        if let text = arguments.value("messages-per-second") {
            guard let value = Int(text), value >= 0 else {
                throw UsageError("--messages-per-second must be 0 or a positive whole number, not `\(text)`.")
            }
            rate = value
        } else {
            rate = 5
        }
        let samples = try DemoSamples.decoded()

        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic(Self.topic, partitions: partitions)
        let server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: DemoRun.accessKeyID, secret: Secret(DemoRun.accessKeySecret))],
            projects: [LocalSLSConfiguration.Project(name: Self.project, logstores: .named([Self.logstore]))],
            keepsRecords: false
        ), logger: .disabled)
        let port = try server.start()
        defer { server.stop() }

        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // The rows of an earlier sandbox name offsets of a cluster that is gone. Kept, they would be priced with the
        // new ones, and a dry run's rows would look like repeats of the same records. Only a folder whose
        // bridge.yaml a sandbox wrote is cleared, so that a meter of a real bridge is never removed.
        let configPath = (directory as NSString).appendingPathComponent("bridge.yaml")
        let earlierConfiguration = try? String(contentsOfFile: configPath, encoding: .utf8)
        let isEarlierSandbox = earlierConfiguration?.hasPrefix(Self.configurationHeader) == true
        // The dead-letter store is removed with the meter, so the message states how many letters went with it.
        // Counted first, since closing the store removes its -wal file.
        let meterPath = (directory as NSString).appendingPathComponent("meter.sqlite")
        var removedDeadLetters = 0
        if isEarlierSandbox, FileManager.default.fileExists(atPath: meterPath),
           let store = try? DeadLetterStore(path: meterPath, logger: .disabled) {
            removedDeadLetters = (try? store.count().values.reduce(0, +)) ?? 0
            store.close()
        }
        let earlierFiles = isEarlierSandbox
            ? ["meter.sqlite", "meter.dry-run.sqlite"].flatMap { [$0, $0 + "-wal", $0 + "-shm", $0 + ".replay-lock"] }
                .map { (directory as NSString).appendingPathComponent($0) }
                .filter { FileManager.default.fileExists(atPath: $0) }
            : []
        for path in earlierFiles {
            try FileManager.default.removeItem(atPath: path)
        }
        try FileAccess.write(configuration(bootstrap: cluster.bootstrapServers, port: port, directory: directory), to: configPath)

        context.output.line("Kafka (librdkafka mock cluster): \(cluster.bootstrapServers.joined(separator: ",")), topic \(Self.topic), \(partitions) partitions")
        context.output.line("SLS (local server): http://127.0.0.1:\(port), project \(Self.project), Logstore \(Self.logstore)")
        context.output.line("Configuration: \(configPath)")
        if !earlierFiles.isEmpty {
            let names = earlierFiles.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            let letters = removedDeadLetters > 0 ? " They held \(removedDeadLetters) dead letters." : ""
            context.output.line("Removed the files an earlier sandbox left in \(directory): \(names).\(letters) Start the "
                + "sandbox with another --dir to keep them.")
        }
        context.output.line("")
        // The path this process was started with, such as .build/release/ehbridge, so that the lines can be pasted.
        let invoked = CommandLine.arguments.first ?? ""
        let program = (invoked as NSString).lastPathComponent == "ehbridge" ? invoked : "ehbridge"
        context.output.line("In another terminal, try:")
        context.output.line("  \(program) check --config \(configPath)")
        context.output.line("  \(program) run --config \(configPath)")
        context.output.line("  \(program) dry-run --config \(configPath) --duration 30s")
        context.output.line("")
        context.output.line("Producing \(rate) sample messages per second; stop with Ctrl-C.")

        let stop = DispatchSemaphore(value: 0)
        let signals = SignalHandlers.install(
            firstSignalMessage: "stopping the sandbox (send the signal again to exit at once)"
        ) { stop.signal() }
        defer { signals.cancel() }

        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers, security: .plaintext),
            logger: .disabled
        )
        defer { producer.close() }
        var produced = 0
        while stop.wait(timeout: .now() + .seconds(1)) == .timedOut {
            for index in 0..<rate {
                let sample = samples[(produced + index) % samples.count]
                try producer.produce(topic: Self.topic, value: DemoRun.varied(sample.bytes, round: produced + index),
                                     partition: Int32((produced + index) % Int(partitions)))
            }
            produced += rate
        }
        _ = try producer.flush(timeout: .seconds(5))
        let totals = server.totals(project: Self.project, logstore: Self.logstore)
        context.output.line("")
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        context.output.line("Sandbox stopped: \(counted(produced, "sample message")) produced; the SLS server accepted "
            + "\(counted(totals.logs, "log")) in \(counted(totals.requests, "request")) (\(totals.compressedBytes) bytes "
            + "compressed, \(totals.rawBytes) raw).")
        return .success
    }

    /// The start of the first line of every configuration a sandbox writes.
    static let configurationHeader = "# Written by `ehbridge sandbox`"

    private func configuration(bootstrap: [String], port: UInt16, directory: String) -> String {
        """
        \(Self.configurationHeader) for its local Kafka cluster and SLS server; valid while the sandbox runs.
        source:
          bootstrap_servers: [\(bootstrap.joined(separator: ", "))]
          hub: \(Self.topic)
          consumer_group: ehbridge-sandbox
          # The lowest value allowed. After a run stops, the mock cluster delays the next join of its group by
          # this less one second.
          session_timeout_ms: 6000
          heartbeat_interval_ms: 1000
        destination:
          mode: user-log-service
          # A name that never resolves (RFC 2606 reserves .invalid), so that this file cannot reach a real
          # endpoint, even without connect_address. Requests carry Host: <project>.sls.sandbox.invalid.
          endpoint: sls.sandbox.invalid
          # Plain HTTP, for the local server only.
          scheme: http
          connect_address: 127.0.0.1:\(port)
          project: \(Self.project)
          logstore: \(Self.logstore)
          access_key_id: \(DemoRun.accessKeyID)
          access_key_secret: \(DemoRun.accessKeySecret)
        batching:
          linger_ms: 500
        meter:
          path: meter.sqlite
        metrics:
          listen: 127.0.0.1:0

        """
    }
}

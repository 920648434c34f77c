import Bridge
import Core
import Foundation
import Kafka
import LocalSLS
import SLS
import Storage

/// The steps of `ehbridge demo`, separate from the command so that tests can run them in-process.
struct DemoRun {
    /// The demo's two destinations on the local server, one per mode.
    static let destinations: [(mode: DestinationMode, project: String, logstore: String)] = [
        (.dedicatedChannel, "ctdr-dedicated-demo", "azure-activity"),
        (.userLogService, "user-sls-demo", "azure-activity"),
    ]
    static let topic = "insights-logs-demo"
    static let partitions: Int32 = 4
    static let accessKeyID = "demo-access-key-id"
    /// A fixed secret for the local server only; it opens nothing outside this process.
    static let accessKeySecret = "demo-access-key-secret-local-only"
    /// A real SLS endpoint name: requests carry `Host: {project}.cn-shanghai.log.aliyuncs.com` but go to
    /// the local server on 127.0.0.1.
    static let endpoint = "cn-shanghai.log.aliyuncs.com"

    struct ModeResult {
        var mode: DestinationMode
        var project: String
        var logstore: String
        var summary: RunSummary
        /// The totals the local server stored for this project and Logstore.
        var server: LocalSLSTotals
        /// Totals of the meter rows of this mode.
        var meter: MeterAmounts
        var verified: Bool
    }

    struct Result {
        var messagesProduced: Int
        var rawBytesProduced: Int
        var modes: [ModeResult]
        /// The dry run over the same messages, which metered both modes without sending.
        var dryRun: RunSummary
        var allVerified: Bool { modes.allSatisfy(\.verified) && dryRun.consumed == messagesProduced && dryRun.reconciles }
    }

    let rounds: Int
    let meterPath: String
    let logger: Logger
    let output: any TextOutput

    func run() throws -> Result {
        let samples = try DemoSamples.decoded()
        output.line("Starting librdkafka's mock cluster and the local SLS server on 127.0.0.1 ...")
        let cluster = try KafkaMockCluster(brokers: 1, logger: logger.child(label: "mock-cluster"))
        defer { cluster.close() }
        try cluster.createTopic(Self.topic, partitions: Self.partitions)

        let server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: Self.accessKeyID, secret: Secret(Self.accessKeySecret))],
            projects: Self.destinations.map { LocalSLSConfiguration.Project(name: $0.project, logstores: .named([$0.logstore])) }
        ), logger: logger.child(label: "local-sls"))
        let port = Int(try server.start())
        defer { server.stop() }

        let produced = try produce(samples, to: cluster)
        output.line("Produced \(produced.messages) messages (\(produced.bytes) bytes, \(samples.count) Azure samples x \(rounds) rounds) to \(Self.topic) over \(Self.partitions) partitions.")

        var results: [ModeResult] = []
        for destination in Self.destinations {
            let configuration = configuration(for: destination, bootstrap: cluster.bootstrapServers, port: port)
            output.line("")
            output.line("Forwarding in mode \(destination.mode.rawValue) to project \(destination.project), Logstore \(destination.logstore) ...")
            let service = BridgeService(configuration: configuration, logger: logger.child(label: "bridge"),
                                        drainTimeoutMilliseconds: 30_000)
            let summary = try service.run(limits: RunLimits(maxRecords: produced.messages, durationMilliseconds: 120_000))
            for line in summary.lines { output.line("  " + line) }

            let meter = try meterAmounts(mode: destination.mode)
            let stored = server.totals(project: destination.project, logstore: destination.logstore)
            let checks = [
                summary.consumed == produced.messages, summary.reconciles,
                Int64(stored.logs) == meter.entries, Int64(stored.requests) == meter.requests,
                Int64(stored.compressedBytes) == meter.compressedBytes, Int64(stored.rawBytes) == meter.normalizedBytes,
                meter.rawBytes == Int64(produced.bytes - produced.emptyBytes),
            ]
            let verified = !checks.contains(false)
            output.line("  server stored \(stored.logs) logs in \(stored.requests) requests (\(stored.compressedBytes) bytes compressed, \(stored.rawBytes) bytes raw)")
            output.line("  meter recorded \(meter.entries) entries in \(meter.requests) requests (\(meter.compressedBytes) bytes compressed, \(meter.normalizedBytes) bytes normalized, \(meter.rawBytes) bytes from Kafka)")
            output.line("  server and meter agree: \(verified ? "yes" : "NO")")
            results.append(ModeResult(mode: destination.mode, project: destination.project, logstore: destination.logstore,
                                      summary: summary, server: stored, meter: meter, verified: verified))
        }
        output.line("")
        output.line("Dry run: metering both modes without sending, as consumer group ehbridge-demo-dry-run ...")
        var dryRunConfiguration = configuration(for: Self.destinations[0], bootstrap: cluster.bootstrapServers, port: port)
        dryRunConfiguration.source.consumerGroup = "ehbridge-demo"
        let dryRun = try BridgeService(configuration: dryRunConfiguration, kind: .dryRun,
                                       logger: logger.child(label: "bridge"), drainTimeoutMilliseconds: 30_000)
            .run(limits: RunLimits(maxRecords: produced.messages, durationMilliseconds: 120_000))
        for line in dryRun.lines { output.line("  " + line) }

        return Result(messagesProduced: produced.messages, rawBytesProduced: produced.bytes, modes: results,
                      dryRun: dryRun)
    }

    /// The sample's GUIDs follow the pattern `00000000-0000-4000-8000-…`. Later rounds replace the first group
    /// with a value of the round, so that repeated samples do not compress far better than real traffic
    /// would. The replacement has the same length and keeps every other byte (the BOM, the invalid JSON).
    static func varied(_ bytes: [UInt8], round: Int) -> [UInt8] {
        guard round > 0 else { return bytes }
        let pattern = Array("00000000-0000-4000-8000-".utf8)
        var output = bytes
        var index = 0
        var occurrence = 0
        while index + pattern.count <= output.count {
            if output[index..<(index + pattern.count)].elementsEqual(pattern) {
                occurrence += 1
                var mixer = UInt32(truncatingIfNeeded: round &* 2_654_435_761 &+ occurrence &* 40_503)
                for position in 0..<8 {
                    output[index + position] = Array("0123456789abcdef".utf8)[Int(mixer & 0xF)]
                    mixer >>= 4
                }
                index += pattern.count
            } else {
                index += 1
            }
        }
        return output
    }

    private func meterAmounts(mode: DestinationMode) throws -> MeterAmounts {
        let reader = try MeterReader(paths: [meterPath])
        defer { reader.close() }
        var amounts = MeterAmounts()
        for row in try reader.totals() where row.mode.rawValue == mode.rawValue && row.delivery == .sent {
            amounts.add(row.amounts)
        }
        return amounts
    }

    private func produce(_ samples: [(name: String, bytes: [UInt8])], to cluster: KafkaMockCluster) throws
        -> (messages: Int, bytes: Int, emptyBytes: Int)
    {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers, security: .plaintext),
            logger: logger.child(label: "producer")
        )
        defer { producer.close() }
        var messages = 0
        var bytes = 0
        var emptyBytes = 0
        for round in 0..<rounds {
            for (index, sample) in samples.enumerated() {
                let partition = Int32((round * samples.count + index) % Int(Self.partitions))
                let value = Self.varied(sample.bytes, round: round)
                try producer.produce(topic: Self.topic, value: value, key: Array(sample.name.utf8), partition: partition)
                messages += 1
                bytes += value.count
                if sample.name.contains("empty") { emptyBytes += sample.bytes.count }
            }
        }
        let report = try producer.flush(timeout: .seconds(30))
        guard report.failedCount == 0 else { throw DemoError.produceFailed(report.failures.first.map { "\($0)" } ?? "unknown") }
        return (messages, bytes, emptyBytes)
    }

    private func configuration(
        for destination: (mode: DestinationMode, project: String, logstore: String), bootstrap: [String], port: Int
    ) -> BridgeConfiguration {
        BridgeConfiguration(
            source: SourceConfiguration(
                connection: .plaintextKafka, topics: [Self.topic], consumerGroup: "ehbridge-demo-\(destination.mode.rawValue)",
                bootstrapServers: bootstrap, startFrom: .earliest
            ),
            destination: DestinationConfiguration(
                mode: destination.mode, endpoint: Self.endpoint, scheme: .http, connectAddress: "127.0.0.1:\(port)",
                project: destination.project, logstore: destination.logstore, accessKeyID: Self.accessKeyID,
                accessKeySecret: Secret(Self.accessKeySecret)
            ),
            batching: BatchingConfiguration(maxEntries: 4096, maxBytes: 524_288, lingerMilliseconds: 200),
            meter: MeterConfiguration(path: meterPath, instanceID: "demo"),
            pricing: PricingConfiguration(egressSampleIntervalMilliseconds: 1_000)
        )
    }
}

extension DemoSamples {
    static func decoded() throws -> [(name: String, bytes: [UInt8])] {
        try encoded.map { sample in
            guard let data = Data(base64Encoded: sample.base64) else {
                throw DemoError.corruptSample(sample.name)
            }
            return (sample.name, Array(data))
        }
    }
}

enum DemoError: Error, CustomStringConvertible {
    case corruptSample(String)
    case produceFailed(String)

    var description: String {
        switch self {
        case .corruptSample(let name): "the embedded sample \(name) is not valid base64; regenerate it with scripts/embed-demo-samples.py"
        case .produceFailed(let detail): "producing the samples to the mock cluster failed: \(detail)"
        }
    }
}

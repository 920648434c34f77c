import AzureLogs
import Core
import Foundation
import Kafka
import LocalSLS
import SLS
import Storage
@testable import Bridge

/// A mock Kafka cluster, a local SLS server and a meter file, all private to one test.
final class BridgeTestHarness: @unchecked Sendable {
    static let accessKeyID = "test-access-key-id"
    static let accessKeySecret = "test-access-key-secret-harness"
    static let project = "test-project"
    static let logstore = "test-logstore"
    static let endpoint = "cn-shanghai.log.aliyuncs.com"

    let topic: String
    let partitions: Int32
    let cluster: KafkaMockCluster
    private(set) var server: LocalSLSServer
    /// Servers replaced by ``restartServer()``; what they stored still counts.
    private(set) var retiredServers: [LocalSLSServer] = []
    let port: UInt16
    let serverConfiguration: LocalSLSConfiguration
    let directory: String
    let logger: Logger
    let logSink = CapturingLogSink()

    init(
        topic: String = "insights-logs-test", partitions: Int32 = 3, brokers: Int = 1, maxRawBodyBytes: Int? = nil
    ) throws {
        self.topic = topic
        self.partitions = partitions
        self.logger = Logger(label: "test", minimumLevel: .info, sink: logSink)
        cluster = try KafkaMockCluster(brokers: brokers, logger: .disabled)
        try cluster.createTopic(topic, partitions: partitions)
        var serverConfiguration = LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: Self.accessKeyID, secret: Secret(Self.accessKeySecret))],
            projects: [LocalSLSConfiguration.Project(name: Self.project, logstores: .named([Self.logstore]))]
        )
        if let maxRawBodyBytes { serverConfiguration.maxRawBodyBytes = maxRawBodyBytes }
        server = LocalSLSServer(configuration: serverConfiguration, logger: .disabled)
        port = try server.start()
        serverConfiguration.port = port
        self.serverConfiguration = serverConfiguration
        directory = try PackagePaths.temporaryDirectory("harness")
    }

    deinit {
        server.stop()
        for retired in retiredServers { retired.stop() }
        cluster.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var meterPath: String { directory + "/meter.sqlite" }

    /// Produces `values` round-robin over the partitions and waits for delivery; returns the records'
    /// partitions in produce order.
    @discardableResult
    func produce(_ values: [[UInt8]?], firstPartition: Int = 0, headers: [KafkaHeader] = []) throws -> [Int32] {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers, security: .plaintext),
            logger: .disabled
        )
        defer { producer.close() }
        var used: [Int32] = []
        for (index, value) in values.enumerated() {
            let partition = Int32((firstPartition + index) % Int(partitions))
            try producer.produce(topic: topic, value: value, partition: partition, headers: headers)
            used.append(partition)
        }
        let report = try producer.flush(timeout: .seconds(30))
        precondition(report.failedCount == 0, "producing test records failed: \(report.failures)")
        return used
    }

    /// Stops the local SLS server: the Logstore becomes unreachable (connections are refused).
    func stopServer() {
        server.stop()
    }

    /// Starts a new server on the same port, after ``stopServer()``.
    func restartServer() throws {
        retiredServers.append(server)
        server = LocalSLSServer(configuration: serverConfiguration, logger: .disabled)
        try server.start()
    }

    /// Retry delays short enough for tests; the rules are the production ones.
    static let fastDelivery = DeliveryConfiguration(
        retryBaseMilliseconds: 20, retryMaxMilliseconds: 400, operatorRetryMaxMilliseconds: 300, shutdownTimeoutMilliseconds: 20_000
    )

    func configuration(
        mode: DestinationMode = .userLogService, group: String = "ehbridge-test",
        batching: BatchingConfiguration = BatchingConfiguration(maxEntries: 4096, maxBytes: 524_288, lingerMilliseconds: 100),
        maxConcurrentRequests: Int = 4, delivery: DeliveryConfiguration = BridgeTestHarness.fastDelivery
    ) -> BridgeConfiguration {
        BridgeConfiguration(
            source: SourceConfiguration(
                connection: .plaintextKafka, topics: [topic], consumerGroup: group,
                bootstrapServers: cluster.bootstrapServers, startFrom: .earliest,
                sessionTimeoutMilliseconds: 6_000, heartbeatIntervalMilliseconds: 500
            ),
            destination: DestinationConfiguration(
                mode: mode, endpoint: Self.endpoint, scheme: .http, connectAddress: "127.0.0.1:\(port)",
                project: Self.project, logstore: Self.logstore, accessKeyID: Self.accessKeyID,
                accessKeySecret: Secret(Self.accessKeySecret), maxConcurrentRequests: maxConcurrentRequests
            ),
            batching: batching,
            meter: MeterConfiguration(path: meterPath, instanceID: "test"),
            delivery: delivery
        )
    }

    /// The offsets committed for `group`, per partition of the topic.
    func committedOffsets(group: String) throws -> [Int32: Int64] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: group, security: .plaintext),
            logger: .disabled
        )
        defer { consumer.close() }
        let partitions = (0..<partitions).map { TopicPartition(topic: topic, partition: $0) }
        let committed = try consumer.committed(for: partitions, timeout: .seconds(10))
        return Dictionary(uniqueKeysWithValues: committed.map { ($0.key.partition, $0.value) })
    }

    /// The high watermark (next offset to be written) of each partition.
    func endOffsets() throws -> [Int32: Int64] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: "watermarks", security: .plaintext),
            logger: .disabled
        )
        defer { consumer.close() }
        var offsets: [Int32: Int64] = [:]
        for partition in 0..<partitions {
            offsets[partition] = try consumer.watermarks(topic: topic, partition: partition, timeout: .seconds(10)).high
        }
        return offsets
    }

    /// Every log the server accepted, as comparable text without the time fields that depend on when
    /// records were produced or read.
    func storedEntryFingerprints() -> [String] {
        (retiredServers + [server]).flatMap { server in
            server.logGroups(project: Self.project, logstore: Self.logstore).flatMap { group in
                group.logs.map(Self.fingerprint)
            }
        }.sorted()
    }

    /// Logs stored by every server this harness started.
    var storedLogCount: Int {
        (retiredServers + [server]).reduce(0) { $0 + $1.totals(project: Self.project, logstore: Self.logstore).logs }
    }

    /// The dead letters in the meter file.
    func deadLetters() throws -> [DeadLetter] {
        let store = try DeadLetterStore(path: meterPath, logger: .disabled)
        defer { store.close() }
        return try store.list(limit: 100_000)
    }

    /// Checks that every entry of `values` reached the Logstore or the dead-letter store at least once.
    /// Returns the expected fingerprints that are missing (empty when nothing was lost).
    func missingEntries(of values: [[UInt8]?]) throws -> [String] {
        var available: [String: Int] = [:]
        for fingerprint in storedEntryFingerprints() { available[fingerprint, default: 0] += 1 }
        for fingerprint in Self.expectedFingerprints(try deadLetters().map(\.kafkaValue)) {
            available[fingerprint, default: 0] += 1
        }
        var missing: [String] = []
        for fingerprint in Self.expectedFingerprints(values) {
            if let count = available[fingerprint], count > 0 {
                available[fingerprint] = count - 1
            } else {
                missing.append(fingerprint)
            }
        }
        return missing
    }

    /// Waits until `condition` holds or `seconds` pass; returns whether it held.
    @discardableResult
    func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }

    /// The entries the normalizer makes of `values`, as fingerprints comparable with ``storedEntryFingerprints()``.
    static func expectedFingerprints(_ values: [[UInt8]?]) -> [String] {
        let normalizer = AzureLogNormalizer()
        let context = MessageContext(kafkaTimestampMilliseconds: 0, receivedAtMilliseconds: 0)
        return values.flatMap { normalizer.normalize($0, context: context).entries.map(fingerprint) }.sorted()
    }

    static func fingerprint(_ entry: LogEntry) -> String {
        entry.contents.filter { !$0.key.hasPrefix("ehb_time") && !$0.key.hasPrefix("ehb_kafka") }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1}")
    }

    /// Sums the meter rows of every mode and delivery.
    func meterAmounts(delivery: MeterDelivery = .sent) throws -> MeterAmounts {
        let reader = try MeterReader(paths: [meterPath])
        defer { reader.close() }
        var amounts = MeterAmounts()
        for row in try reader.totals() where row.delivery == delivery { amounts.add(row.amounts) }
        return amounts
    }
}

import Kafka
import Testing

extension KafkaMockCluster {
    /// Returns a mock cluster whose topic contains `count` one-record audit messages, spread over its partitions.
    static func withAuditMessages(topic: String, partitions: Int32, count: Int) throws -> KafkaMockCluster {
        let cluster = try KafkaMockCluster(brokers: 1)
        try cluster.createTopic(topic, partitions: partitions)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers, security: .plaintext),
            logger: .disabled
        )
        defer { producer.close() }
        let message = #"{"records":[{"time":"2026-03-01T10:00:00Z","category":"Audit","operationName":"Read"}]}"#
        for index in 0..<count {
            try producer.produce(topic: topic, value: Array(message.utf8), key: nil, partition: Int32(index) % partitions)
        }
        #expect(try producer.flush(timeout: .seconds(20)).failedCount == 0)
        return cluster
    }
}

/// Bridge configurations that `run` and `dry-run` tests write for a mock cluster.
enum BridgeCommandConfiguration {
    /// Destination keys of a dry run, which never writes to its Logstore.
    static let dryRunDestination = [
        "mode: dedicated-channel", "endpoint: cn-shanghai.log.aliyuncs.com", "project: never-written",
        "logstore: never-written", "access_key_id: id", "access_key_secret: not-used-by-a-dry-run",
    ]

    /// Writes `bridge.yaml` into `folder` and returns its path. The source reads `hub` of `cluster` as `group`,
    /// the meter goes to `meter.sqlite` in `folder`, the operations endpoint listens on a free loopback port, and
    /// logging is at the error level. `destination` lists the destination's `key: value` lines, and `sections` adds
    /// further sections in order, such as `batching`.
    static func write(
        in folder: TemporaryFolder, cluster: KafkaMockCluster, hub: String, group: String, destination: [String],
        sections: [(name: String, lines: [String])] = []
    ) throws -> String {
        var lines = [
            "source:",
            "  bootstrap_servers: \(cluster.bootstrapServers.joined(separator: ","))",
            "  hub: \(hub)",
            "  consumer_group: \(group)",
            "destination:",
        ]
        lines += destination.map { "  " + $0 }
        for section in sections {
            lines.append("\(section.name):")
            lines += section.lines.map { "  " + $0 }
        }
        lines += ["meter:", "  path: \(folder.path("meter.sqlite"))", "  instance_id: \(group)", "logging:", "  level: error"]
        // The default address, 127.0.0.1:9599, would be taken by whichever test of a parallel run came first.
        lines += ["metrics:", "  listen: 127.0.0.1:0"]

        let path = folder.path("bridge.yaml")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

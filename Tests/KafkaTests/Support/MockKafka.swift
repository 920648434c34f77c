import Core
import Kafka

/// Shared set-up for tests against librdkafka's mock cluster.
enum MockKafka {
    /// Returns a consumer configuration with short timings, so that group joins and rebalances take seconds.
    static func consumerConfiguration(
        _ cluster: KafkaMockCluster,
        group: String,
        strategy: KafkaConsumerConfiguration.PartitionAssignmentStrategy = .range
    ) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            bootstrapServers: cluster.bootstrapServers,
            groupID: group,
            security: .plaintext,
            clientID: "kafka-tests",
            partitionAssignmentStrategy: strategy,
            sessionTimeout: .seconds(3),
            heartbeatInterval: .milliseconds(100),
            maxPollInterval: .seconds(30),
            autoCommitInterval: .milliseconds(500),
            statisticsInterval: nil
        )
    }

    static func producer(_ cluster: KafkaMockCluster) throws -> KafkaProducer {
        try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                bootstrapServers: cluster.bootstrapServers, security: .plaintext, linger: .milliseconds(1)
            ),
            logger: .disabled
        )
    }

    /// Produces `count` records to each of `partitions` partitions of `topic` and waits for delivery.
    /// Record `i` of partition `p` has key `key-p-i`, value `value-p-i` and a header `index` with `i`.
    static func produce(
        _ cluster: KafkaMockCluster, topic: String, partitions: Int32, count: Int, firstIndex: Int = 0
    ) throws {
        let producer = try producer(cluster)
        defer { producer.close() }

        for partition in 0..<partitions {
            for index in firstIndex..<(firstIndex + count) {
                try producer.produce(
                    topic: topic,
                    value: Array("value-\(partition)-\(index)".utf8),
                    key: Array("key-\(partition)-\(index)".utf8),
                    partition: partition,
                    headers: [KafkaHeader(name: "index", value: Array(String(index).utf8))]
                )
            }
        }
        let report = try producer.flush(timeout: .seconds(20))
        guard report.failedCount == 0 else {
            throw KafkaError(code: .messageTimedOut, message: "test set-up: \(report.failedCount) records failed")
        }
    }

    /// Polls until `isDone` accepts the records collected so far, or until `maxPolls` polls of `timeout`
    /// each have passed, and returns the records collected.
    static func poll(
        _ consumer: KafkaConsumer,
        maxPolls: Int = 150,
        timeout: Duration = .milliseconds(200),
        until isDone: ([KafkaRecord]) -> Bool
    ) throws -> [KafkaRecord] {
        var records: [KafkaRecord] = []
        for _ in 0..<maxPolls {
            if isDone(records) { break }
            records += try consumer.poll(maxRecords: 100, timeout: timeout)
        }
        return records
    }

    /// Polls, discarding records, until the consumer has an assignment or `maxPolls` polls have passed.
    static func waitForAssignment(_ consumer: KafkaConsumer, maxPolls: Int = 150) throws -> [TopicPartition] {
        for _ in 0..<maxPolls {
            let assignment = try consumer.assignment()
            if !assignment.isEmpty { return assignment }
            _ = try consumer.poll(maxRecords: 1, timeout: .milliseconds(200))
        }
        return try consumer.assignment()
    }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}

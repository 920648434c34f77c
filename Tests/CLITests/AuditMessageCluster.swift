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

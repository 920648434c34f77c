import Core
import Kafka
import Testing

@Suite("KafkaProducer and KafkaMockCluster")
struct KafkaProducerTests {
    @Test func flushReportsDeliveryFailure() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 1)
        let producer = try MockKafka.producer(cluster)
        defer { producer.close() }

        let report = try await onDedicatedThread {
            try producer.produce(topic: "logs", value: Array("ok".utf8), partition: 0)
            try producer.flush(timeout: .seconds(20))
            try cluster.pushRequestErrors(apiKey: .produce, errors: [.topicAuthorizationFailed])
            try producer.produce(topic: "logs", value: Array("denied".utf8), partition: 0)
            return try producer.flush(timeout: .seconds(20))
        }

        #expect(report.deliveredCount == 0)
        #expect(report.failedCount == 1)
        #expect(report.failures.first?.code == .topicAuthorizationFailed)
        #expect(report.failures.first?.topicPartition == TopicPartition(topic: "logs", partition: 0))
    }

    @Test func metadataListsTheTopicsPartitions() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 4)
        let producer = try MockKafka.producer(cluster)
        defer { producer.close() }

        let metadata = try await onDedicatedThread { try producer.metadata(topic: "logs", timeout: .seconds(20)) }

        #expect(metadata.error == nil)
        #expect(metadata.partitionCount == 4)
        #expect(metadata.brokers == cluster.bootstrapServers)
    }

    @Test func closedProducerThrows() throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        let producer = try MockKafka.producer(cluster)

        producer.close()
        producer.close()

        #expect(throws: KafkaError.self) { try producer.produce(topic: "logs", value: nil) }
        #expect(throws: KafkaError.self) { try producer.flush(timeout: .zero) }
        #expect(throws: KafkaError.self) { try producer.metadata(topic: "logs", timeout: .zero) }
    }

    @Test func producerRejectsOwnedPassthroughKey() {
        let configuration = KafkaProducerConfiguration(
            bootstrapServers: ["127.0.0.1:9092"], security: .plaintext, additionalProperties: ["dr_msg_cb": "x"]
        )

        #expect(throws: KafkaConfigurationError.self) { try configuration.validate() }
    }

    @Test func mockClusterListsOneLoopbackServerPerBroker() throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        defer { cluster.close() }

        #expect(cluster.bootstrapServers.count == 3)
        #expect(cluster.bootstrapServers.allSatisfy { $0.hasPrefix("127.0.0.1:") })
    }

    @Test func mockClusterRejectsUseAfterClose() throws {
        let cluster = try KafkaMockCluster(brokers: 1)

        cluster.close()
        cluster.close()

        #expect(throws: KafkaError.self) { try cluster.createTopic("logs", partitions: 1) }
        #expect(throws: KafkaError.self) { try cluster.setBrokerDown(1) }
    }

    @Test func mockClusterNeedsABroker() {
        #expect(throws: KafkaError.self) { _ = try KafkaMockCluster(brokers: 0) }
    }
}

import Core
import Foundation
import Kafka
import Testing

@Suite("KafkaConsumer against the mock cluster")
struct KafkaConsumerTests {
    /// The AMQP encoding of the string "hello" (str8: type byte 0xA1, length 5), as Event Hubs passes on
    /// application properties of AMQP producers; not valid UTF-8.
    static let amqpHello: [UInt8] = [0xA1, 0x05, 0x68, 0x65, 0x6C, 0x6C, 0x6F]

    @Test func pollReturnsEveryRecordWithItsFields() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 3)

        let producer = try MockKafka.producer(cluster)
        for partition: Int32 in 0..<3 {
            for index in 0..<10 {
                try producer.produce(
                    topic: "logs",
                    value: Array("value-\(partition)-\(index)".utf8),
                    key: Array("key-\(partition)-\(index)".utf8),
                    partition: partition,
                    headers: [
                        KafkaHeader(name: "amqp", value: Self.amqpHello),
                        KafkaHeader(name: "index", value: Array(String(index).utf8)),
                    ]
                )
            }
        }
        try producer.produce(topic: "logs", value: nil, key: nil, partition: 0)
        try producer.produce(topic: "logs", value: [], key: [], partition: 0, headers: [KafkaHeader(name: "null", value: nil)])
        let report = try producer.flush(timeout: .seconds(20))
        producer.close()
        #expect(report.deliveredCount == 32)
        #expect(report.failedCount == 0)

        let records = try await onDedicatedThread {
            let consumer = try KafkaConsumer(
                configuration: MockKafka.consumerConfiguration(cluster, group: "reader"), logger: .disabled
            )
            defer { consumer.close() }
            try consumer.subscribe(topics: ["logs"])
            return try MockKafka.poll(consumer) { $0.count >= 32 }
        }

        #expect(records.count == 32)
        let byPosition = Dictionary(grouping: records) { TopicPartitionOffset(after: $0) }
        #expect(byPosition.count == 32, "no record is returned twice")

        for partition: Int32 in 0..<3 {
            let offsets = records.filter { $0.partition == partition }.map(\.offset)
            let expectedCount = partition == 0 ? 12 : 10
            #expect(offsets == Array(0..<Int64(expectedCount)), "partition \(partition) in offset order")
        }
        for record in records where record.offset < 10 {
            #expect(record.topic == "logs")
            #expect(record.key?.text == "key-\(record.partition)-\(record.offset)")
            #expect(record.value?.text == "value-\(record.partition)-\(record.offset)")
            #expect(record.headers == [
                KafkaHeader(name: "amqp", value: Self.amqpHello),
                KafkaHeader(name: "index", value: Array(String(record.offset).utf8)),
            ])
            #expect(record.timestamp?.kind == .createTime)
            #expect((record.timestamp?.milliseconds ?? 0) > 1_600_000_000_000)
        }

        let nullRecord = try #require(records.first { $0.partition == 0 && $0.offset == 10 })
        #expect(nullRecord.value == nil)
        #expect(nullRecord.key == nil)
        #expect(nullRecord.headers.isEmpty)

        let emptyRecord = try #require(records.first { $0.partition == 0 && $0.offset == 11 })
        #expect(emptyRecord.value == [])
        #expect(emptyRecord.key == [])
        #expect(emptyRecord.headers == [KafkaHeader(name: "null", value: nil)])
    }
}

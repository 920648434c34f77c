import Core
import Foundation
import Kafka
import Testing

@Suite("KafkaConsumer through broker outages")
struct KafkaBrokerOutageTests {
    @Test func brokerOutageStillYieldsEveryRecord() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 3)
        try cluster.setBrokerRoundTripTime(-1, milliseconds: 20)
        try MockKafka.produce(cluster, topic: "logs", partitions: 3, count: 20)

        let consumer = try KafkaConsumer(
            configuration: MockKafka.consumerConfiguration(cluster, group: "outage"), logger: .disabled
        )
        defer { consumer.close() }
        let producer = try MockKafka.producer(cluster)
        defer { producer.close() }

        let (records, report) = try await onDedicatedThread {
            try consumer.subscribe(topics: ["logs"])
            var records = try MockKafka.poll(consumer) { $0.count >= 60 }

            // Every broker drops its connections; records produced meanwhile wait in the producer's queue.
            try cluster.setBrokerDown(-1)
            for partition: Int32 in 0..<3 {
                for index in 20..<40 {
                    try producer.produce(
                        topic: "logs", value: Array("value-\(partition)-\(index)".utf8), partition: partition
                    )
                }
            }
            for _ in 0..<10 {
                records += try consumer.poll(maxRecords: 100, timeout: .milliseconds(100))
            }

            try cluster.setBrokerUp(-1)
            let report = try producer.flush(timeout: .seconds(30))
            // Count distinct positions: after the outage librdkafka may fetch some records again.
            let before = records
            records += try MockKafka.poll(consumer) { more in
                Set((before + more).map { "\($0.partition)/\($0.offset)" }).count >= 120
            }
            return (records, report)
        }

        #expect(report.deliveredCount == 60)
        #expect(report.failedCount == 0)
        for partition: Int32 in 0..<3 {
            let offsets = Set(records.filter { $0.partition == partition }.map(\.offset))
            #expect(offsets == Set(0..<40), "every offset of partition \(partition) was read")
        }
        for record in records {
            #expect(record.value?.text == "value-\(record.partition)-\(record.offset)")
        }
    }
}

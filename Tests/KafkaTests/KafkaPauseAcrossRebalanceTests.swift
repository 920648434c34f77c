import Core
import Foundation
import Kafka
import Testing

/// A paused partition that a rebalance takes away and gives back. librdkafka 2.0.2 alone keeps it paused, while the
/// bridge's flow control stops tracking revoked partitions, so the consumer resumes a partition before releasing it.
@Suite("KafkaConsumer pause state across rebalances")
struct KafkaPauseAcrossRebalanceTests {
    /// With the pause or without it (the control case), the member reads all ten records after the reassignment.
    @Test(arguments: [true, false])
    func reassignedPartitionsStartUnpaused(paused: Bool) async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 2)
        let configuration = MockKafka.consumerConfiguration(cluster, group: "pausing")
        let first = try KafkaConsumer(configuration: configuration, logger: .disabled)
        defer { first.close() }

        let outcome = try await onDedicatedThread { () throws -> (assignedBack: [TopicPartition], read: Int) in
            try first.subscribe(topics: ["logs"])
            let assigned = try MockKafka.waitForAssignment(first)
            if paused {
                try first.pause(assigned)
            }

            // A second member joins and leaves, so every partition is revoked and assigned again.
            let second = try KafkaConsumer(configuration: configuration, logger: .disabled)
            try second.subscribe(topics: ["logs"])
            for _ in 0..<300 {
                _ = try first.poll(maxRecords: 100, timeout: .milliseconds(50))
                _ = try second.poll(maxRecords: 100, timeout: .milliseconds(50))
                if try second.assignment().count == 1 && first.assignment().count == 1 { break }
            }
            second.close()
            for _ in 0..<300 {
                _ = try first.poll(maxRecords: 100, timeout: .milliseconds(50))
                if try first.assignment().count == 2 { break }
            }

            try MockKafka.produce(cluster, topic: "logs", partitions: 2, count: 5)
            let read = try MockKafka.poll(first, maxPolls: 15, timeout: .milliseconds(200)) { $0.count >= 10 }
            return (try first.assignment().sorted(), read.count)
        }

        #expect(outcome.assignedBack.count == 2)
        #expect(outcome.read == 10, "read \(outcome.read) records")
    }
}

import Core
import Foundation
import Kafka
import Testing

@Suite("KafkaConsumer against the mock cluster")
struct KafkaConsumerTests {
    /// The AMQP encoding of the string "hello" (str8: type byte 0xA1, then the length 5). Event Hubs passes
    /// application properties of AMQP producers on in this form, which is not valid UTF-8.
    static let amqpHello: [UInt8] = [0xA1, 0x05, 0x68, 0x65, 0x6C, 0x6C, 0x6F]

    /// ehbridge's smallest `delivery.fetch_max_kbytes` (1 MiB) gives a fetch.max.bytes that librdkafka accepts when
    /// it creates the consumer (it must not be below message.max.bytes), and the consumer still reads partitions
    /// that together contain more than one response can carry.
    @Test func smallestFetchBoundReadsEveryRecord() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 3)
        let producer = try MockKafka.producer(cluster)
        for partition: Int32 in 0..<3 {
            for index in 0..<6 {
                try producer.produce(topic: "logs", value: Array(repeating: UInt8(ascii: "a"), count: 200_000),
                                     key: Array("\(partition)-\(index)".utf8), partition: partition)
            }
        }
        #expect(try producer.flush(timeout: .seconds(20)).deliveredCount == 18)
        producer.close()

        var configuration = MockKafka.consumerConfiguration(cluster, group: "small-fetch")
        configuration.fetchMaxBytes = 1_048_576
        let records = try await onDedicatedThread { [configuration] in
            let consumer = try KafkaConsumer(configuration: configuration, logger: .disabled)
            defer { consumer.close() }
            try consumer.subscribe(topics: ["logs"])
            return try MockKafka.poll(consumer) { $0.count >= 18 }
        }

        #expect(records.count == 18)
        #expect(Set(records.compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } }).count == 18)
        #expect(records.allSatisfy { $0.value?.count == 200_000 })
    }

    @Test func pollStopsOnceValuesReachMaxBytes() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 1)
        let producer = try MockKafka.producer(cluster)
        for index in 0..<20 {
            try producer.produce(topic: "logs", value: Array(repeating: UInt8(ascii: "a"), count: 1_000),
                                 key: Array(String(index).utf8), partition: 0)
        }
        #expect(try producer.flush(timeout: .seconds(20)).deliveredCount == 20)
        producer.close()

        // A poll takes what librdkafka has queued. On a loaded machine the records can reach the queue a few at
        // a time, so a fresh consumer group reads them again until one poll has met the byte limit.
        var reachedLimit = false
        for attempt in 0..<3 where !reachedLimit {
            let polls = try await onDedicatedThread {
                let consumer = try KafkaConsumer(
                    configuration: MockKafka.consumerConfiguration(cluster, group: "bounded-\(attempt)"), logger: .disabled
                )
                defer { consumer.close() }
                try consumer.subscribe(topics: ["logs"])
                var polls: [[KafkaRecord]] = []
                for _ in 0..<150 where polls.joined().count < 20 {
                    let records = try consumer.poll(maxRecords: 100, maxBytes: 2_500, timeout: .milliseconds(200))
                    if !records.isEmpty { polls.append(records) }
                }
                return polls
            }

            #expect(polls.joined().map(\.offset) == Array(0..<20), "every record once, in order")
            // 1,000-byte values: the third record reaches 2,500 bytes, so no poll returns more than three.
            #expect(polls.allSatisfy { $0.count <= 3 })
            reachedLimit = polls.contains { $0.count == 3 }
        }
        #expect(reachedLimit, "no poll in three consumer groups returned the three records that reach the limit")
    }

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
        try producer.produce(
            topic: "logs", value: [], key: [], partition: 0, headers: [KafkaHeader(name: "null", value: nil)]
        )
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

    @Test func reopenResumesAtStoredOffsets() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 3)
        try MockKafka.produce(cluster, topic: "logs", partitions: 3, count: 10)
        let configuration = MockKafka.consumerConfiguration(cluster, group: "resuming")
        let partitions = (0..<3).map { TopicPartition(topic: "logs", partition: Int32($0)) }

        let (firstRead, storeFailures, committed) = try await onDedicatedThread {
            let consumer = try KafkaConsumer(configuration: configuration, logger: .disabled)
            defer { consumer.close() }
            try consumer.subscribe(topics: ["logs"])
            let records = try MockKafka.poll(consumer) { $0.count >= 30 }

            // Partition 0 processed up to offset 4 and partition 1 up to offset 7; partition 2 not at all.
            let failures = try consumer.storeOffsets([
                TopicPartitionOffset(topic: "logs", partition: 0, offset: 5),
                TopicPartitionOffset(topic: "logs", partition: 1, offset: 8),
            ])
            try consumer.commit()
            let committed = try consumer.committed(for: partitions, timeout: .seconds(10))
            return (records, failures, committed)
        }

        #expect(firstRead.count == 30)
        #expect(storeFailures.isEmpty)
        #expect(committed == [partitions[0]: 5, partitions[1]: 8])

        let (secondRead, committedAfterClose) = try await onDedicatedThread {
            let consumer = try KafkaConsumer(configuration: configuration, logger: .disabled)
            defer { consumer.close() }
            try consumer.subscribe(topics: ["logs"])
            let committed = try consumer.committed(for: partitions, timeout: .seconds(10))
            let records = try MockKafka.poll(consumer) { $0.count >= 17 }
            return (records, committed)
        }

        #expect(committedAfterClose == [partitions[0]: 5, partitions[1]: 8])
        let offsetsByPartition = Dictionary(grouping: secondRead, by: \.partition).mapValues { $0.map(\.offset) }
        #expect(offsetsByPartition[0] == [5, 6, 7, 8, 9])
        #expect(offsetsByPartition[1] == [8, 9])
        #expect(offsetsByPartition[2] == Array(0...9), "no committed offset, so reading starts at the earliest")
    }

    @Test func pauseStopsAndResumeRestartsDelivery() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 2)
        let paused = TopicPartition(topic: "logs", partition: 0)

        let consumer = try KafkaConsumer(
            configuration: MockKafka.consumerConfiguration(cluster, group: "pausing"), logger: .disabled
        )
        defer { consumer.close() }

        let assignment = try await onDedicatedThread {
            try consumer.subscribe(topics: ["logs"])
            let assignment = try MockKafka.waitForAssignment(consumer)
            try consumer.pause([paused])
            return assignment
        }
        #expect(Set(assignment) == [paused, TopicPartition(topic: "logs", partition: 1)])

        try MockKafka.produce(cluster, topic: "logs", partitions: 2, count: 5)

        let whilePaused = try await onDedicatedThread {
            try MockKafka.poll(consumer) { records in records.filter { $0.partition == 1 }.count >= 5 }
        }
        #expect(whilePaused.filter { $0.partition == 1 }.count == 5)
        #expect(whilePaused.filter { $0.partition == 0 }.isEmpty, "a paused partition delivers nothing")

        let afterResume = try await onDedicatedThread {
            try consumer.resume([paused])
            return try MockKafka.poll(consumer) { $0.count >= 5 }
        }
        #expect(afterResume.map(\.partition) == [0, 0, 0, 0, 0])
        #expect(afterResume.map(\.offset) == [0, 1, 2, 3, 4])
    }

    @Test func storeOffsetsReportsUnassignedPartition() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 1)
        try cluster.createTopic("other", partitions: 1)

        let failures = try await onDedicatedThread {
            let consumer = try KafkaConsumer(
                configuration: MockKafka.consumerConfiguration(cluster, group: "storing"), logger: .disabled
            )
            defer { consumer.close() }
            try consumer.subscribe(topics: ["logs"])
            _ = try MockKafka.waitForAssignment(consumer)
            return try consumer.storeOffsets([
                TopicPartitionOffset(topic: "logs", partition: 0, offset: 0),
                TopicPartitionOffset(topic: "other", partition: 0, offset: 3),
            ])
        }

        #expect(failures.count == 1)
        #expect(failures.first?.code == .unknownPartition)
        #expect(failures.first?.topicPartition == TopicPartition(topic: "other", partition: 0))
    }

    @Test func commitThrowsBrokerError() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 1)
        try MockKafka.produce(cluster, topic: "logs", partitions: 1, count: 1)

        let outcome = try await onDedicatedThread { () -> Result<Void, KafkaError> in
            let consumer = try KafkaConsumer(
                configuration: MockKafka.consumerConfiguration(cluster, group: "failing-commit"), logger: .disabled
            )
            defer { consumer.close() }
            try consumer.subscribe(topics: ["logs"])
            let records = try MockKafka.poll(consumer) { !$0.isEmpty }
            try consumer.storeOffsets(records.map { TopicPartitionOffset(after: $0) })
            try cluster.pushRequestErrors(apiKey: .offsetCommit, errors: [.groupAuthorizationFailed])
            return Result { () throws(KafkaError) in try consumer.commit() }
        }

        #expect(throws: KafkaError.self) { try outcome.get() }
        if case .failure(let error) = outcome {
            #expect(error.code == .groupAuthorizationFailed)
            #expect(!error.isRetriable)
        }
    }

    @Test func statisticsHandlerReceivesJSON() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 1)
        var configuration = MockKafka.consumerConfiguration(cluster, group: "statistics")
        configuration.statisticsInterval = .milliseconds(100)
        let documents = Locked<[String]>([])

        try await onDedicatedThread { [configuration] in
            let consumer = try KafkaConsumer(configuration: configuration, logger: .disabled)
            defer { consumer.close() }
            consumer.setStatisticsHandler { json in documents.withLock { $0.append(json) } }
            try consumer.subscribe(topics: ["logs"])
            for _ in 0..<100 where documents.withLock({ $0.isEmpty }) {
                _ = try consumer.poll(maxRecords: 10, timeout: .milliseconds(100))
            }
        }

        let first = try #require(documents.withLock { $0.first })
        #expect(first.hasPrefix("{"))
        #expect(first.contains("\"type\": \"consumer\"") || first.contains("\"type\":\"consumer\""))
    }

    @Test func watermarksCountProducedRecords() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 2)
        try MockKafka.produce(cluster, topic: "logs", partitions: 1, count: 7)

        let (first, second) = try await onDedicatedThread {
            let consumer = try KafkaConsumer(
                configuration: MockKafka.consumerConfiguration(cluster, group: "watermarks"), logger: .disabled
            )
            defer { consumer.close() }
            return (
                try consumer.watermarks(topic: "logs", partition: 0, timeout: .seconds(10)),
                try consumer.watermarks(topic: "logs", partition: 1, timeout: .seconds(10))
            )
        }

        #expect(first == KafkaWatermarks(low: 0, high: 7))
        #expect(second == KafkaWatermarks(low: 0, high: 0))
    }

    @Test func closeIsIdempotentAndLaterCallsThrow() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        let consumer = try KafkaConsumer(
            configuration: MockKafka.consumerConfiguration(cluster, group: "closing"), logger: .disabled
        )

        try await onDedicatedThread {
            consumer.close()
            consumer.close()
        }

        #expect(throws: KafkaError.self) { try consumer.poll(maxRecords: 1, timeout: .zero) }
        #expect(throws: KafkaError.self) { try consumer.commit() }
        #expect(throws: KafkaError.self) {
            try consumer.storeOffsets([TopicPartitionOffset(topic: "logs", partition: 0, offset: 1)])
        }
        do {
            _ = try consumer.assignment()
            Issue.record("assignment() after close() should throw")
        } catch {
            #expect(error.code == .destroyed)
        }
    }

    @Test func rebalanceHandlerCannotChangeAfterSubscribe() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        let consumer = try KafkaConsumer(
            configuration: MockKafka.consumerConfiguration(cluster, group: "late-handler"), logger: .disabled
        )
        defer { consumer.close() }

        try consumer.setRebalanceHandler(RecordingRebalanceHandler())
        try consumer.subscribe(topics: ["logs"])

        #expect(throws: KafkaError.self) { try consumer.setRebalanceHandler(RecordingRebalanceHandler()) }
    }
}

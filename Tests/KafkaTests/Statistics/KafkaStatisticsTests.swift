import Core
import Foundation
import Kafka
import Testing
import TestSupport

@Suite struct KafkaStatisticsTests {
    /// A consumer document shaped like librdkafka 2.0.2's output, shortened to the fields read plus a few others.
    static let document = """
        {
          "name": "rdkafka#consumer-1", "client_id": "ehbridge", "type": "consumer",
          "ts": 5000000, "time": 1772323260, "age": 60000000, "replyq": 0,
          "rx": 120, "rx_bytes": 70000, "tx": 118, "tx_bytes": 9000,
          "brokers": {
            "example.servicebus.windows.net:9093/0": {
              "name": "example.servicebus.windows.net:9093/0", "nodeid": 0, "source": "learned",
              "state": "UP", "rx": 100, "rxbytes": 65536, "tx": 98, "txbytes": 8000,
              "throttle": {"min": 0, "max": 250, "avg": 40, "sum": 400, "cnt": 10, "stddev": 3, "p99": 250}
            },
            "GroupCoordinator": {
              "name": "GroupCoordinator", "nodeid": -1, "source": "logical", "state": "UP",
              "rx": 20, "rxbytes": 4464, "tx": 20, "txbytes": 1000
            }
          },
          "topics": {
            "insights-logs-auditevent": {
              "topic": "insights-logs-auditevent", "age": 59000,
              "partitions": {
                "0": {"partition": 0, "consumer_lag": 12, "consumer_lag_stored": 40, "rxbytes": 60000},
                "1": {"partition": 1, "consumer_lag": -1, "consumer_lag_stored": -1, "rxbytes": 0},
                "-1": {"partition": -1, "consumer_lag": -1, "rxbytes": 0}
              }
            }
          },
          "cgrp": {"state": "up", "join_state": "steady", "rebalance_cnt": 1}
        }
        """

    @Test func parseReadsBrokersAndPartitions() async throws {
        try await blocking {
            let statistics = try KafkaStatistics.parse(Self.document)

            #expect(statistics.name == "rdkafka#consumer-1")
            #expect(statistics.clientID == "ehbridge")
            #expect(statistics.timestampMicroseconds == 5_000_000)
            #expect(statistics.timeSeconds == 1_772_323_260)
            #expect(statistics.ageMicroseconds == 60_000_000)
            #expect(statistics.receivedBytes == 70_000)
            #expect(statistics.brokers.map(\.name) == ["GroupCoordinator", "example.servicebus.windows.net:9093/0"])
            #expect(statistics.brokers.map(\.receivedBytes) == [4_464, 65_536])
            #expect(statistics.brokers.map(\.nodeID) == [-1, 0])
            #expect(statistics.brokers.map(\.source) == ["logical", "learned"])
            #expect(statistics.brokers[1].sentBytes == 8_000)
        }
    }

    @Test func parseReadsThrottleWindow() async throws {
        try await blocking {
            let statistics = try KafkaStatistics.parse(Self.document)
            let throttle = try #require(statistics.brokers[1].throttle)

            #expect(throttle.maximum == 250)
            #expect(throttle.average == 40)
            #expect(throttle.sum == 400)
            #expect(throttle.count == 10)
            #expect(throttle.percentile99 == 250)
            #expect(statistics.brokers[0].throttle == nil)
        }
    }

    @Test func parseSkipsInternalPartitionAndUnknownLag() async throws {
        try await blocking {
            let statistics = try KafkaStatistics.parse(Self.document)
            let topic = try #require(statistics.topics.first)

            #expect(topic.name == "insights-logs-auditevent")
            #expect(topic.partitions.map(\.partition) == [0, 1])
            #expect(topic.partitions.map(\.consumerLag) == [12, nil])
            #expect(topic.partitions.map(\.consumerLagStored) == [40, nil])
            #expect(topic.partitions.map(\.receivedBytes) == [60_000, 0])
        }
    }

    @Test func parseRejectsInvalidJSON() async throws {
        try await blocking {
            #expect(throws: KafkaStatisticsError.self) { try KafkaStatistics.parse("{\"brokers\": ") }
            #expect(throws: KafkaStatisticsError.self) { try KafkaStatistics.parse("[1, 2]") }
        }
    }

    @Test func parseToleratesMissingFields() async throws {
        try await blocking {
            let statistics = try KafkaStatistics.parse("{\"brokers\": {\"b\": {}}, \"topics\": {\"t\": {}}}")

            #expect(statistics.brokers.map(\.name) == ["b"])
            #expect(statistics.brokers.map(\.receivedBytes) == [0])
            #expect(statistics.topics.map(\.partitions) == [[]])
            #expect(statistics.receivedBytes == 0)
        }
    }

    @Test func receiveCounterReturnsDeltas() async throws {
        try await blocking {
            func document(ts: Int64, brokers: [(String, Int64)]) -> KafkaStatistics {
                KafkaStatistics(
                    name: "c", clientID: "c", timestampMicroseconds: ts, timeSeconds: 0, ageMicroseconds: 2_500_000,
                    receivedBytes: 0,
                    brokers: brokers.map {
                        KafkaStatistics.Broker(name: $0.0, nodeID: 0, source: "learned", receivedBytes: $0.1, sentBytes: 0,
                                               throttle: nil)
                    },
                    topics: []
                )
            }
            var counter = KafkaReceiveCounter()

            let first = counter.advance(to: document(ts: 10_000_000, brokers: [("a", 100), ("b", 0)]))
            #expect(first.intervalMilliseconds == 2_500)
            #expect(first.deltas == [.init(broker: "a", bytes: 100)])

            let second = counter.advance(to: document(ts: 70_000_000, brokers: [("a", 150), ("b", 30)]))
            #expect(second.intervalMilliseconds == 60_000)
            #expect(second.deltas == [.init(broker: "a", bytes: 50), .init(broker: "b", bytes: 30)])
            #expect(second.totalBytes == 80)

            // A counter that went down belongs to a broker object created anew, so it counts from zero.
            let third = counter.advance(to: document(ts: 130_000_000, brokers: [("a", 20), ("b", 30)]))
            #expect(third.deltas == [.init(broker: "a", bytes: 20)])
        }
    }

    @Test func mockClusterStatisticsCountFetchedBytes() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("logs", partitions: 1)
        try MockKafka.produce(cluster, topic: "logs", partitions: 1, count: 200)
        var configuration = MockKafka.consumerConfiguration(cluster, group: "fetch-bytes")
        configuration.statisticsInterval = .milliseconds(100)
        let documents = Locked<[String]>([])

        let valueBytes = try await onDedicatedThread { [configuration] in
            let consumer = try KafkaConsumer(configuration: configuration, logger: .disabled)
            defer { consumer.close() }
            consumer.setStatisticsHandler { json in documents.withLock { $0.append(json) } }
            try consumer.subscribe(topics: ["logs"])
            let records = try MockKafka.poll(consumer) { $0.count >= 200 }

            // Wait for a document written after every record arrived.
            let seen = documents.withLock { $0.count }
            for _ in 0..<100 where documents.withLock({ $0.count }) < seen + 2 {
                _ = try consumer.poll(maxRecords: 10, timeout: .milliseconds(100))
            }
            return records.reduce(0) { $0 + Int64($1.value?.count ?? 0) }
        }

        var counter = KafkaReceiveCounter()
        var fetched: Int64 = 0
        var last: KafkaStatistics?
        for json in documents.withLock({ $0 }) {
            let statistics = try KafkaStatistics.parse(json)
            fetched += counter.advance(to: statistics).totalBytes
            last = statistics
        }
        let final = try #require(last)

        #expect(valueBytes > 0)
        #expect(fetched > valueBytes)
        #expect(fetched == final.brokers.reduce(0) { $0 + $1.receivedBytes })
        // Partition rxbytes counts record data only; the broker counters add the protocol around it.
        let partition = try #require(final.topics.first { $0.name == "logs" }?.partitions.first)
        #expect(partition.receivedBytes >= valueBytes)
        #expect(partition.receivedBytes < fetched)
        // librdkafka 2.0.2 computes consumer_lag from the committed offset, and this consumer committed nothing.
        #expect(partition.consumerLag == nil)
    }
}

import Core
import Testing
@testable import Bridge

@Suite struct OperationsStatisticsTests {
    /// A statistics document in librdkafka 2.0.2's shape, trimmed to the fields the bridge reads.
    static let document = """
        {"name":"ehbridge#consumer-1","type":"consumer",
         "brokers":{
           "ns.servicebus.windows.net:9093/0":{"name":"ns.servicebus.windows.net:9093/0","nodeid":0,"source":"learned",
             "throttle":{"min":0,"max":1500,"avg":250,"sum":3000,"cnt":12}},
           "GroupCoordinator":{"name":"GroupCoordinator","nodeid":0,"source":"logical","throttle":{"max":99,"avg":99}},
           ":0/internal":{"name":":0/internal","nodeid":-1,"source":"internal","throttle":{"max":0,"avg":0}}},
         "topics":{"hub":{"topic":"hub","partitions":{
           "0":{"partition":0,"consumer_lag":120},
           "1":{"partition":1,"consumer_lag":-1},
           "2":{"partition":2,"consumer_lag":5},
           "-1":{"partition":-1,"consumer_lag":-1}}}},
         "cgrp":{"state":"up","join_state":"steady","rebalance_cnt":3,"assignment_size":2}}
        """

    @Test func snapshotReadsLagThrottleAndGroup() throws {
        let snapshot = try #require(KafkaStatisticsSnapshot.parse(Self.document))
        #expect(snapshot.lags == [
            KafkaStatisticsSnapshot.PartitionLag(topic: "hub", partition: 0, lag: 120),
            KafkaStatisticsSnapshot.PartitionLag(topic: "hub", partition: 2, lag: 5),
        ])
        #expect(snapshot.totalLag == 125)
        #expect(snapshot.throttles == [
            KafkaStatisticsSnapshot.BrokerThrottle(broker: "ns.servicebus.windows.net:9093/0",
                                                   averageMilliseconds: 250, maximumMilliseconds: 1500),
        ])
        #expect(snapshot.assignedPartitions == 2)
        #expect(snapshot.rebalances == 3)
    }

    @Test func snapshotRejectsNonObject() {
        #expect(KafkaStatisticsSnapshot.parse("[1,2]") == nil)
        #expect(KafkaStatisticsSnapshot.parse("not json") == nil)
    }

    @Test func snapshotToleratesMissingSections() throws {
        let snapshot = try #require(KafkaStatisticsSnapshot.parse(#"{"name":"x"}"#))
        #expect(snapshot.lags.isEmpty)
        #expect(snapshot.throttles.isEmpty)
        #expect(snapshot.assignedPartitions == nil)
    }

    @Test func fanOutDeliversToEveryReceiverInOrder() {
        let received = Locked<[String]>([])
        let fanOut = StatisticsFanOut()
        fanOut.add { json in received.withLock { $0.append("metrics:\(json)") } }
        fanOut.add { json in received.withLock { $0.append("meter:\(json)") } }
        fanOut.deliver("{}")
        #expect(received.withLock { $0 } == ["metrics:{}", "meter:{}"])
    }

    @Test func libraryCheckRejectsMissingFeatures() {
        let sink = CapturingLogSink()
        let logger = Logger(label: "test", sink: sink)
        #expect(throws: MissingKafkaFeaturesError(version: "2.0.2", missing: ["ssl"])) {
            try KafkaLibraryCheck.verify(version: "2.0.2", features: ["gzip", "sasl_plain"], logger: logger)
        }
        #expect(throws: Never.self) {
            try KafkaLibraryCheck.verify(version: "2.0.2", features: ["ssl", "sasl", "sasl_plain"], logger: logger)
        }
        #expect(sink.lines.first?.contains("kafka.librdkafka_version=2.0.2") == true)
        #expect(sink.lines.first?.contains("kafka.builtin_features=gzip,sasl_plain") == true)
        #expect(MissingKafkaFeaturesError(version: "1.9", missing: ["ssl", "sasl_plain"]).description
            .hasPrefix("librdkafka 1.9 was built without ssl and sasl_plain"))
    }

    @Test func checkReportsLibraryFeatures() {
        #expect(BridgeCheck.library(version: "2.0.2", features: ["ssl", "sasl_plain"]).status == .passed)
        let failed = BridgeCheck.library(version: "2.0.2", features: ["gzip"])
        #expect(failed.status == .failed)
        #expect(failed.message.contains("without ssl and sasl_plain"))
    }
}

import Foundation

/// The parts of one librdkafka statistics document (`statistics.interval.ms`) that operators watch: consumer
/// lag per partition, throttle time per broker and the consumer group's assignment.
///
/// Field names are those of librdkafka 2.0.2's STATISTICS.md: `topics.*.partitions.*.consumer_lag`,
/// `brokers.*.throttle` (a window of the last interval, in milliseconds) and `cgrp.assignment_size` and
/// `cgrp.rebalance_cnt`.
struct KafkaStatisticsSnapshot: Sendable, Equatable {
    struct PartitionLag: Sendable, Equatable {
        var topic: String
        var partition: Int32
        /// Records between the committed offset and the end of the partition.
        var lag: Int64
    }

    struct BrokerThrottle: Sendable, Equatable {
        /// The broker as librdkafka names it, `host:port/id`.
        var broker: String
        /// Average and maximum time the broker delayed responses to stay within a quota, in milliseconds,
        /// over the last statistics interval. Event Hubs throttles a consumer this way instead of refusing.
        var averageMilliseconds: Double
        var maximumMilliseconds: Double
    }

    var lags: [PartitionLag]
    var throttles: [BrokerThrottle]
    /// Partitions assigned to this member, when the consumer is in a group.
    var assignedPartitions: Int?
    /// Rebalances this member took part in since it started.
    var rebalances: Int?
    /// Brokers (not bootstrap entries) whose connection was up when the document was taken.
    var brokersUp = 0

    /// The sum of the lags of every reported partition.
    var totalLag: Int64 { lags.reduce(0) { $0 + $1.lag } }

    /// Parses a statistics document. Returns nil when the text is not a JSON object; missing fields are left
    /// out. A lag of -1 (librdkafka's "unknown") and the pseudo-partition -1 are skipped, as are logical
    /// brokers without a node id (the group coordinator's second name and the internal broker).
    static func parse(_ json: String) -> KafkaStatisticsSnapshot? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            return nil
        }

        var lags: [PartitionLag] = []
        for (topicName, topicValue) in object["topics"] as? [String: Any] ?? [:] {
            let partitions = (topicValue as? [String: Any])?["partitions"] as? [String: Any] ?? [:]
            for (_, partitionValue) in partitions {
                guard let partition = partitionValue as? [String: Any],
                      let id = (partition["partition"] as? NSNumber)?.int32Value, id >= 0,
                      let lag = (partition["consumer_lag"] as? NSNumber)?.int64Value, lag >= 0
                else { continue }
                lags.append(PartitionLag(topic: topicName, partition: id, lag: lag))
            }
        }
        lags.sort { ($0.topic, $0.partition) < ($1.topic, $1.partition) }

        var throttles: [BrokerThrottle] = []
        var brokersUp = 0
        for (_, brokerValue) in object["brokers"] as? [String: Any] ?? [:] {
            if let broker = brokerValue as? [String: Any], broker["state"] as? String == "UP",
               ((broker["nodeid"] as? NSNumber)?.intValue ?? -1) >= 0 {
                brokersUp += 1
            }
        }
        for (name, brokerValue) in object["brokers"] as? [String: Any] ?? [:] {
            guard let broker = brokerValue as? [String: Any],
                  let nodeID = (broker["nodeid"] as? NSNumber)?.intValue, nodeID >= 0,
                  broker["source"] as? String != "logical",
                  let throttle = broker["throttle"] as? [String: Any]
            else { continue }
            throttles.append(BrokerThrottle(
                broker: name, averageMilliseconds: (throttle["avg"] as? NSNumber)?.doubleValue ?? 0,
                maximumMilliseconds: (throttle["max"] as? NSNumber)?.doubleValue ?? 0
            ))
        }
        throttles.sort { $0.broker < $1.broker }

        let group = object["cgrp"] as? [String: Any]
        return KafkaStatisticsSnapshot(
            lags: lags, throttles: throttles,
            assignedPartitions: (group?["assignment_size"] as? NSNumber)?.intValue,
            rebalances: (group?["rebalance_cnt"] as? NSNumber)?.intValue, brokersUp: brokersUp
        )
    }
}

import Foundation

/// One statistics document of a librdkafka client (the JSON that `statistics.interval.ms` emits), reduced to the
/// fields ehbridge uses: bytes received per broker, broker throttling and consumer lag per partition.
///
/// Field names and units follow librdkafka's STATISTICS.md (librdkafka 2.0.2). Absent fields decode as 0 or nil,
/// so documents of other librdkafka versions still parse.
public struct KafkaStatistics: Sendable, Equatable {
    /// The client's handle name, such as `rdkafka#consumer-1`.
    public var name: String
    public var clientID: String
    /// librdkafka's monotonic clock when the document was made, in microseconds (`ts`).
    public var timestampMicroseconds: Int64
    /// Wall clock time when the document was made, in seconds since the Unix epoch (`time`).
    public var timeSeconds: Int64
    /// Microseconds since the client was created (`age`).
    public var ageMicroseconds: Int64
    /// Bytes received from all brokers since the client was created (`rx_bytes`).
    public var receivedBytes: Int64
    /// The brokers, sorted by name.
    public var brokers: [Broker]
    /// The topics, sorted by name.
    public var topics: [Topic]

    public init(
        name: String, clientID: String, timestampMicroseconds: Int64, timeSeconds: Int64, ageMicroseconds: Int64,
        receivedBytes: Int64, brokers: [Broker], topics: [Topic]
    ) {
        self.name = name
        self.clientID = clientID
        self.timestampMicroseconds = timestampMicroseconds
        self.timeSeconds = timeSeconds
        self.ageMicroseconds = ageMicroseconds
        self.receivedBytes = receivedBytes
        self.brokers = brokers
        self.topics = topics
    }

    /// One broker connection of the client.
    public struct Broker: Sendable, Equatable {
        /// librdkafka's name for the broker, such as `example.servicebus.windows.net:9093/0`.
        public var name: String
        /// The broker id, or -1 for a bootstrap or internal broker.
        public var nodeID: Int32
        /// `configured`, `learned`, `internal` or `logical`.
        public var source: String
        /// Bytes received from this broker since the client was created (`rxbytes`), Kafka protocol framing
        /// included.
        public var receivedBytes: Int64
        /// Bytes sent to this broker since the client was created (`txbytes`).
        public var sentBytes: Int64
        /// The throttle time the broker asked for in the last window, in milliseconds, or nil when absent.
        public var throttle: WindowStatistics?

        public init(
            name: String, nodeID: Int32, source: String, receivedBytes: Int64, sentBytes: Int64,
            throttle: WindowStatistics?
        ) {
            self.name = name
            self.nodeID = nodeID
            self.source = source
            self.receivedBytes = receivedBytes
            self.sentBytes = sentBytes
            self.throttle = throttle
        }
    }

    /// Summary values of one rolling window, in the unit of the field that contains them.
    public struct WindowStatistics: Sendable, Equatable {
        public var minimum: Int64
        public var maximum: Int64
        public var average: Int64
        public var sum: Int64
        /// The number of values in the window.
        public var count: Int64
        public var percentile99: Int64

        public init(minimum: Int64, maximum: Int64, average: Int64, sum: Int64, count: Int64, percentile99: Int64) {
            self.minimum = minimum
            self.maximum = maximum
            self.average = average
            self.sum = sum
            self.count = count
            self.percentile99 = percentile99
        }
    }

    /// One topic with its partitions.
    public struct Topic: Sendable, Equatable {
        public var name: String
        /// The partitions sorted by number, without librdkafka's internal partition -1.
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// The consumer state of one partition.
    public struct Partition: Sendable, Equatable {
        public var partition: Int32
        /// Records between the end of the partition and the group's committed offset (`consumer_lag`, which
        /// librdkafka 2.0.2 computes from the committed offset). Nil while librdkafka does not know it (-1 in the
        /// JSON), such as before the first commit.
        public var consumerLag: Int64?
        /// Records between the high watermark and the stored offset (`consumer_lag_stored`), or nil when unknown.
        public var consumerLagStored: Int64?
        /// Bytes received for this partition (`rxbytes`): record data only, without protocol framing.
        public var receivedBytes: Int64

        public init(partition: Int32, consumerLag: Int64?, consumerLagStored: Int64?, receivedBytes: Int64) {
            self.partition = partition
            self.consumerLag = consumerLag
            self.consumerLagStored = consumerLagStored
            self.receivedBytes = receivedBytes
        }
    }
}

extension KafkaStatistics {
    /// Parses one statistics document.
    ///
    /// - Throws: ``KafkaStatisticsError`` when the text is not JSON or its top level is not an object. Missing or
    ///   mistyped fields inside do not throw: they read as 0 or nil.
    public static func parse(_ json: String) throws(KafkaStatisticsError) -> KafkaStatistics {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        } catch {
            throw KafkaStatisticsError(reason: "the text is not valid JSON (\(error.localizedDescription))")
        }
        guard let document = object as? [String: Any] else {
            throw KafkaStatisticsError(reason: "the top level is not a JSON object")
        }

        let brokers = (document["brokers"] as? [String: Any] ?? [:]).compactMap { key, value -> Broker? in
            guard let broker = value as? [String: Any] else { return nil }
            return Broker(
                name: broker["name"] as? String ?? key, nodeID: Int32(clamping: integer(broker["nodeid"]) ?? -1),
                source: broker["source"] as? String ?? "", receivedBytes: integer(broker["rxbytes"]) ?? 0,
                sentBytes: integer(broker["txbytes"]) ?? 0,
                throttle: (broker["throttle"] as? [String: Any]).map(windowStatistics)
            )
        }
        let topics = (document["topics"] as? [String: Any] ?? [:]).compactMap { key, value -> Topic? in
            guard let topic = value as? [String: Any] else { return nil }
            return Topic(name: topic["topic"] as? String ?? key, partitions: partitions(topic["partitions"]))
        }

        return KafkaStatistics(
            name: document["name"] as? String ?? "", clientID: document["client_id"] as? String ?? "",
            timestampMicroseconds: integer(document["ts"]) ?? 0, timeSeconds: integer(document["time"]) ?? 0,
            ageMicroseconds: integer(document["age"]) ?? 0, receivedBytes: integer(document["rx_bytes"]) ?? 0,
            brokers: brokers.sorted { $0.name < $1.name }, topics: topics.sorted { $0.name < $1.name }
        )
    }

    private static func partitions(_ value: Any?) -> [Partition] {
        let entries = value as? [String: Any] ?? [:]
        let partitions = entries.compactMap { _, value -> Partition? in
            guard let partition = value as? [String: Any], let number = integer(partition["partition"]),
                  number >= 0, let id = Int32(exactly: number)
            else { return nil }
            return Partition(
                partition: id, consumerLag: knownCount(partition["consumer_lag"]),
                consumerLagStored: knownCount(partition["consumer_lag_stored"]),
                receivedBytes: integer(partition["rxbytes"]) ?? 0
            )
        }
        return partitions.sorted { $0.partition < $1.partition }
    }

    private static func windowStatistics(_ window: [String: Any]) -> WindowStatistics {
        WindowStatistics(
            minimum: integer(window["min"]) ?? 0, maximum: integer(window["max"]) ?? 0,
            average: integer(window["avg"]) ?? 0, sum: integer(window["sum"]) ?? 0, count: integer(window["cnt"]) ?? 0,
            percentile99: integer(window["p99"]) ?? 0
        )
    }

    /// Reads a JSON number as a whole number. JSONSerialization returns NSNumber, which bridges to Int64 when
    /// the value is integral.
    private static func integer(_ value: Any?) -> Int64? {
        guard let number = value as? NSNumber else { return nil }
        return number.int64Value
    }

    /// Reads a count where librdkafka writes -1 for "not known yet".
    private static func knownCount(_ value: Any?) -> Int64? {
        guard let count = integer(value), count >= 0 else { return nil }
        return count
    }
}

/// A statistics document that cannot be parsed.
public struct KafkaStatisticsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "librdkafka statistics could not be parsed: \(reason)" }
}

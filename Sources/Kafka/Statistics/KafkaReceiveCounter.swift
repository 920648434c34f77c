/// Turns the cumulative per-broker byte counters of successive ``KafkaStatistics`` documents into the bytes
/// received since the previous document.
///
/// Feed it every document of one client, in order. The first document counts everything since the client was
/// created. A counter that went down (a broker object librdkafka created anew) counts from zero again.
public struct KafkaReceiveCounter: Sendable {
    /// The bytes received from one broker since the previous document.
    public struct BrokerDelta: Sendable, Equatable {
        public var broker: String
        public var bytes: Int64

        public init(broker: String, bytes: Int64) {
            self.broker = broker
            self.bytes = bytes
        }
    }

    /// The bytes and the interval that one document added.
    public struct Advance: Sendable, Equatable {
        /// Milliseconds since the previous document, or since the client was created for the first one.
        public var intervalMilliseconds: Int64
        /// One entry per broker that received bytes, sorted by broker name.
        public var deltas: [BrokerDelta]

        public var totalBytes: Int64 { deltas.reduce(0) { $0 + $1.bytes } }
    }

    private var previousBytes: [String: Int64] = [:]
    private var previousTimestampMicroseconds: Int64?

    public init() {}

    /// Returns what `statistics` added since the previous document and remembers its counters.
    public mutating func advance(to statistics: KafkaStatistics) -> Advance {
        let interval: Int64
        if let previousTimestampMicroseconds {
            interval = max(0, statistics.timestampMicroseconds - previousTimestampMicroseconds) / 1_000
        } else {
            interval = max(0, statistics.ageMicroseconds) / 1_000
        }
        previousTimestampMicroseconds = statistics.timestampMicroseconds

        var deltas: [BrokerDelta] = []
        for broker in statistics.brokers {
            let previous = previousBytes[broker.name] ?? 0
            let delta = broker.receivedBytes >= previous ? broker.receivedBytes - previous : broker.receivedBytes
            previousBytes[broker.name] = broker.receivedBytes
            if delta > 0 {
                deltas.append(BrokerDelta(broker: broker.name, bytes: delta))
            }
        }
        return Advance(intervalMilliseconds: interval, deltas: deltas)
    }
}

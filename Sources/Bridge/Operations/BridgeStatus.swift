/// Totals of the running bridge for the terminal status line; the line turns successive totals into rates.
public struct BridgeStatus: Sendable, Equatable {
    /// Kafka records read since the start.
    public var recordsIn: UInt64
    /// Bytes of Kafka record values read since the start.
    public var bytesIn: UInt64
    /// The consumer lag summed over the assigned partitions, from the latest librdkafka statistics; nil
    /// before the first statistics document.
    public var lag: Int64?
    /// Records read and not yet delivered, dead-lettered or found empty.
    public var recordsInFlight: Int
    /// Failed PutLogs attempts plus dead-lettered records since the start.
    public var errors: UInt64
    public var isReady: Bool

    public init(recordsIn: UInt64, bytesIn: UInt64, lag: Int64?, recordsInFlight: Int, errors: UInt64, isReady: Bool) {
        self.recordsIn = recordsIn
        self.bytesIn = bytesIn
        self.lag = lag
        self.recordsInFlight = recordsInFlight
        self.errors = errors
        self.isReady = isReady
    }
}

/// The offset range a partition currently holds on the broker.
public struct KafkaWatermarks: Hashable, Sendable {
    /// The offset of the oldest record still retained.
    public var low: Int64
    /// The offset the next produced record will get; `high - low` is the number of retained records.
    public var high: Int64

    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }
}

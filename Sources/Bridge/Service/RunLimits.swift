/// When a run ends by itself, besides a stop request (SIGINT, SIGTERM, ``BridgeService/requestStop()``).
public struct RunLimits: Sendable, Equatable {
    /// Stop after this many Kafka records were read and each of them acknowledged.
    public var maxRecords: Int?
    /// Stop reading after this many milliseconds, then drain what was read.
    public var durationMilliseconds: Int?

    public init(maxRecords: Int? = nil, durationMilliseconds: Int? = nil) {
        self.maxRecords = maxRecords
        self.durationMilliseconds = durationMilliseconds
    }

    public static let none = RunLimits()
}

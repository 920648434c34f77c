/// Counters of an ``HTTPServer`` since it started.
public struct HTTPServerStatistics: Sendable, Equatable {
    /// TCP connections accepted.
    public var connectionsAccepted: UInt64
    /// TCP connections open now.
    public var connectionsOpen: Int
    /// Responses queued, including `413` responses sent before the handler ran.
    public var responsesSent: UInt64

    public init(connectionsAccepted: UInt64 = 0, connectionsOpen: Int = 0, responsesSent: UInt64 = 0) {
        self.connectionsAccepted = connectionsAccepted
        self.connectionsOpen = connectionsOpen
        self.responsesSent = responsesSent
    }
}

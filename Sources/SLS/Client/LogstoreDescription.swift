/// The fields of a GetLogStore response that a connectivity check shows.
public struct LogstoreDescription: Sendable, Equatable {
    public var name: String
    /// Days the Logstore keeps data (`ttl`), when the response carries it.
    public var retentionDays: Int?
    /// The number of shards (`shardCount`), when the response carries it.
    public var shardCount: Int?
    /// The `x-log-requestid` response header.
    public var requestID: String?
    /// The server clock in seconds since the epoch, from `x-log-time` or `Date`.
    public var serverTime: Int64?

    public init(name: String, retentionDays: Int?, shardCount: Int?, requestID: String?, serverTime: Int64?) {
        self.name = name
        self.retentionDays = retentionDays
        self.shardCount = shardCount
        self.requestID = requestID
        self.serverTime = serverTime
    }
}

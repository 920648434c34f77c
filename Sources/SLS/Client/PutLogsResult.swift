/// The outcome of one PutLogs attempt.
public enum PutLogsResult: Sendable {
    /// SLS returned 200 and stored the LogGroup.
    case accepted(PutLogsReceipt)
    case failed(PutLogsFailure)
}

/// The response details of an accepted request.
public struct PutLogsReceipt: Sendable, Equatable {
    /// The `x-log-requestid` header, which SLS support needs to trace a request; nil if the response had none.
    public var requestID: String?
    /// The server clock in seconds since the epoch, from `x-log-time`, else from `Date`; nil when neither parsed.
    public var serverTime: Int64?

    public init(requestID: String?, serverTime: Int64?) {
        self.requestID = requestID
        self.serverTime = serverTime
    }
}

/// The cause of a failed PutLogs attempt.
public enum PutLogsFailure: Error, Sendable, CustomStringConvertible {
    /// SLS returned an error status. `serverTime` is the server clock in seconds since the epoch (from
    /// `x-log-time` or `Date`), which corrects the local clock after `RequestTimeExpired`.
    case service(SLSServiceError, serverTime: Int64?)
    /// No HTTP response arrived.
    case transport(TransportError)

    public var description: String {
        switch self {
        case .service(let error, _): error.description
        case .transport(let error): error.description
        }
    }
}

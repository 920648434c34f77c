/// A response the local server gives in place of normal processing, to test how a client handles failures.
public enum LocalSLSFault: Sendable, Equatable {
    /// Responds with this HTTP status and SLS error code, without checking or storing the request.
    case error(status: Int, code: String, message: String)
    /// Waits this many milliseconds, then processes the request normally.
    case delay(milliseconds: Int)
    /// Closes the connection without answering, as a reset or a crashed server would. The client cannot
    /// tell whether the request was processed; here it never is.
    case disconnect

    /// 500 `InternalServerError`.
    public static let internalServerError = error(status: 500, code: "InternalServerError",
                                                  message: "injected internal server error")
    /// 503 `ServerBusy`. The SLS SDKs know the code, but no SLS document gives its HTTP status, so 503 is an
    /// assumption.
    public static let serverBusy = error(status: 503, code: "ServerBusy", message: "injected server busy")
    /// 429 with the code `TooManyRequests`. SLS documents no code for 429; this one is for clients that decide by
    /// the status alone.
    public static let tooManyRequests = error(status: 429, code: "TooManyRequests", message: "injected rate limit")
    /// 403 `WriteQuotaExceed`: the project's write quota.
    public static let writeQuotaExceeded = error(status: 403, code: "WriteQuotaExceed",
                                                 message: "injected project write quota exceeded")
    /// 403 `ShardWriteQuotaExceed`: a shard's write quota.
    public static let shardWriteQuotaExceeded = error(status: 403, code: "ShardWriteQuotaExceed",
                                                      message: "injected shard write quota exceeded")
    /// 400 `PostBodyTooLarge`.
    public static let postBodyTooLarge = error(status: 400, code: "PostBodyTooLarge",
                                               message: "injected body too large")
    /// 400 `RequestTimeExpired`.
    public static let requestTimeExpired = error(status: 400, code: "RequestTimeExpired",
                                                 message: "injected request time expired")
    /// 401 `Unauthorized`.
    public static let unauthorized = error(status: 401, code: "Unauthorized", message: "injected unauthorized")
    /// 401 `SignatureNotMatch`.
    public static let signatureNotMatch = error(status: 401, code: "SignatureNotMatch",
                                                message: "injected signature mismatch")
}

/// The requests a fault applies to: nil fields match anything.
public struct LocalSLSFaultScope: Sendable, Equatable {
    public var project: String?
    public var logstore: String?

    public init(project: String? = nil, logstore: String? = nil) {
        self.project = project
        self.logstore = logstore
    }

    /// Every request that reaches a known project and Logstore.
    public static let all = LocalSLSFaultScope()

    func matches(project: String, logstore: String) -> Bool {
        (self.project == nil || self.project == project) && (self.logstore == nil || self.logstore == logstore)
    }
}

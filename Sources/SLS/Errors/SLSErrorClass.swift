/// The handling a failed PutLogs request needs. ``classify(httpStatus:code:message:)`` is the one place that maps an
/// SLS error response to a class.
///
/// Network errors and timeouts have no HTTP response, and a client treats them as ``retryable``.
public enum SLSErrorClass: Sendable, Equatable {
    /// A transient failure (HTTP 5xx, 429, 408, `ServerBusy`, `InternalServerError`, `RequestTimeout`, or an expired STS
    /// token when the message is known): retry with backoff.
    case retryable
    /// The project or shard write quota is used up (`WriteQuotaExceed`, `ShardWriteQuotaExceed`,
    /// `ExceedQuota`, HTTP 403): retry with backoff and lower concurrency.
    case quotaExceeded
    /// The request time is more than 15 minutes off the server's clock (`RequestTimeExpired`,
    /// `RequestTimeTooSkewed`): correct the clock offset from the response's `x-log-time` or `Date` and retry
    /// at once.
    case clockSkew
    /// The body is over the size or line limit (`PostBodyTooLarge`, HTTP 413): split the batch and send the
    /// halves.
    case bodyTooLarge
    /// Credentials, permissions or the destination are wrong: stop and tell an operator, because retrying
    /// cannot succeed. The codes are `Unauthorized`, `SignatureNotMatch`, `InvalidAccessKeyId`,
    /// `MissAccessKeyId`, `ProjectForbidden`, `ProjectNotExist`, `LogStoreNotExist` and `ShardNotExist`. Any
    /// other code with HTTP 401, 403 or 404 counts too, and so does an unexpected status such as a redirect.
    case needsOperator
    /// Any other 4xx response: SLS rejects the data itself (for example `PostBodyInvalid`, `InvalidTimestamp`,
    /// `InvalidEncoding`), so the batch goes to the dead-letter store.
    case rejected

    private static let quotaCodes: Set = ["WriteQuotaExceed", "ShardWriteQuotaExceed", "ExceedQuota"]
    private static let clockSkewCodes: Set = ["RequestTimeExpired", "RequestTimeTooSkewed"]
    private static let bodyTooLargeCodes: Set = ["PostBodyTooLarge"]
    private static let operatorCodes: Set = [
        "Unauthorized", "SignatureNotMatch", "InvalidAccessKeyId", "MissAccessKeyId", "ProjectForbidden",
        "ProjectNotExist", "LogStoreNotExist", "ShardNotExist",
    ]
    private static let retryableCodes: Set = ["ServerBusy", "InternalServerError", "RequestTimeout"]

    /// Returns the class of an SLS error response. A known `code` decides first, and otherwise the HTTP status
    /// decides, as listed on each case. With the `message`, an expired STS token (`Unauthorized`, "The security
    /// token you provided has expired") is ``retryable``, because the client signs the retry with refreshed
    /// credentials. Without the message, it counts as ``needsOperator`` like every `Unauthorized`.
    public static func classify(httpStatus: Int, code: String, message: String = "") -> SLSErrorClass {
        if isExpiredSecurityToken(code: code, message: message) { return .retryable }
        if quotaCodes.contains(code) { return .quotaExceeded }
        if clockSkewCodes.contains(code) { return .clockSkew }
        if bodyTooLargeCodes.contains(code) { return .bodyTooLarge }
        if operatorCodes.contains(code) { return .needsOperator }
        if retryableCodes.contains(code) { return .retryable }

        switch httpStatus {
        case 413:
            return .bodyTooLarge
        // 408: a proxy or load balancer in front of SLS gave up waiting for the request, which a resend usually fixes.
        case 408, 429, 500...599:
            return .retryable
        case 401, 403, 404:
            return .needsOperator
        case 400...499:
            return .rejected
        default:
            return .needsOperator
        }
    }

    /// Returns whether `code` and `message` form the SLS error response to an expired STS token.
    static func isExpiredSecurityToken(code: String, message: String) -> Bool {
        code == "Unauthorized" && message.lowercased().contains("security token you provided has expired")
    }

    /// The next step for this class, phrased for an error message.
    public var remedy: String {
        switch self {
        case .retryable: "retry with backoff"
        case .quotaExceeded: "retry with backoff and fewer concurrent requests"
        case .clockSkew: "correct the clock offset from the server time and retry"
        case .bodyTooLarge: "split the batch and retry"
        case .needsOperator: "check the credentials, permissions, project and Logstore"
        case .rejected: "SLS rejects the data, so keep the batch in the dead-letter store"
        }
    }
}

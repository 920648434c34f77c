/// Permission to send one request, from ``ConcurrencyLimiter/requestPermit(project:logstore:bytes:)``. Give it back
/// with ``ConcurrencyLimiter/release(_:outcome:)`` when the request completes. The limiter ignores a second release
/// of the same permit, but a permit never released holds its slot for good.
public struct ConcurrencyPermit: Sendable, Hashable {
    /// Unique within one limiter.
    public let id: UInt64
    public let project: String
    public let logstore: String
    /// The compressed body bytes the request sends.
    public let bytes: Int
    /// Whether the project window was at zero, so this request probes whether the project quota has recovered.
    public let probesProject: Bool
    /// Whether the Logstore window was at zero, so this request probes whether the Logstore's quota has recovered.
    public let probesLogstore: Bool
    /// The window generations when the permit was granted. The window already halved once for an older generation,
    /// so a quota error from one does not halve it again.
    let projectGeneration: UInt64
    let logstoreGeneration: UInt64

    /// Whether the request is a probe of a window at zero.
    public var isProbe: Bool { probesProject || probesLogstore }
}

/// The result of a permit request.
public enum Admission: Sendable, Equatable {
    /// Send now, and release the permit when the request completes.
    case granted(ConcurrencyPermit)
    /// Do not send yet.
    case deferred(Deferral)
}

/// The reason a request may not be sent yet, and when to ask again.
public struct Deferral: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// The project or Logstore has as many requests in flight as its window allows, or its one probe is in flight.
        case concurrency
        /// The project or Logstore window is at zero and the next probe is not due yet.
        case probeInterval
        /// The Logstore's byte budget is spent for now.
        case byteRate
    }

    public var reason: Reason
    /// Milliseconds after which the request may be granted, or nil when it must wait for a permit of the same
    /// project or Logstore to be released.
    public var retryAfterMilliseconds: Int?

    public init(reason: Reason, retryAfterMilliseconds: Int?) {
        self.reason = reason
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }
}

/// The result of a request sent under a permit, as the limiter needs it.
public enum SendOutcome: Sendable, Equatable {
    /// SLS stored the data: each window grows by one, and a probe reopens its window at one.
    case accepted
    /// SLS reported a write quota exceeded for this scope: that window halves.
    case quotaExceeded(QuotaScope)
    /// Any other failure (network, other errors): the windows stay as they are.
    case failed

    /// The write quota that SLS reported exceeded.
    public enum QuotaScope: Sendable, Equatable {
        /// `WriteQuotaExceed` or `ExceedQuota`: the project's write traffic or request quota.
        case project
        /// `ShardWriteQuotaExceed`: a shard of the Logstore is at its write limit.
        case logstore
    }

    /// Returns the outcome of a PutLogs result: quota codes map to their scope, other failures to ``failed``.
    public init(_ result: PutLogsResult) {
        switch result {
        case .accepted:
            self = .accepted
        case .failed(.service(let error, _)) where error.errorClass == .quotaExceeded:
            self = .quotaExceeded(error.code == "ShardWriteQuotaExceed" ? .logstore : .project)
        case .failed:
            self = .failed
        }
    }
}

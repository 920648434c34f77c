import Core
import Foundation

/// The SLS server's clock as a client follows it: the local clock plus the offset learned from a response after
/// `RequestTimeExpired`. A client and its credential provider share one, so that request times and token expiry
/// are judged by the same clock.
public final class SLSServerClock: Sendable {
    private let offset = Locked<Int64>(0)

    public init() {}

    /// Seconds added to the local clock.
    public var offsetSeconds: Int64 {
        offset.withLock { $0 }
    }

    public func setOffset(seconds: Int64) {
        offset.withLock { $0 = seconds }
    }

    /// Returns the server's time now, in whole seconds since the Unix epoch.
    public func nowSeconds() -> Int64 {
        Self.localSeconds() + offsetSeconds
    }

    /// Returns the local time, in whole seconds since the Unix epoch.
    static func localSeconds() -> Int64 {
        Int64(Date().timeIntervalSince1970)
    }
}

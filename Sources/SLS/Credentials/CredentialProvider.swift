/// A source of the credentials that sign PutLogs requests: a static AccessKey pair, an STS token file that an
/// agent rotates, or a credentials URL.
///
/// The client signs each request with one ``SLSCredentials`` value taken from the provider, so a refresh never
/// changes a request that is already signed or in flight. When SLS rejects a request as unauthorized, the client
/// reports the credentials it used through ``invalidate(_:)``, and the retry of that request is signed with what
/// the provider returns next.
///
/// Implementations must be safe to call from any thread.
public protocol CredentialProvider: Sendable {
    /// Where the credentials come from, for logs: a kind and a path or URL, never a secret.
    var sourceDescription: String { get }

    /// Returns credentials that may sign a request now, without blocking, or nil when ``credentials()`` must read
    /// or fetch first (nothing read yet, expiry close, source changed, or invalidated).
    func cachedCredentials() -> SLSCredentials?

    /// Returns credentials that may sign a request now, reading the file or calling the URL when needed.
    ///
    /// This may block for as long as the fetch takes (bounded by the provider's timeouts), so callers run it on a
    /// dedicated thread or queue, never on Swift's cooperative pool or the libcurl sender thread.
    ///
    /// - Throws: ``CredentialError`` when no usable credentials can be had.
    func credentials() throws(CredentialError) -> SLSCredentials

    /// Records that SLS rejected a request signed with `rejected` (HTTP 401), so that the next call fetches anew.
    /// Does nothing when the provider already holds other credentials, or cannot refresh.
    func invalidate(_ rejected: SLSCredentials)

    /// Checks the settings and returns one message per problem, naming the setting and the fix, without secrets.
    func validate() -> [String]

    /// Whether the provider can obtain other credentials than those it has, so that a retry after an expired STS
    /// token can succeed.
    var canRenew: Bool { get }
}

extension CredentialProvider {
    public var canRenew: Bool { true }
}

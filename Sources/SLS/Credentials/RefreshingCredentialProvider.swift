import Core
import Foundation

/// Temporary credentials from a file or URL, cached and read again when the source changes, before they expire,
/// or after SLS rejected them.
///
/// Rules, with `now` from the injected clock:
/// - Cached credentials are used until `refreshMarginSeconds` before their `Expiration`. From then on each request
///   may trigger a fetch, at most one per `retryIntervalSeconds` while the source still returns the same
///   expiring credentials.
/// - A changed source (a file rewritten) or an ``invalidate(_:)`` for the cached credentials triggers a fetch.
/// - When a fetch fails, the cached credentials stay in use until they expire, and the next fetch waits
///   `retryIntervalSeconds`. Without usable credentials, ``credentials()`` throws the last error until then.
///
/// Fetches are serialized; ``cachedCredentials()`` never waits for one.
public final class RefreshingCredentialProvider: CredentialProvider {
    /// Timing of refreshes, in seconds.
    public struct Options: Sendable, Equatable {
        /// Seconds before `Expiration` at which a refresh starts.
        public var refreshMarginSeconds: Int64
        /// Seconds between fetch attempts after a failure, or while the source returns credentials that are
        /// already within the margin.
        public var retryIntervalSeconds: Int64

        public init(refreshMarginSeconds: Int64 = 300, retryIntervalSeconds: Int64 = 5) {
            self.refreshMarginSeconds = refreshMarginSeconds
            self.retryIntervalSeconds = retryIntervalSeconds
        }
    }

    private struct Entry: Sendable {
        var credentials: SLSCredentials
        var expiration: Int64?
        var version: CredentialSourceVersion?

        func isUsable(at now: Int64) -> Bool {
            expiration.map { now < $0 } ?? true
        }

        func isDue(at now: Int64, margin: Int64) -> Bool {
            expiration.map { now >= $0 - margin } ?? false
        }

        func holds(_ other: SLSCredentials) -> Bool {
            credentials.accessKeyID == other.accessKeyID && credentials.accessKeySecret == other.accessKeySecret
                && credentials.securityToken == other.securityToken
        }
    }

    private struct State: Sendable {
        var entry: Entry?
        var invalidated = false
        /// No fetch before this time unless the source changed or the credentials were invalidated.
        var nextAttemptAt: Int64 = .min
        var lastError: CredentialError?
    }

    public let source: any CredentialSource
    public let options: Options
    private let clock: @Sendable () -> Int64
    private let logger: Logger
    private let state = Locked(State())
    /// Held for the whole of a fetch, so that concurrent callers wait for one fetch instead of starting several.
    private let fetchLock = NSLock()

    /// Creates the provider; nothing is read until the first call. `clock` returns seconds since the Unix epoch.
    public init(
        source: any CredentialSource, options: Options = Options(), logger: Logger,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.source = source
        self.options = options
        self.clock = clock
        self.logger = logger
    }

    public var sourceDescription: String { source.description }

    public func cachedCredentials() -> SLSCredentials? {
        let now = clock()
        let currentVersion = source.currentVersion()
        return state.withLock { state in
            Self.usableCredentials(in: state, now: now, currentVersion: currentVersion, options: options)
        }
    }

    public func credentials() throws(CredentialError) -> SLSCredentials {
        fetchLock.lock()
        defer { fetchLock.unlock() }

        if let cached = cachedCredentials() {
            return cached
        }
        let now = clock()
        let throttled: CredentialError? = state.withLock { state in
            guard let lastError = state.lastError, now < state.nextAttemptAt else { return nil }
            return lastError
        }
        if let throttled {
            throw throttled
        }

        do throws(CredentialError) {
            let fetched = try source.fetch()
            return try accept(fetched, now: now)
        } catch {
            return try recover(from: error, now: now)
        }
    }

    public func invalidate(_ rejected: SLSCredentials) {
        let invalidated = state.withLock { state -> Bool in
            guard let entry = state.entry, entry.holds(rejected), !state.invalidated else { return false }
            state.invalidated = true
            state.lastError = nil
            state.nextAttemptAt = .min
            return true
        }
        if invalidated {
            logger.warning("SLS rejected the credentials; reading them again", metadata: [
                "sls.credentials_source": .string(source.description),
                "sls.access_key_id": .string(rejected.accessKeyID),
            ])
        }
    }

    public func validate() -> [String] {
        var problems = source.validate()
        if options.refreshMarginSeconds < 0 {
            problems.append("the credential refresh margin is \(options.refreshMarginSeconds) seconds; use 0 or more")
        }
        if options.retryIntervalSeconds < 1 {
            problems.append("the credential retry interval is \(options.retryIntervalSeconds) seconds; use 1 or more")
        }
        return problems
    }

    // MARK: - Fetch outcomes

    /// Stores freshly fetched credentials and returns them, or throws when they have already expired.
    private func accept(_ fetched: FetchedCredentials, now: Int64) throws(CredentialError) -> SLSCredentials {
        let entry = Entry(
            credentials: fetched.document.credentials, expiration: fetched.document.expiration,
            version: fetched.version
        )
        guard entry.isUsable(at: now) else {
            throw CredentialError.expired(source: source.description, expiration: entry.expiration ?? now)
        }

        let previousID = state.withLock { state -> String? in
            let previousID = state.entry?.credentials.accessKeyID
            state.entry = entry
            state.invalidated = false
            state.lastError = nil
            // A source that still returns credentials inside the margin is asked again only after the interval.
            state.nextAttemptAt = entry.isDue(at: now, margin: options.refreshMarginSeconds)
                ? now + options.retryIntervalSeconds : .min
            return previousID
        }

        var metadata: LogMetadata = [
            "sls.credentials_source": .string(source.description),
            "sls.access_key_id": .string(entry.credentials.accessKeyID),
            "sls.credentials_changed": .bool(previousID != entry.credentials.accessKeyID),
        ]
        if let expiration = entry.expiration {
            metadata["sls.credentials_expiration"] = .string(SLSDate.iso8601Basic(expiration))
        }
        logger.info("SLS credentials read", metadata: metadata)
        return entry.credentials
    }

    /// Records a failed fetch. Returns the cached credentials while they are still usable, else throws `error`.
    private func recover(from error: CredentialError, now: Int64) throws(CredentialError) -> SLSCredentials {
        let fallback = state.withLock { state -> SLSCredentials? in
            state.lastError = error
            state.nextAttemptAt = now + options.retryIntervalSeconds
            guard let entry = state.entry, entry.isUsable(at: now) else { return nil }
            return entry.credentials
        }
        logger.warning("SLS credentials could not be read", metadata: [
            "sls.credentials_source": .string(source.description),
            "sls.retry_in_seconds": .integer(options.retryIntervalSeconds),
            "sls.using_previous_credentials": .bool(fallback != nil),
            "error": .string(error.description),
        ])
        guard let fallback else { throw error }
        return fallback
    }

    private static func usableCredentials(
        in state: State, now: Int64, currentVersion: CredentialSourceVersion?, options: Options
    ) -> SLSCredentials? {
        guard let entry = state.entry, entry.isUsable(at: now) else { return nil }

        // After a failed fetch, keep signing with the usable credentials until the next attempt is due.
        if state.lastError != nil && now < state.nextAttemptAt {
            return entry.credentials
        }
        if state.invalidated || (currentVersion != nil && currentVersion != entry.version) {
            return nil
        }
        if entry.isDue(at: now, margin: options.refreshMarginSeconds) && now >= state.nextAttemptAt {
            return nil
        }
        return entry.credentials
    }
}

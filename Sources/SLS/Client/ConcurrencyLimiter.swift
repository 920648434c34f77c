import Core
import Dispatch

/// Decides when PutLogs requests may be sent, per project and per Logstore, from what SLS reports.
///
/// Each project and each Logstore has a window of requests allowed in flight, which starts at its maximum:
/// - an accepted request adds one, up to the maximum, except at zero, where only an accepted probe reopens it;
/// - a quota error halves the window of its scope (`WriteQuotaExceed` the project, `ShardWriteQuotaExceed` the
///   Logstore), once per window generation, so that the other requests already in flight when the quota ran out do
///   not halve it again;
/// - at zero, one probe request is allowed per interval. The interval starts at 1 second and grows by 1.5 after
///   each probe that meets the quota again, up to a cap. An accepted probe reopens the window at one and resets the
///   interval.
///
/// Each Logstore can also have a byte budget: a token bucket of compressed body bytes that fills at
/// ``Configuration/maxBytesPerSecond``.
///
/// A sender calls ``requestPermit(project:logstore:bytes:)`` before each request, and reports the result with
/// ``release(_:outcome:)``. A deferral says when to ask again: after a number of milliseconds, or after a release.
/// The clock is injected, so the rules can be tested without waiting. Safe to call from any thread.
public final class ConcurrencyLimiter: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// The largest window of one Logstore: requests in flight to it at once.
        public var maxConcurrencyPerLogstore: Int
        /// The largest window of one project, over all its Logstores.
        public var maxConcurrencyPerProject: Int
        /// Milliseconds between probes after a window reaches zero.
        public var initialProbeIntervalMilliseconds: Int
        /// The factor by which the probe interval grows after a probe meets the quota again.
        public var probeIntervalGrowth: Double
        /// The maximum probe interval, in milliseconds.
        public var maxProbeIntervalMilliseconds: Int
        /// Compressed body bytes per second per Logstore; nil for no byte limit.
        public var maxBytesPerSecond: Int?
        /// The bytes that may be sent at once after an idle period; nil uses one second's worth.
        public var burstBytes: Int?

        public init(
            maxConcurrencyPerLogstore: Int, maxConcurrencyPerProject: Int? = nil,
            initialProbeIntervalMilliseconds: Int = 1_000, probeIntervalGrowth: Double = 1.5,
            maxProbeIntervalMilliseconds: Int = 60_000, maxBytesPerSecond: Int? = nil, burstBytes: Int? = nil
        ) {
            self.maxConcurrencyPerLogstore = maxConcurrencyPerLogstore
            self.maxConcurrencyPerProject = maxConcurrencyPerProject ?? maxConcurrencyPerLogstore
            self.initialProbeIntervalMilliseconds = initialProbeIntervalMilliseconds
            self.probeIntervalGrowth = probeIntervalGrowth
            self.maxProbeIntervalMilliseconds = maxProbeIntervalMilliseconds
            self.maxBytesPerSecond = maxBytesPerSecond
            self.burstBytes = burstBytes
        }

        /// Checks every setting and returns one message per problem.
        public func validate() -> [String] {
            var problems: [String] = []
            if maxConcurrencyPerLogstore < 1 || maxConcurrencyPerProject < 1 {
                problems.append("the maximum concurrency per project and per Logstore must be 1 or more")
            }
            if initialProbeIntervalMilliseconds < 1 || maxProbeIntervalMilliseconds < initialProbeIntervalMilliseconds {
                problems.append("the probe interval must be at least 1 ms and no more than its maximum")
            }
            if probeIntervalGrowth < 1 {
                problems.append("the probe interval growth is \(probeIntervalGrowth); use 1 or more")
            }
            if let maxBytesPerSecond, maxBytesPerSecond < 1 {
                problems.append("maxBytesPerSecond is \(maxBytesPerSecond); use a positive number of bytes or nil")
            }
            if let burstBytes, burstBytes < 1 {
                problems.append("burstBytes is \(burstBytes); use a positive number of bytes or nil")
            }
            return problems
        }
    }

    /// The state of one project and Logstore, for metrics and logs.
    public struct Snapshot: Sendable, Equatable {
        public var projectLimit: Int
        public var projectInFlight: Int
        public var logstoreLimit: Int
        public var logstoreInFlight: Int
        /// The interval before the next probe of the Logstore window, in milliseconds.
        public var logstoreProbeIntervalMilliseconds: Int
        /// The bytes that may be sent now, or nil without a byte limit.
        public var availableBytes: Int?
    }

    private struct LogstoreKey: Hashable, Sendable {
        var project: String
        var logstore: String
    }

    private struct State: Sendable {
        var projects: [String: ConcurrencyWindow] = [:]
        var logstores: [LogstoreKey: ConcurrencyWindow] = [:]
        var buckets: [LogstoreKey: ByteRateBucket] = [:]
        var outstanding: Set<UInt64> = []
        var nextPermitID: UInt64 = 1
    }

    public let configuration: Configuration
    private let clock: @Sendable () -> UInt64
    private let state = Locked(State())

    /// Creates a limiter. `clock` returns monotonic milliseconds; the default reads the system's uptime clock.
    public init(configuration: Configuration,
                clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds / 1_000_000 }) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Returns a permit to send `bytes` (compressed body bytes) to `project`/`logstore` now, or when to ask again.
    public func requestPermit(project: String, logstore: String, bytes: Int) -> Admission {
        let now = clock()
        let key = LogstoreKey(project: project, logstore: logstore)
        let configuration = self.configuration
        return state.withLock { state in
            var projectWindow = state.projects[project] ?? Self.window(maxLimit: configuration.maxConcurrencyPerProject,
                                                                       configuration: configuration)
            var logstoreWindow = state.logstores[key] ?? Self.window(maxLimit: configuration.maxConcurrencyPerLogstore,
                                                                     configuration: configuration)
            var bucket = state.buckets[key] ?? configuration.maxBytesPerSecond.map { rate in
                ByteRateBucket(bytesPerSecond: rate, capacityBytes: configuration.burstBytes ?? rate, now: now)
            }
            bucket?.refill(at: now)
            defer {
                state.projects[project] = projectWindow
                state.logstores[key] = logstoreWindow
                state.buckets[key] = bucket
            }

            if let deferral = Self.longer(projectWindow.deferral(at: now), logstoreWindow.deferral(at: now)) {
                return .deferred(deferral)
            }
            if let bucket, let wait = bucket.wait(for: bytes) {
                return .deferred(Deferral(reason: .byteRate, retryAfterMilliseconds: wait))
            }

            let permit = ConcurrencyPermit(
                id: state.nextPermitID, project: project, logstore: logstore, bytes: bytes,
                probesProject: projectWindow.grant(), probesLogstore: logstoreWindow.grant(),
                projectGeneration: projectWindow.generation, logstoreGeneration: logstoreWindow.generation
            )
            bucket?.take(bytes)
            state.nextPermitID += 1
            state.outstanding.insert(permit.id)
            return .granted(permit)
        }
    }

    /// Returns `permit` with the outcome of its request and adjusts the windows. A permit released twice, or from
    /// another limiter, is ignored.
    public func release(_ permit: ConcurrencyPermit, outcome: SendOutcome) {
        let now = clock()
        let key = LogstoreKey(project: permit.project, logstore: permit.logstore)
        let configuration = self.configuration
        state.withLock { state in
            guard state.outstanding.remove(permit.id) != nil,
                  var projectWindow = state.projects[permit.project], var logstoreWindow = state.logstores[key]
            else { return }

            switch outcome {
            case .accepted:
                projectWindow.recordSuccess(wasProbe: permit.probesProject,
                                            initialProbeIntervalMilliseconds: configuration.initialProbeIntervalMilliseconds)
                logstoreWindow.recordSuccess(wasProbe: permit.probesLogstore,
                                             initialProbeIntervalMilliseconds: configuration.initialProbeIntervalMilliseconds)
            case .quotaExceeded(.project):
                projectWindow.recordQuotaExceeded(
                    wasProbe: permit.probesProject, grantedGeneration: permit.projectGeneration, now: now,
                    growth: configuration.probeIntervalGrowth,
                    maxIntervalMilliseconds: configuration.maxProbeIntervalMilliseconds
                )
                logstoreWindow.recordOtherFailure(wasProbe: permit.probesLogstore, now: now)
            case .quotaExceeded(.logstore):
                logstoreWindow.recordQuotaExceeded(
                    wasProbe: permit.probesLogstore, grantedGeneration: permit.logstoreGeneration, now: now,
                    growth: configuration.probeIntervalGrowth,
                    maxIntervalMilliseconds: configuration.maxProbeIntervalMilliseconds
                )
                projectWindow.recordOtherFailure(wasProbe: permit.probesProject, now: now)
            case .failed:
                projectWindow.recordOtherFailure(wasProbe: permit.probesProject, now: now)
                logstoreWindow.recordOtherFailure(wasProbe: permit.probesLogstore, now: now)
            }
            state.projects[permit.project] = projectWindow
            state.logstores[key] = logstoreWindow
        }
    }

    /// Returns the windows and the byte budget of `project`/`logstore` as they stand now.
    public func snapshot(project: String, logstore: String) -> Snapshot {
        let now = clock()
        let key = LogstoreKey(project: project, logstore: logstore)
        let configuration = self.configuration
        return state.withLock { state in
            let projectWindow = state.projects[project] ?? Self.window(maxLimit: configuration.maxConcurrencyPerProject,
                                                                       configuration: configuration)
            let logstoreWindow = state.logstores[key] ?? Self.window(maxLimit: configuration.maxConcurrencyPerLogstore,
                                                                     configuration: configuration)
            var availableBytes: Int?
            if var bucket = state.buckets[key] {
                bucket.refill(at: now)
                availableBytes = Int(bucket.tokens.rounded(.down))
            } else if let rate = configuration.maxBytesPerSecond {
                availableBytes = configuration.burstBytes ?? rate
            }
            return Snapshot(
                projectLimit: projectWindow.limit, projectInFlight: projectWindow.inFlight,
                logstoreLimit: logstoreWindow.limit, logstoreInFlight: logstoreWindow.inFlight,
                logstoreProbeIntervalMilliseconds: logstoreWindow.probeIntervalMilliseconds,
                availableBytes: availableBytes
            )
        }
    }

    private static func window(maxLimit: Int, configuration: Configuration) -> ConcurrencyWindow {
        ConcurrencyWindow(maxLimit: maxLimit, initialProbeIntervalMilliseconds: configuration.initialProbeIntervalMilliseconds)
    }

    /// Returns the deferral that lasts longer: one that waits for a release wins over a timed one, because the
    /// timed one cannot help while the other holds.
    private static func longer(_ first: Deferral?, _ second: Deferral?) -> Deferral? {
        guard let first else { return second }
        guard let second else { return first }
        guard let firstWait = first.retryAfterMilliseconds else { return first }
        guard let secondWait = second.retryAfterMilliseconds else { return second }
        return firstWait >= secondWait ? first : second
    }
}

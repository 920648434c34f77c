import Core
import SLS
import Testing

/// The rules of ``ConcurrencyLimiter``, driven by a clock the tests move by hand.
@Suite("ConcurrencyLimiter")
struct ConcurrencyLimiterTests {
    /// Monotonic milliseconds, moved by hand.
    final class Clock: Sendable {
        private let milliseconds = Locked<UInt64>(10_000)

        func advance(by delta: UInt64) {
            milliseconds.withLock { $0 += delta }
        }

        var function: @Sendable () -> UInt64 {
            { [self] in milliseconds.withLock { $0 } }
        }
    }

    private func limiter(_ configuration: ConcurrencyLimiter.Configuration, clock: Clock) -> ConcurrencyLimiter {
        ConcurrencyLimiter(configuration: configuration, clock: clock.function)
    }

    /// Returns the permit of a granted admission, recording an issue otherwise.
    private func permit(_ admission: Admission, sourceLocation: SourceLocation = #_sourceLocation) -> ConcurrencyPermit? {
        guard case .granted(let permit) = admission else {
            Issue.record("expected a permit, got \(admission)", sourceLocation: sourceLocation)
            return nil
        }
        return permit
    }

    private func request(_ limiter: ConcurrencyLimiter, logstore: String = "audit", bytes: Int = 100) -> Admission {
        limiter.requestPermit(project: "proj", logstore: logstore, bytes: bytes)
    }

    @Test func grantsUpToLogstoreMaximum() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 3, maxConcurrencyPerProject: 10), clock: clock)
        let permits = (0..<3).compactMap { _ in permit(request(limiter)) }

        #expect(permits.count == 3)
        #expect(Set(permits.map(\.id)).count == 3)
        #expect(request(limiter) == .deferred(Deferral(reason: .concurrency, retryAfterMilliseconds: nil)))

        limiter.release(permits[0], outcome: .accepted)

        #expect(permit(request(limiter)) != nil)
        #expect(limiter.snapshot(project: "proj", logstore: "audit").logstoreInFlight == 3)
    }

    @Test func quotaHalvesLogstoreWindowOncePerGeneration() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 8), clock: clock)
        let permits = (0..<8).compactMap { _ in permit(request(limiter)) }

        limiter.release(permits[0], outcome: .quotaExceeded(.logstore))
        #expect(limiter.snapshot(project: "proj", logstore: "audit").logstoreLimit == 4)

        // The other requests were sent under the old window; their quota errors do not halve it again.
        limiter.release(permits[1], outcome: .quotaExceeded(.logstore))
        limiter.release(permits[2], outcome: .quotaExceeded(.logstore))
        let snapshot = limiter.snapshot(project: "proj", logstore: "audit")
        #expect(snapshot.logstoreLimit == 4)
        #expect(snapshot.logstoreInFlight == 5)
        #expect(snapshot.projectLimit == 8)
        #expect(request(limiter) == .deferred(Deferral(reason: .concurrency, retryAfterMilliseconds: nil)))

        // A request granted after the halving belongs to the new generation and halves again.
        for permit in permits[3...] {
            limiter.release(permit, outcome: .failed)
        }
        let fresh = try #require(permit(request(limiter)))
        limiter.release(fresh, outcome: .quotaExceeded(.logstore))
        #expect(limiter.snapshot(project: "proj", logstore: "audit").logstoreLimit == 2)
    }

    @Test func successAddsOneUpToMaximum() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 4), clock: clock)
        let first = try #require(permit(request(limiter)))
        limiter.release(first, outcome: .quotaExceeded(.logstore))
        #expect(limiter.snapshot(project: "proj", logstore: "audit").logstoreLimit == 2)

        for expected in [3, 4, 4] {
            let next = try #require(permit(request(limiter)))
            limiter.release(next, outcome: .accepted)
            #expect(limiter.snapshot(project: "proj", logstore: "audit").logstoreLimit == expected)
        }
    }

    @Test func zeroWindowProbesWithGrowingInterval() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 1, initialProbeIntervalMilliseconds: 1_000,
                                    probeIntervalGrowth: 1.5, maxProbeIntervalMilliseconds: 60_000), clock: clock)
        let first = try #require(permit(request(limiter)))
        #expect(!first.isProbe)
        limiter.release(first, outcome: .quotaExceeded(.logstore))
        #expect(limiter.snapshot(project: "proj", logstore: "audit").logstoreLimit == 0)
        #expect(request(limiter) == .deferred(Deferral(reason: .probeInterval, retryAfterMilliseconds: 1_000)))

        clock.advance(by: 1_000)
        let probe = try #require(permit(request(limiter)))
        #expect(probe.isProbe)
        #expect(probe.probesLogstore)
        #expect(!probe.probesProject)
        #expect(request(limiter) == .deferred(Deferral(reason: .concurrency, retryAfterMilliseconds: nil)))

        limiter.release(probe, outcome: .quotaExceeded(.logstore))
        #expect(limiter.snapshot(project: "proj", logstore: "audit").logstoreProbeIntervalMilliseconds == 1_500)
        #expect(request(limiter) == .deferred(Deferral(reason: .probeInterval, retryAfterMilliseconds: 1_500)))

        clock.advance(by: 1_500)
        let secondProbe = try #require(permit(request(limiter)))
        limiter.release(secondProbe, outcome: .quotaExceeded(.logstore))
        #expect(limiter.snapshot(project: "proj", logstore: "audit").logstoreProbeIntervalMilliseconds == 2_250)
    }

    @Test func acceptedProbeReopensWindowAndResetsInterval() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 2), clock: clock)
        let permits = (0..<2).compactMap { _ in permit(request(limiter)) }
        limiter.release(permits[0], outcome: .quotaExceeded(.logstore))
        limiter.release(permits[1], outcome: .failed)
        let again = try #require(permit(request(limiter)))
        limiter.release(again, outcome: .quotaExceeded(.logstore))
        #expect(limiter.snapshot(project: "proj", logstore: "audit").logstoreLimit == 0)

        clock.advance(by: 1_000)
        let probe = try #require(permit(request(limiter)))
        limiter.release(probe, outcome: .quotaExceeded(.logstore))
        clock.advance(by: 1_500)
        let recovered = try #require(permit(request(limiter)))
        limiter.release(recovered, outcome: .accepted)

        let snapshot = limiter.snapshot(project: "proj", logstore: "audit")
        #expect(snapshot.logstoreLimit == 1)
        #expect(snapshot.logstoreProbeIntervalMilliseconds == 1_000)
        #expect(snapshot.logstoreInFlight == 0)
        #expect(permit(request(limiter))?.isProbe == false)
    }

    @Test func probeIntervalStopsAtMaximum() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 1, maxProbeIntervalMilliseconds: 3_000), clock: clock)
        let first = try #require(permit(request(limiter)))
        limiter.release(first, outcome: .quotaExceeded(.logstore))

        var intervals: [Int] = []
        for _ in 0..<5 {
            clock.advance(by: 3_000)
            let probe = try #require(permit(request(limiter)))
            limiter.release(probe, outcome: .quotaExceeded(.logstore))
            intervals.append(limiter.snapshot(project: "proj", logstore: "audit").logstoreProbeIntervalMilliseconds)
        }

        #expect(intervals == [1_500, 2_250, 3_000, 3_000, 3_000])
    }

    @Test func projectQuotaLimitsEveryLogstore() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 4, maxConcurrencyPerProject: 4), clock: clock)
        let audit = (0..<2).compactMap { _ in permit(request(limiter, logstore: "audit")) }
        let signin = (0..<2).compactMap { _ in permit(request(limiter, logstore: "signin")) }
        #expect(request(limiter, logstore: "third") == .deferred(Deferral(reason: .concurrency, retryAfterMilliseconds: nil)))

        limiter.release(audit[0], outcome: .quotaExceeded(.project))

        let snapshot = limiter.snapshot(project: "proj", logstore: "signin")
        #expect(snapshot.projectLimit == 2)
        #expect(snapshot.projectInFlight == 3)
        #expect(snapshot.logstoreLimit == 4)
        #expect(request(limiter, logstore: "signin") == .deferred(Deferral(reason: .concurrency, retryAfterMilliseconds: nil)))
        #expect(permit(limiter.requestPermit(project: "other", logstore: "audit", bytes: 1)) != nil)

        limiter.release(audit[1], outcome: .accepted)
        limiter.release(signin[0], outcome: .accepted)
        #expect(permit(request(limiter, logstore: "signin")) != nil)
    }

    @Test func byteRateDefersUntilTokensRefill() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 10, maxBytesPerSecond: 1_000), clock: clock)

        #expect(permit(request(limiter, bytes: 600)) != nil)
        #expect(request(limiter, bytes: 600) == .deferred(Deferral(reason: .byteRate, retryAfterMilliseconds: 200)))
        #expect(limiter.snapshot(project: "proj", logstore: "audit").availableBytes == 400)

        clock.advance(by: 200)
        #expect(permit(request(limiter, bytes: 600)) != nil)
        #expect(limiter.snapshot(project: "proj", logstore: "audit").availableBytes == 0)
    }

    @Test func oversizedRequestWaitsForFullBucket() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 10, maxBytesPerSecond: 1_000, burstBytes: 1_000),
                              clock: clock)

        #expect(permit(request(limiter, bytes: 5_000)) != nil)
        // The bucket is 4,000 bytes in debt, so 10 more bytes wait 4.01 seconds.
        #expect(request(limiter, bytes: 10) == .deferred(Deferral(reason: .byteRate, retryAfterMilliseconds: 4_010)))

        clock.advance(by: 4_010)
        #expect(permit(request(limiter, bytes: 10)) != nil)
    }

    @Test func concurrencyDeferralWinsOverByteRate() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 1, maxBytesPerSecond: 100), clock: clock)
        _ = try #require(permit(request(limiter, bytes: 100)))

        #expect(request(limiter, bytes: 100) == .deferred(Deferral(reason: .concurrency, retryAfterMilliseconds: nil)))
    }

    @Test func releasingTwiceIsIgnored() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 2), clock: clock)
        let first = try #require(permit(request(limiter)))
        _ = try #require(permit(request(limiter)))

        limiter.release(first, outcome: .accepted)
        limiter.release(first, outcome: .quotaExceeded(.logstore))

        let snapshot = limiter.snapshot(project: "proj", logstore: "audit")
        #expect(snapshot.logstoreInFlight == 1)
        #expect(snapshot.logstoreLimit == 2)
    }

    @Test func otherFailureKeepsWindowAndProbeInterval() throws {
        let clock = Clock()
        let limiter = limiter(.init(maxConcurrencyPerLogstore: 1), clock: clock)
        let first = try #require(permit(request(limiter)))
        limiter.release(first, outcome: .quotaExceeded(.logstore))
        clock.advance(by: 1_000)
        let probe = try #require(permit(request(limiter)))

        limiter.release(probe, outcome: .failed)

        let snapshot = limiter.snapshot(project: "proj", logstore: "audit")
        #expect(snapshot.logstoreLimit == 0)
        #expect(snapshot.logstoreProbeIntervalMilliseconds == 1_000)
        #expect(request(limiter) == .deferred(Deferral(reason: .probeInterval, retryAfterMilliseconds: 1_000)))
    }

    @Test func outcomeFollowsResult() {
        func failure(_ status: Int, _ code: String) -> PutLogsResult {
            .failed(.service(SLSServiceError(httpStatus: status, code: code, message: "", requestID: nil), serverTime: nil))
        }
        #expect(SendOutcome(.accepted(PutLogsReceipt(requestID: nil, serverTime: nil))) == .accepted)
        #expect(SendOutcome(failure(403, "WriteQuotaExceed")) == .quotaExceeded(.project))
        #expect(SendOutcome(failure(403, "ExceedQuota")) == .quotaExceeded(.project))
        #expect(SendOutcome(failure(403, "ShardWriteQuotaExceed")) == .quotaExceeded(.logstore))
        #expect(SendOutcome(failure(500, "InternalServerError")) == .failed)
        #expect(SendOutcome(.failed(.transport(TransportError(kind: .timeout, curlCode: 28, curlMessage: "")))) == .failed)
    }

    @Test func configurationValidateListsProblems() {
        let configuration = ConcurrencyLimiter.Configuration(
            maxConcurrencyPerLogstore: 0, initialProbeIntervalMilliseconds: 0, probeIntervalGrowth: 0.5,
            maxBytesPerSecond: 0, burstBytes: -1
        )
        #expect(configuration.validate().count == 5)
        #expect(ConcurrencyLimiter.Configuration(maxConcurrencyPerLogstore: 8).validate().isEmpty)
    }
}

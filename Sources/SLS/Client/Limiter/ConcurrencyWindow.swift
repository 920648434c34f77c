/// The additive-increase, multiplicative-decrease window of one project or one Logstore.
struct ConcurrencyWindow: Sendable, Equatable {
    /// Requests allowed in flight; 0 means only probes are sent.
    var limit: Int
    let maxLimit: Int
    var inFlight = 0
    /// Increased at each halving, so that quota errors of requests sent before it do not halve again.
    var generation: UInt64 = 0
    var probeInFlight = false
    /// Milliseconds between probes while the limit is 0.
    var probeIntervalMilliseconds: Int
    /// The monotonic time in milliseconds when the next probe may be sent.
    var nextProbeAt: UInt64 = 0

    init(maxLimit: Int, initialProbeIntervalMilliseconds: Int) {
        limit = maxLimit
        self.maxLimit = maxLimit
        probeIntervalMilliseconds = initialProbeIntervalMilliseconds
    }

    /// Returns nil when one more request may go at `now` (as a probe when the limit is 0), else the deferral.
    func deferral(at now: UInt64) -> Deferral? {
        if limit > 0 {
            return inFlight < limit ? nil : Deferral(reason: .concurrency, retryAfterMilliseconds: nil)
        }
        if probeInFlight {
            return Deferral(reason: .concurrency, retryAfterMilliseconds: nil)
        }
        if now < nextProbeAt {
            return Deferral(reason: .probeInterval, retryAfterMilliseconds: Int(nextProbeAt - now))
        }
        return nil
    }

    /// Records a granted request and returns whether it is a probe.
    mutating func grant() -> Bool {
        inFlight += 1
        if limit == 0 {
            probeInFlight = true
            return true
        }
        return false
    }

    /// Grows the limit by one. At zero only an accepted probe reopens the window (at one, with the probe interval
    /// reset), because a request sent before the quota ran out cannot show whether it has recovered.
    mutating func recordSuccess(wasProbe: Bool, initialProbeIntervalMilliseconds: Int) {
        inFlight -= 1
        if wasProbe {
            probeInFlight = false
            probeIntervalMilliseconds = initialProbeIntervalMilliseconds
            limit = max(limit, 1)
        } else if limit > 0 {
            limit = min(maxLimit, limit + 1)
        }
    }

    /// Halves the limit for a quota error of a request granted at `grantedGeneration`, once per generation. A failed
    /// probe waits longer before the next one: the interval grows by `growth` up to `maxInterval`.
    mutating func recordQuotaExceeded(wasProbe: Bool, grantedGeneration: UInt64, now: UInt64, growth: Double,
                                      maxIntervalMilliseconds: Int) {
        inFlight -= 1
        if wasProbe {
            probeInFlight = false
            let grown = Double(probeIntervalMilliseconds) * growth
            probeIntervalMilliseconds = min(maxIntervalMilliseconds, Int(grown.rounded(.up)))
            nextProbeAt = now + UInt64(probeIntervalMilliseconds)
            return
        }
        guard grantedGeneration == generation, limit > 0 else { return }
        limit /= 2
        generation += 1
        if limit == 0 {
            nextProbeAt = now + UInt64(probeIntervalMilliseconds)
        }
    }

    /// Frees the slot of a request that failed for another reason; a failed probe is retried after the current
    /// interval, which does not grow.
    mutating func recordOtherFailure(wasProbe: Bool, now: UInt64) {
        inFlight -= 1
        if wasProbe {
            probeInFlight = false
            nextProbeAt = now + UInt64(probeIntervalMilliseconds)
        }
    }
}

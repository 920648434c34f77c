/// The rules behind `/readyz`, applied to what the bridge observed. Each rule that fails adds one reason.
struct ReadinessRules: Sendable {
    var thresholds: MetricsConfiguration.Readiness

    /// Evaluates the rules at `nowNanoseconds` (monotonic): the run is in progress, the consumer was polled
    /// within ``MetricsConfiguration/Readiness/maxPollGapMilliseconds``, no record read has waited longer than
    /// ``MetricsConfiguration/Readiness/maxUndeliveredAgeMilliseconds``, librdkafka has not reported every
    /// broker down for longer than the poll gap, and no operator alert is active.
    func evaluate(
        isRunning: Bool, lastPollNanoseconds: UInt64?, oldest: UndeliveredRecordClock.OldestRecord?,
        alerts: [OperatorAlerts.Alert], brokersDownSinceNanoseconds: UInt64? = nil, nowNanoseconds: UInt64
    ) -> ReadinessReport {
        guard isRunning else { return ReadinessReport(reasons: ["the bridge is not running"]) }

        var reasons: [String] = []
        if let polled = lastPollNanoseconds {
            let gap = Self.milliseconds(nowNanoseconds - min(polled, nowNanoseconds))
            if gap > thresholds.maxPollGapMilliseconds {
                reasons.append("no poll of the consumer for \(gap) ms (limit \(thresholds.maxPollGapMilliseconds) ms)")
            }
        } else {
            reasons.append("the consumer has not been polled yet")
        }
        if let oldest {
            let age = Self.milliseconds(oldest.ageNanoseconds)
            if age > thresholds.maxUndeliveredAgeMilliseconds {
                reasons.append("the record at \(oldest.partition.topic)[\(oldest.partition.partition)] offset "
                    + "\(oldest.offset) was read \(age) ms ago and is not delivered yet "
                    + "(limit \(thresholds.maxUndeliveredAgeMilliseconds) ms)")
            }
        }
        if let since = brokersDownSinceNanoseconds {
            let down = Self.milliseconds(nowNanoseconds - min(since, nowNanoseconds))
            if down > thresholds.maxPollGapMilliseconds {
                reasons.append("every Kafka broker has been unreachable for \(down) ms (limit \(thresholds.maxPollGapMilliseconds) ms)")
            }
        }
        for alert in alerts {
            let origin = alert.source == .sls ? "SLS" : "Event Hubs"
            reasons.append("\(origin) error \(alert.code) needs an operator: \(alert.message)")
        }
        return ReadinessReport(reasons: reasons)
    }

    static func milliseconds(_ nanoseconds: UInt64) -> Int {
        Int(nanoseconds / 1_000_000)
    }
}

/// The result of `/readyz`: whether the bridge is consuming and delivering within its thresholds, and if
/// not, every reason why.
public struct ReadinessReport: Sendable, Equatable {
    /// One sentence per failed rule, such as `no poll of the consumer for 75000 ms (limit 60000 ms)`.
    public var reasons: [String]

    public init(reasons: [String]) {
        self.reasons = reasons
    }

    public var isReady: Bool { reasons.isEmpty }

    /// The response body: `ready`, or `not ready` followed by one `- reason` line each.
    public var text: String {
        isReady ? "ready\n" : (["not ready"] + reasons.map { "- \($0)" }).joined(separator: "\n") + "\n"
    }
}

/// How many repeats of one log line are written before further repeats are counted instead.
///
/// Lines repeat when they have the same logger label, level and message; their metadata may differ. Within
/// each interval the first ``burst`` repeats are written and the rest are counted. The first repeat after
/// the interval carries the count as `log.suppressed`; when no repeat follows, a line with the message
/// `repeated log lines suppressed` reports it instead.
public struct LogRateLimit: Sendable, Equatable {
    /// The length of one counting window, in milliseconds; 0 turns rate limiting off.
    public var intervalMilliseconds: Int
    /// Repeats written per window before the rest are counted.
    public var burst: Int
    /// Lines below this level are never limited, so debug output stays complete while an operator reads it.
    public var minimumLevel: LogLevel

    public init(intervalMilliseconds: Int = 10_000, burst: Int = 5, minimumLevel: LogLevel = .notice) {
        self.intervalMilliseconds = intervalMilliseconds
        self.burst = burst
        self.minimumLevel = minimumLevel
    }

    /// Writes every line.
    public static let off = LogRateLimit(intervalMilliseconds: 0)

    public var isEnabled: Bool { intervalMilliseconds > 0 && burst > 0 }
}

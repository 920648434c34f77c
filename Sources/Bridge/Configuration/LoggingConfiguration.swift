import Core

/// The level, format and rate limit of ehbridge's own log lines, which go to standard error.
public struct LoggingConfiguration: Sendable, Equatable {
    public var level: LogLevel
    public var format: LogFormat
    /// How many repeats of one line (same logger, level and message) are written per interval before the
    /// rest are only counted; warnings and above only.
    public var rateLimit: LogRateLimit

    public init(level: LogLevel = .info, format: LogFormat = .logfmt, rateLimit: LogRateLimit = LogRateLimit()) {
        self.level = level
        self.format = format
        self.rateLimit = rateLimit
    }
}

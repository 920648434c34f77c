import Core

/// The level and format of ehbridge's own log lines, which go to standard error.
public struct LoggingConfiguration: Sendable, Equatable {
    public var level: LogLevel
    public var format: LogFormat

    public init(level: LogLevel = .info, format: LogFormat = .logfmt) {
        self.level = level
        self.format = format
    }
}

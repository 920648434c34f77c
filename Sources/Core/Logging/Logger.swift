import Foundation

/// A structured logger: a constant message plus key/value metadata, written through a ``LogSink``.
///
/// Libraries receive a logger from their caller and never create one deep inside; they log at `info` or
/// below and leave louder levels to the application, except for errors they catch and do not re-raise.
/// Every line passes through ``SecretRedactor`` before it is written.
///
/// ```swift
/// logger.info("partitions assigned", metadata: ["kafka.topic": "insights-logs-auditevent", "kafka.partitions": 4])
/// ```
public struct Logger: Sendable {
    public var label: String
    public var minimumLevel: LogLevel
    public var sink: any LogSink
    /// Metadata added to every line this logger writes.
    public var metadata: LogMetadata

    public init(label: String, minimumLevel: LogLevel = .info, sink: any LogSink = StreamLogSink(), metadata: LogMetadata = [:]) {
        self.label = label
        self.minimumLevel = minimumLevel
        self.sink = sink
        self.metadata = metadata
    }

    /// A logger that writes nothing, for tests and tools that run quietly.
    public static var disabled: Logger {
        Logger(label: "disabled", minimumLevel: .critical, sink: DiscardingLogSink())
    }

    /// Returns a copy with another label and extra metadata, sharing the sink and level.
    public func child(label: String, metadata extra: LogMetadata = [:]) -> Logger {
        var copy = self
        copy.label = label
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    public func isEnabled(_ level: LogLevel) -> Bool { level >= minimumLevel }

    public func log(_ level: LogLevel, _ message: String, metadata extra: @autoclosure () -> LogMetadata = [:]) {
        guard level >= minimumLevel else { return }
        var merged = metadata
        merged.merge(extra()) { _, new in new }
        let record = LogRecord(
            timestamp: Date().timeIntervalSince1970, level: level, label: label, message: message, metadata: merged
        )
        sink.write(record)
    }

    public func trace(_ message: String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.trace, message, metadata: metadata())
    }

    public func debug(_ message: String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.debug, message, metadata: metadata())
    }

    public func info(_ message: String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.info, message, metadata: metadata())
    }

    public func notice(_ message: String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.notice, message, metadata: metadata())
    }

    public func warning(_ message: String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.warning, message, metadata: metadata())
    }

    public func error(_ message: String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.error, message, metadata: metadata())
    }

    public func critical(_ message: String, metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.critical, message, metadata: metadata())
    }
}

/// One log line before formatting.
public struct LogRecord: Sendable {
    /// Seconds since the Unix epoch, with sub-second precision.
    public var timestamp: Double
    public var level: LogLevel
    /// The component that wrote the line, such as `kafka` or `sls`.
    public var label: String
    /// A constant text that names the event; the variable data goes into ``metadata``.
    public var message: String
    public var metadata: LogMetadata

    public init(timestamp: Double, level: LogLevel, label: String, message: String, metadata: LogMetadata) {
        self.timestamp = timestamp
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
    }
}

import Core

/// The body of one PutLogs request before compression: logs that share a topic, a source and tags.
public struct LogGroup: Sendable, Equatable {
    public var logs: [LogEntry]
    /// The group's `__topic__`, or "" for none.
    public var topic: String
    /// The group's `__source__`, or "" for none.
    public var source: String
    public var tags: [LogTag]

    public init(logs: [LogEntry], topic: String = "", source: String = "", tags: [LogTag] = []) {
        self.logs = logs
        self.topic = topic
        self.source = source
        self.tags = tags
    }
}

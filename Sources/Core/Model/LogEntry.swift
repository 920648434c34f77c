/// One log as it will be written to a Logstore: a time and an ordered list of key/value contents.
///
/// This is the unit that normalization produces and the SLS encoder consumes. Keys are unique within an
/// entry (SLS leaves duplicate keys undefined), and their order is the order of the source record. The contents
/// are stored packed (see ``PackedLogContents``); ``contents`` decodes them into strings.
public struct LogEntry: Sendable, Equatable {
    /// Seconds since the Unix epoch, UTC. SLS stores this as the log's `__time__`.
    public var time: UInt32
    /// The sub-second part of the time in nanoseconds (0 to 999,999,999), or nil when the source had none.
    public var timeNanoseconds: UInt32?
    /// The contents in the encoding of the SLS LogGroup protobuf.
    public var packedContents: PackedLogContents

    public init(time: UInt32, timeNanoseconds: UInt32? = nil, contents: [LogContent]) {
        self.init(time: time, timeNanoseconds: timeNanoseconds, packedContents: PackedLogContents(contents))
    }

    public init(time: UInt32, timeNanoseconds: UInt32? = nil, packedContents: PackedLogContents) {
        self.time = time
        self.timeNanoseconds = timeNanoseconds
        self.packedContents = packedContents
    }

    /// The contents as strings. Reading decodes every key and value, and writing packs them again, so code that
    /// handles many entries reads ``packedContents`` instead.
    public var contents: [LogContent] {
        get { packedContents.contents }
        set { packedContents = PackedLogContents(newValue) }
    }

    /// Returns the value of the first content with this key, or nil.
    public subscript(key: String) -> String? {
        packedContents.value(forKey: key)
    }
}

/// One key/value pair of a log entry. Both are UTF-8 text.
public struct LogContent: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

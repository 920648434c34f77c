import Core

/// Exact sizes of log entries in the LogGroup protobuf encoding, so that a batch can be sealed before it
/// passes its byte limit without encoding it twice.
enum LogEntrySize {
    /// Bytes this entry adds to a LogGroup: the `Logs` field tag, its length prefix and the `Log` message.
    static func inLogGroup(_ entry: LogEntry) -> Int {
        let body = logMessage(entry)
        return 1 + varintLength(UInt64(body)) + body
    }

    /// Bytes of the `Log` message itself: `Time` (field 1), each `Contents` (field 2) and `Time_ns` (field 4).
    static func logMessage(_ entry: LogEntry) -> Int {
        var size = 1 + varintLength(UInt64(entry.time))
        for content in entry.contents {
            let key = content.key.utf8.count
            let value = content.value.utf8.count
            let pair = 1 + varintLength(UInt64(key)) + key + 1 + varintLength(UInt64(value)) + value
            size += 1 + varintLength(UInt64(pair)) + pair
        }
        if entry.timeNanoseconds != nil { size += 5 }
        return size
    }

    static func varintLength(_ value: UInt64) -> Int {
        var length = 1
        var remaining = value >> 7
        while remaining != 0 {
            length += 1
            remaining >>= 7
        }
        return length
    }
}

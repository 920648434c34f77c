import Core
import SLS

/// Exact sizes of log entries in the LogGroup protobuf encoding, so that a batch can be sealed before it
/// passes its byte limit without encoding it twice.
enum LogEntrySize {
    /// Bytes this entry adds to a LogGroup: the `Logs` field tag, its length prefix and the `Log` message.
    /// Takes constant time, because the entry's contents are stored in their encoded form.
    static func inLogGroup(_ entry: LogEntry) -> Int {
        LogGroupEncoder.encodedSize(ofLog: entry)
    }
}

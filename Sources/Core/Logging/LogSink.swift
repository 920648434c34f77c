import Foundation

/// Where log records go. Implementations must be safe to call from any thread.
public protocol LogSink: Sendable {
    func write(_ record: LogRecord)
}

/// Writes each record as one line to standard error (the default) or standard output.
public final class StreamLogSink: LogSink {
    public enum Stream: Sendable { case standardError, standardOutput }

    private let format: LogFormat
    private let fileDescriptor: Int32
    private let writeLock = Locked(())

    public init(format: LogFormat = .logfmt, stream: Stream = .standardError) {
        self.format = format
        self.fileDescriptor = stream == .standardError ? STDERR_FILENO : STDOUT_FILENO
    }

    public func write(_ record: LogRecord) {
        let line = format.render(record) + "\n"
        writeLock.withLock { _ in
            var bytes = Array(line.utf8)
            var written = 0
            while written < bytes.count {
                let result = bytes.withUnsafeMutableBytes { buffer in
                    Foundation.write(fileDescriptor, buffer.baseAddress! + written, buffer.count - written)
                }
                if result <= 0 { break }
                written += result
            }
            bytes.removeAll()
        }
    }
}

/// Keeps rendered lines in memory, for tests that check what was logged (and that no secret was).
public final class CapturingLogSink: LogSink {
    private let format: LogFormat
    private let storage = Locked<[String]>([])

    public init(format: LogFormat = .logfmt) {
        self.format = format
    }

    public func write(_ record: LogRecord) {
        let line = format.render(record)
        storage.withLock { $0.append(line) }
    }

    /// The rendered lines so far, oldest first.
    public var lines: [String] { storage.withLock { $0 } }
}

/// Drops every record.
public struct DiscardingLogSink: LogSink {
    public init() {}
    public func write(_ record: LogRecord) {}
}

import Dispatch
import Foundation

/// Reads a child's standard error on a thread of its own, copies it to a log file, keeps the last lines for
/// error messages and notes when a line contains the readiness marker.
final class OutputWatcher: @unchecked Sendable {
    // @unchecked: the mutable state is guarded by `condition`.
    private let condition = NSCondition()
    private var recentLines: [String] = []
    private var pendingText = ""
    private var markerSeen = false
    private var finished = false
    private let marker: String?
    private let fileDescriptor: Int32
    private let log: FileHandle?

    /// Starts reading `fileDescriptor`, which the watcher closes at end of file.
    init(fileDescriptor: Int32, marker: String?, logPath: String) {
        self.fileDescriptor = fileDescriptor
        self.marker = marker
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        self.log = FileHandle(forWritingAtPath: logPath)
        let thread = Thread { [self] in readUntilEnd() }
        thread.name = "bench-output-watcher"
        thread.start()
    }

    /// Waits until a line contained the marker; returns false when the stream ended or `seconds` passed first.
    func waitForMarker(seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while !markerSeen && !finished {
            if !condition.wait(until: deadline) { break }
        }
        return markerSeen
    }

    /// The last lines written, oldest first, for error messages.
    var tail: [String] {
        condition.lock()
        defer { condition.unlock() }
        return recentLines
    }

    private func readUntilEnd() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            let chunk = Array(buffer[0..<count])
            log?.write(Data(chunk))
            append(String(decoding: chunk, as: UTF8.self))
        }
        close(fileDescriptor)
        try? log?.close()

        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func append(_ text: String) {
        condition.lock()
        defer { condition.unlock() }

        pendingText += text
        var lines = pendingText.split(separator: "\n", omittingEmptySubsequences: false)
        pendingText = String(lines.removeLast())
        for line in lines {
            if let marker, !markerSeen, line.contains(marker) {
                markerSeen = true
                condition.broadcast()
            }
            recentLines.append(String(line))
        }
        if recentLines.count > 40 {
            recentLines.removeFirst(recentLines.count - 40)
        }
    }
}

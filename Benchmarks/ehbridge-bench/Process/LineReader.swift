import Foundation

/// Reads a child's standard output on a thread of its own and hands each line, without its newline, to a handler.
final class LineReader: Sendable {
    /// Starts reading `fileDescriptor`, which the reader closes at end of file.
    init(fileDescriptor: Int32, handler: @escaping @Sendable (Substring) -> Void) {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var pending: [UInt8] = []
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    handler(Substring(String(decoding: pending[..<newline], as: UTF8.self)))
                    pending.removeSubrange(...newline)
                }
            }
            close(fileDescriptor)
        }
        thread.name = "bench-line-reader"
        thread.start()
    }
}

import Foundation

/// Standard output or standard error, written through unbuffered file descriptors.
struct FileDescriptorOutput: TextOutput {
    let descriptor: Int32

    static let standardOutput = FileDescriptorOutput(descriptor: STDOUT_FILENO)
    static let standardError = FileDescriptorOutput(descriptor: STDERR_FILENO)

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result <= 0 { break }
            written += result
        }
        bytes.removeAll()
    }
}

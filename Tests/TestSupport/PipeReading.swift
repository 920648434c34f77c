import Foundation
import Glibc

extension FileHandle {
    /// Reads until end of file and returns the bytes, reading again when a signal interrupts a read.
    ///
    /// Foundation's `readDataToEndOfFile()` stops the process with a fatal error when `read(2)` fails with
    /// `EINTR`, which ended one full test run while tests that start child processes and handle signals ran in
    /// parallel. Any other read error ends the loop with the bytes read so far, for the test to check.
    public func readToEndRetryingInterrupts() -> Data {
        var data = Data()
        while true {
            let chunk = readChunkRetryingInterrupts()
            if chunk.isEmpty {
                return data
            }
            data.append(chunk)
        }
    }

    /// Returns the bytes of one read, up to 64 KiB, or empty data at end of file or on an error other than
    /// `EINTR`. Use it in place of `availableData`, which stops the process on `EINTR` as well.
    public func readChunkRetryingInterrupts() -> Data {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                return Data(buffer[0..<count])
            }
            if count < 0 && errno == EINTR {
                continue
            }
            return Data()
        }
    }
}

import Foundation
import TestSupport

/// A child process whose standard error is collected while it runs, so that it can be signalled at any
/// point and its log read afterwards.
final class ChildProcess: @unchecked Sendable {
    private let process: SpawnedProcess
    private let errorPipe = Pipe()
    private let collected = NSLock()
    private var errorData = Data()

    private init(process: SpawnedProcess) {
        self.process = process
    }

    static func start(_ executable: URL, _ arguments: [String]) throws -> ChildProcess {
        let process = SpawnedProcess()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let child = ChildProcess(process: process)
        process.standardError = child.errorPipe
        try process.run()
        child.startReading()
        return child
    }

    private func startReading() {
        let handle = errorPipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.readChunkRetryingInterrupts()
                if chunk.isEmpty { break }
                collected.lock()
                errorData.append(chunk)
                collected.unlock()
            }
        }
    }

    func kill(_ signalNumber: Int32) {
        Foundation.kill(process.processIdentifier, signalNumber)
    }

    /// Waits for the process to exit and returns its status (the signal number for a signalled exit).
    func wait() -> Int32 {
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.1)
        return process.terminationStatus
    }

    var errorOutput: String {
        collected.lock()
        defer { collected.unlock() }
        return String(decoding: errorData, as: UTF8.self)
    }
}

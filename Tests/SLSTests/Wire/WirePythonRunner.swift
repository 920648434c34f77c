import Foundation
import TestSupport
import Testing

/// Runs Python snippets in the `.venv` that `scripts/install-deps.sh` creates in the repository root, which has
/// the official SLS Python SDK (aliyun-log-python-sdk 0.9.52) and the `lz4` and `zstd` modules.
enum WirePythonRunner {
    /// The interpreter, or nil when the `.venv` does not exist.
    static let python: URL? = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 {
            root.deleteLastPathComponent()
        }
        let candidate = root.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    /// Runs `script` with `input` on standard input and returns its standard output.
    ///
    /// - Throws: when the process cannot start or exits with a non-zero status.
    static func run(script: String, input: Data) throws -> Data {
        let process = SpawnedProcess()
        process.executableURL = python
        process.arguments = ["-c", script]
        let standardInput = Pipe()
        let standardOutput = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput

        try process.run()
        standardInput.fileHandleForWriting.write(input)
        try standardInput.fileHandleForWriting.close()
        let output = standardOutput.fileHandleForReading.readToEndRetryingInterrupts()
        process.waitUntilExit()

        try #require(process.terminationStatus == 0, "the Python script exited with status \(process.terminationStatus)")
        return output
    }
}

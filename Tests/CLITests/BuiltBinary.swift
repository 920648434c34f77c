import Foundation
import TestSupport

/// Runs the `ehbridge` executable that `swift build` put next to the test bundle.
enum BuiltBinary {
    struct Result {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    /// The build products folder: the test runner (`ehbridgePackageTests.xctest`) sits in it.
    static var productsDirectory: URL {
        let runner = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return runner.deletingLastPathComponent()
    }

    static var ehbridge: URL { productsDirectory.appendingPathComponent("ehbridge") }

    /// Runs `ehbridge` with `arguments` in `directory` and waits for it.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws -> Result {
        try run(executable: ehbridge, arguments, environment: environment, directory: directory)
    }

    /// Runs `executable` with `arguments` in `directory` and waits for it.
    static func run(
        executable: URL, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
    ) throws -> Result {
        let process = SpawnedProcess()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        process.environment = merged
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errorOutput = Pipe()
        process.standardOutput = output
        process.standardError = errorOutput
        try process.run()
        // Read before waiting so a full pipe cannot block the child.
        let outputData = output.fileHandleForReading.readToEndRetryingInterrupts()
        let errorData = errorOutput.fileHandleForReading.readToEndRetryingInterrupts()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errorOutput: String(decoding: errorData, as: UTF8.self)
        )
    }

    static func temporaryDirectory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "ehbridge-cli-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}

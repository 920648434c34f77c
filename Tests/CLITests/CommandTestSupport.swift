import Core
import Foundation
@testable import CLI

/// Collects what a command prints.
final class CapturedOutput: TextOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""

    func write(_ text: String) {
        lock.lock()
        buffer += text
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return buffer
    }
}

/// Runs `ehbridge` command lines in-process.
enum CommandRunner {
    static let repositoryPricing = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Pricing").path

    /// Runs `arguments` and returns the exit code with standard output and standard error. With `interactive`,
    /// the command treats standard output as a terminal.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], interactive: Bool = false
    ) -> (ExitCode, String, String) {
        let output = CapturedOutput()
        let errors = CapturedOutput()
        let context = CommandContext(output: output, errorOutput: errors, environment: environment,
                                     logSink: DiscardingLogSink(), isInteractive: interactive)
        let code = CommandLineTool.run(arguments, context: context)
        return (code, output.text, errors.text)
    }

    /// Runs on a new thread, for commands that block on librdkafka.
    static func runOnThread(_ arguments: [String], interactive: Bool = false) async -> (ExitCode, String, String) {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: run(arguments, interactive: interactive)) }
            thread.start()
        }
    }
}

/// A folder that a test owns, removed when the value is released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ehbridge-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}

import Bridge
import Core
import Foundation
import Kafka
import LocalSLS
@testable import CLI

/// Text written by a command, kept for the test to read.
final class CheckCapturedOutput: TextOutput, @unchecked Sendable {
    private let storage = Locked("")
    func write(_ text: String) { storage.withLock { $0 += text } }
    var text: String { storage.withLock { $0 } }
}

/// A command run in-process with captured standard output, standard error and log lines.
struct CommandRun: Sendable {
    var status: ExitCode
    var output: String
    var errorOutput: String
    var logLines: [String]

    /// Everything the run wrote anywhere, for searches that must cover every path.
    var everything: String { ([output, errorOutput] + logLines).joined(separator: "\n") }

    /// Runs the command on a thread of its own, because `check` and `run` block while they connect.
    static func run(_ arguments: [String], environment: [String: String] = [:], logFormat: LogFormat? = nil) async throws
        -> CommandRun
    {
        try await offPool { runBlocking(arguments, environment: environment, logFormat: logFormat) }
    }

    static func runBlocking(_ arguments: [String], environment: [String: String], logFormat: LogFormat?) -> CommandRun {
        let output = CheckCapturedOutput()
        let errorOutput = CheckCapturedOutput()
        let logs = CapturingLogSink(format: logFormat ?? .logfmt)
        let jsonLogs = CapturingLogSink(format: .json)
        let context = CommandContext(
            output: output, errorOutput: errorOutput, environment: environment, logSink: logs,
            makeLogSink: { format in format == .json ? jsonLogs : logs }
        )
        let status = CommandLineTool.run(arguments, context: context)
        return CommandRun(status: status, output: output.text, errorOutput: errorOutput.text,
                          logLines: logs.lines + jsonLogs.lines)
    }
}

/// A folder under the system's temporary directory that a test owns, removed when the value is released.
final class CheckDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "ehbridge-check-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` and returns the path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = file(name)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// A local SLS server with one AccessKey and the project `check-proj` holding the Logstore `audit`.
final class CheckSLSServer {
    static let accessKeyID = "check-key-id"
    static let secret = "check-secret-6b1e9d"
    static let project = "check-proj"
    static let logstore = "audit"

    let server: LocalSLSServer
    let port: UInt16

    init() throws {
        server = LocalSLSServer(configuration: LocalSLSConfiguration(
            accessKeys: [LocalSLSConfiguration.AccessKey(id: Self.accessKeyID, secret: Secret(Self.secret))],
            projects: [LocalSLSConfiguration.Project(name: Self.project, logstores: .named([Self.logstore]))]
        ), logger: .disabled)
        port = try server.start()
    }

    deinit {
        server.stop()
    }
}

/// Returns a loopback port that nothing listens on: bound once to learn a free number, then closed.
func closedLoopbackPort() -> UInt16 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return UInt16(bigEndian: address.sin_port)
}

/// The YAML of a configuration for `check`, with a plain Kafka source or an Event Hubs connection string.
struct CheckConfiguration {
    var bootstrapServers: [String]
    var connectionString: String?
    var hub = "check-hub"
    var slsPort: UInt16
    var project = CheckSLSServer.project
    var logstore = CheckSLSServer.logstore
    var accessKeyID = CheckSLSServer.accessKeyID
    var secret = CheckSLSServer.secret
    var logFormat = "logfmt"
    var meterPath = "meter.sqlite"

    var yaml: String {
        let source: String
        if let connectionString {
            source = """
                  connection_string: "\(connectionString)"
                  bootstrap_servers: [\(bootstrapServers.joined(separator: ", "))]
                """
        } else {
            source = "  bootstrap_servers: [\(bootstrapServers.joined(separator: ", "))]"
        }
        return """
            source:
            \(source)
              hub: \(hub)
              consumer_group: check-group
            destination:
              mode: user-log-service
              endpoint: sls.test
              scheme: http
              connect_address: 127.0.0.1:\(slsPort)
              project: \(project)
              logstore: \(logstore)
              access_key_id: \(accessKeyID)
              access_key_secret: "\(secret)"
            meter:
              path: \(meterPath)
            logging:
              format: \(logFormat)
            metrics:
              enabled: false
            """
    }
}

/// A bridge run on a thread of its own.
final class CheckBackgroundRun: @unchecked Sendable {
    let service: BridgeService
    private let outcome = Locked<Result<RunSummary, any Error>?>(nil)

    init(_ service: BridgeService) {
        self.service = service
        let thread = Thread { [self] in
            let result = Result { try service.run() }
            outcome.withLock { $0 = result }
        }
        thread.start()
    }

    /// Asks the run to stop and waits, without blocking a thread of the test runner, for its summary.
    func stop() async throws -> RunSummary {
        service.requestStop()
        while true {
            if let result = outcome.withLock({ $0 }) { return try result.get() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Runs blocking work on a thread of its own and waits for it without blocking a thread of Swift's
/// cooperative pool, which the test runner shares among all tests (two threads on a two-core machine).
func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

/// Waits until `condition` holds, checking every 50 ms, for at most `seconds`.
func waitUntil(seconds: Double = 30, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return condition()
}

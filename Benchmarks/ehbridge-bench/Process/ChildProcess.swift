import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process the bench starts, with standard input from /dev/null, standard output to a file (or /dev/null) and
/// standard error watched by an ``OutputWatcher``. Its CPU time and peak memory come from `wait4`, so they
/// count that process alone.
final class ChildProcess {
    struct Specification {
        /// A path, or a name looked up in `PATH`.
        var executable: String
        var arguments: [String]
        /// Variables set on top of the bench's own environment.
        var environment: [String: String] = [:]
        var standardOutputPath = "/dev/null"
        /// When set, standard output goes to this handler line by line instead of to ``standardOutputPath``.
        var standardOutputLines: (@Sendable (Substring) -> Void)?
        var standardErrorLogPath: String
        /// Text of a standard-error line that shows the process is ready for input.
        var readinessMarker: String?
    }

    struct Termination {
        /// The exit status, or nil when a signal ended the process.
        var exitStatus: Int32?
        var signal: Int32?
        /// CPU time from `wait4`; its `maxResidentKiB` is not the child's own (see ``PeakMemorySampler``).
        var usage: ResourceUsage
        /// Peak resident set size of the program, in KiB.
        var peakResidentKiB: Int
    }

    let pid: pid_t
    let output: OutputWatcher
    private let memory: PeakMemorySampler
    private(set) var termination: Termination?

    init(_ specification: Specification) throws {
        var pipeEnds: [Int32] = [0, 0]
        var outputEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { throw BenchError.processFailed("pipe() failed with errno \(errno)") }
        if specification.standardOutputLines != nil {
            guard pipe(&outputEnds) == 0 else { throw BenchError.processFailed("pipe() failed with errno \(errno)") }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if outputEnds[1] >= 0 {
            posix_spawn_file_actions_adddup2(&actions, outputEnds[1], 1)
            posix_spawn_file_actions_addclose(&actions, outputEnds[0])
            posix_spawn_file_actions_addclose(&actions, outputEnds[1])
        } else {
            posix_spawn_file_actions_addopen(
                &actions, 1, specification.standardOutputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644
            )
        }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])

        var environment = ProcessInfo.processInfo.environment
        environment.merge(specification.environment) { _, new in new }
        let argv = ([specification.executable] + specification.arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }

        var pid: pid_t = 0
        let result = posix_spawnp(&pid, specification.executable, &actions, nil, argv, envp)
        close(pipeEnds[1])
        if outputEnds[1] >= 0 { close(outputEnds[1]) }
        guard result == 0 else {
            close(pipeEnds[0])
            if outputEnds[0] >= 0 { close(outputEnds[0]) }
            throw BenchError.processFailed("starting \(specification.executable) failed: \(String(cString: strerror(result)))")
        }
        self.pid = pid
        self.memory = PeakMemorySampler(pid: pid)
        self.output = OutputWatcher(fileDescriptor: pipeEnds[0], marker: specification.readinessMarker,
                                    logPath: specification.standardErrorLogPath)
        if let handler = specification.standardOutputLines {
            _ = LineReader(fileDescriptor: outputEnds[0], handler: handler)
        }
    }

    /// Returns the termination once the process exited, without waiting.
    func poll() -> Termination? {
        if let termination { return termination }

        memory.sample()
        var status: Int32 = 0
        var usage = rusage()
        let result = wait4(pid, &status, WNOHANG, &usage)
        guard result == pid else { return nil }
        memory.stop()

        // The status macros are not imported into Swift: the low 7 bits hold the signal, the next byte the status.
        let signal = status & 0x7F
        let ended = Termination(
            exitStatus: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
            usage: ResourceUsage(usage), peakResidentKiB: memory.peakResidentKiB
        )
        termination = ended
        return ended
    }

    /// Waits up to `seconds` for the process to exit, checking every 20 ms.
    func waitForExit(seconds: Double) -> Termination? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while Date() < deadline {
            if let ended = poll() { return ended }
            usleep(20_000)
        }
        return poll()
    }

    func send(_ signal: Int32) {
        guard termination == nil else { return }
        memory.sample()
        kill(pid, signal)
    }

    /// Ends the process: SIGTERM, then SIGKILL after `graceSeconds`. Returns its termination.
    @discardableResult
    func stop(graceSeconds: Double = 20) -> Termination? {
        send(SIGTERM)
        if let ended = waitForExit(seconds: graceSeconds) { return ended }
        send(SIGKILL)
        return waitForExit(seconds: 5)
    }
}

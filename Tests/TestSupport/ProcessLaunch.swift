import Foundation
import Glibc

/// A child process started with `posix_spawn`, with the part of `Foundation.Process`'s interface the tests use.
///
/// `Foundation.Process.run()` of Swift 6.3.1 on Linux crashes now and then: it copies the whole 256-byte
/// `d_name` of each `/proc/self/fd` entry, which reads past glibc's directory buffer when a short entry sits at
/// its end (swift-corelibs-foundation pull request 5472). It ended two CI runs, so the tests spawn children
/// themselves. Launches are serialized, and before each one every descriptor of the test process is marked
/// close-on-exec, so that a child inherits only its standard streams.
public final class SpawnedProcess: @unchecked Sendable {
    public var executableURL: URL?
    public var arguments: [String] = []
    /// The child's environment; nil passes the test process's own.
    public var environment: [String: String]?
    public var currentDirectoryURL: URL?
    /// A `Pipe` or a `FileHandle` for each standard stream; nil inherits the test process's.
    public var standardInput: Any?
    public var standardOutput: Any?
    public var standardError: Any?

    public private(set) var processIdentifier: pid_t = 0
    private let status = NSCondition()
    private var exitStatus: Int32?

    public init() {}

    /// Starts the child; throws when `posix_spawn` fails.
    public func run() throws {
        guard let executable = executableURL?.path else {
            throw SpawnError(message: "no executable set")
        }
        // `posix_spawn_file_actions_addchdir_np` is not visible from Swift, so coreutils' env changes the folder.
        var argv = [executable] + arguments
        if let directory = currentDirectoryURL?.path {
            argv = ["/usr/bin/env", "--chdir=\(directory)"] + argv
        }
        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        try Self.redirect(standardInput, to: STDIN_FILENO, reading: true, actions: &actions)
        try Self.redirect(standardOutput, to: STDOUT_FILENO, reading: false, actions: &actions)
        try Self.redirect(standardError, to: STDERR_FILENO, reading: false, actions: &actions)

        var pid: pid_t = 0
        let result = Self.launchLock.withLock { () -> Int32 in
            Self.markDescriptorsCloseOnExec()
            return Self.withCStrings(argv) { argvPointers in
                Self.withCStrings(environmentLines) { environmentPointers in
                    posix_spawn(&pid, argv[0], &actions, nil, argvPointers, environmentPointers)
                }
            }
        }
        guard result == 0 else {
            throw SpawnError(message: "posix_spawn of \(argv[0]) failed: \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
        // The child has its own copies now; the parent's ends would keep the pipes from reaching end of file.
        (standardInput as? Pipe).map { try? $0.fileHandleForReading.close() }
        (standardOutput as? Pipe).map { try? $0.fileHandleForWriting.close() }
        (standardError as? Pipe).map { try? $0.fileHandleForWriting.close() }
    }

    /// Waits for the child to exit.
    public func waitUntilExit() {
        status.lock()
        defer { status.unlock() }
        guard exitStatus == nil else {
            return
        }
        var raw: Int32 = 0
        while waitpid(processIdentifier, &raw, 0) == -1 && errno == EINTR {}
        // The exit code for a normal exit, else the signal number, as Foundation.Process reports them.
        exitStatus = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : raw & 0x7F
    }

    /// The exit code, or the number of the signal that ended the child. Call ``waitUntilExit()`` first.
    public var terminationStatus: Int32 {
        status.lock()
        defer { status.unlock() }
        return exitStatus ?? -1
    }

    private static let launchLock = NSLock()

    private static func redirect(
        _ stream: Any?, to target: Int32, reading: Bool, actions: inout posix_spawn_file_actions_t
    ) throws {
        switch stream {
        case let pipe as Pipe:
            let handle = reading ? pipe.fileHandleForReading : pipe.fileHandleForWriting
            posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
        case let handle as FileHandle where handle === FileHandle.nullDevice || handle.fileDescriptor < 0:
            posix_spawn_file_actions_addopen(&actions, target, "/dev/null", reading ? O_RDONLY : O_WRONLY, 0)
        case let handle as FileHandle:
            posix_spawn_file_actions_adddup2(&actions, handle.fileDescriptor, target)
        case nil:
            break
        default:
            throw SpawnError(message: "a standard stream must be a Pipe or a FileHandle")
        }
    }

    /// Marks every descriptor above the standard streams close-on-exec. `dup2` in the child clears the flag on
    /// the copies it makes, so the child keeps exactly its redirected streams.
    private static func markDescriptorsCloseOnExec() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in names.compactMap({ Int32($0) }) where descriptor > STDERR_FILENO {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 {
                _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC)
            }
        }
    }

    private static func withCStrings<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// A child process that could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

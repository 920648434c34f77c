import Foundation

/// Follows a child's peak resident set size through `VmHWM` in `/proc/<pid>/status`.
///
/// `ru_maxrss` from `wait4` is not usable here. When a process calls exec, Linux keeps the larger of the old and
/// the new memory's peak, and `posix_spawn` runs the child in the parent's memory until exec. Every child would
/// therefore report at least the bench's own peak. `VmHWM` belongs to the memory of the program after exec alone. The
/// sampler reads it every 50 ms while the process runs, so growth in its last 50 ms before exit can be missed.
final class PeakMemorySampler: @unchecked Sendable {
    // @unchecked: the mutable state is guarded by `lock`.
    private let lock = NSLock()
    private var peakKiB = 0
    private var stopped = false
    private let path: String

    init(pid: pid_t) {
        path = "/proc/\(pid)/status"
        let thread = Thread { [self] in
            while !isStopped {
                sample()
                usleep(50_000)
            }
        }
        thread.name = "bench-memory-sampler"
        thread.start()
    }

    /// The largest `VmHWM` seen, in KiB.
    var peakResidentKiB: Int {
        lock.lock()
        defer { lock.unlock() }
        return peakKiB
    }

    /// Reads `VmHWM` now, for example just before the process is signalled to stop.
    func sample() {
        guard let status = try? String(contentsOfFile: path, encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return }

        lock.lock()
        peakKiB = max(peakKiB, value)
        lock.unlock()
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// CPU time and peak memory of a process, from `getrusage` or `wait4`.
struct ResourceUsage {
    /// User plus system CPU time, in seconds.
    var cpuSeconds: Double
    var userSeconds: Double
    var systemSeconds: Double
    /// Peak resident set size, in KiB (Linux reports `ru_maxrss` in kibibytes). For a child started with
    /// `posix_spawn` it is at least the parent's peak; see ``PeakMemorySampler``.
    var maxResidentKiB: Int

    init(_ usage: rusage) {
        userSeconds = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1_000_000
        systemSeconds = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1_000_000
        cpuSeconds = userSeconds + systemSeconds
        maxResidentKiB = Int(usage.ru_maxrss)
    }

    /// Returns the usage of this process so far, all threads included.
    static func ofThisProcess() -> ResourceUsage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return ResourceUsage(usage)
    }
}

import CMalloc

/// Limits how many heaps (arenas) glibc's malloc keeps.
///
/// glibc gives threads that allocate at the same time arenas of their own, up to eight per core. Memory freed
/// in an arena stays with it, so a process whose work moves between many threads, as the bridge's
/// partition lanes do, keeps more memory resident than it uses. In two sets of paired `make bench` runs (200 MB,
/// 32 partitions), one arena per core lowered the bridge's average peak resident size by 9 and 25 MiB, and its
/// CPU time rose by about 3 %. Both are within the spread of single runs.
public enum MallocArenas {
    /// Sets the arena limit to the number of active processors, at least two, unless the environment already
    /// sets one (`MALLOC_ARENA_MAX`, or `arena_max` in `GLIBC_TUNABLES`). Call it before starting threads.
    /// Returns the limit set, or nil when the environment's limit was kept or the C library has no such setting.
    @discardableResult
    public static func limitToProcessorCount(
        environment: [String: String], processorCount: Int
    ) -> Int? {
        if environment["MALLOC_ARENA_MAX"] != nil || environment["GLIBC_TUNABLES"]?.contains("arena_max") == true {
            return nil
        }
        let limit = max(2, processorCount)
        return ehb_set_malloc_arena_limit(Int32(clamping: limit)) == 1 ? limit : nil
    }
}

import Testing
@testable import Core

@Suite struct MallocArenasTests {
    @Test func environmentLimitIsKept() {
        #expect(MallocArenas.limitToProcessorCount(environment: ["MALLOC_ARENA_MAX": "8"], processorCount: 4) == nil)
        let tunables = ["GLIBC_TUNABLES": "glibc.malloc.arena_max=3"]
        #expect(MallocArenas.limitToProcessorCount(environment: tunables, processorCount: 4) == nil)
    }

    #if os(Linux)
    @Test func limitIsProcessorCountAtLeastTwo() {
        #expect(MallocArenas.limitToProcessorCount(environment: [:], processorCount: 1) == 2)
        #expect(MallocArenas.limitToProcessorCount(environment: [:], processorCount: 6) == 6)
        // Other tunables do not count as an arena limit.
        let tunables = ["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=131072"]
        #expect(MallocArenas.limitToProcessorCount(environment: tunables, processorCount: 3) == 3)
    }
    #endif
}

import Testing
@testable import SLS

@Suite struct PutLogsBodyEncoderTests {
    @Test(arguments: SLSCompression.allCases)
    func workspaceCompressionMatchesPlainCompression(_ compression: SLSCompression) throws {
        var workspace: [UInt8] = []
        for count in [0, 1, 40, 300] {
            let raw = LogGroupEncoder.encode(WireTestData.auditLogGroup(count: count))
            let plain = try SLSCompressor.compress(raw, using: compression)
            let reused = try raw.withUnsafeBufferPointer { try SLSCompressor.compress($0, using: compression, workspace: &workspace) }

            #expect(reused == plain, "\(count) logs")
            #expect(try SLSCompressor.decompress(reused, using: compression, rawSize: raw.count) == raw)
        }
    }

    @Test(arguments: SLSCompression.allCases)
    func requestMatchesRequestInit(_ compression: SLSCompression) throws {
        let encoder = PutLogsBodyEncoder()
        for count in [300, 2, 300, 0] {
            let group = WireTestData.auditLogGroup(count: count)
            let reused = try encoder.request(project: "p", logstore: "l", group: group, compression: compression, hashKey: "k")
            let fresh = try PutLogsRequest(project: "p", logstore: "l", group: group, compression: compression, hashKey: "k")

            #expect(reused.body == fresh.body, "\(count) logs")
            #expect(reused.rawSize == fresh.rawSize)
            #expect(reused.hashKey == "k")
            #expect(reused.compression == compression)
        }
    }

    @Test func idlePoolKeepsFirstPairWhateverItsSize() {
        let encoder = PutLogsBodyEncoder(maximumIdleWorkspaces: 8, maximumIdleBytes: 1_000)

        #expect(encoder.keepsIdle(idleCount: 0, idleBytes: 0, returningBytes: 50_000))
        #expect(!encoder.keepsIdle(idleCount: 1, idleBytes: 50_000, returningBytes: 1))
    }

    @Test func idlePoolStopsAtByteBudget() {
        let encoder = PutLogsBodyEncoder(maximumIdleWorkspaces: 8, maximumIdleBytes: 1_000)

        #expect(encoder.keepsIdle(idleCount: 2, idleBytes: 600, returningBytes: 400))
        #expect(!encoder.keepsIdle(idleCount: 2, idleBytes: 600, returningBytes: 401))
    }

    @Test func idlePoolStopsAtCount() {
        let encoder = PutLogsBodyEncoder(maximumIdleWorkspaces: 2, maximumIdleBytes: 1_000)

        #expect(encoder.keepsIdle(idleCount: 1, idleBytes: 10, returningBytes: 10))
        #expect(!encoder.keepsIdle(idleCount: 2, idleBytes: 20, returningBytes: 10))
        #expect(!PutLogsBodyEncoder(maximumIdleWorkspaces: 0).keepsIdle(idleCount: 0, idleBytes: 0, returningBytes: 10))
    }

    @Test func concurrentRequestsGetTheirOwnBuffers() async throws {
        let encoder = PutLogsBodyEncoder(maximumIdleWorkspaces: 2)
        let groups = (1...12).map { WireTestData.auditLogGroup(count: $0 * 20) }
        let expected = try groups.map { try PutLogsRequest(project: "p", logstore: "l", group: $0, compression: .lz4).body }

        let bodies = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { tasks in
            for (index, group) in groups.enumerated() {
                tasks.addTask {
                    (index, try encoder.request(project: "p", logstore: "l", group: group, compression: .lz4).body)
                }
            }
            var bodies = [[UInt8]](repeating: [], count: groups.count)
            for try await (index, body) in tasks {
                bodies[index] = body
            }
            return bodies
        }

        #expect(bodies == expected)
    }
}

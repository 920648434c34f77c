import Core
import LocalSLS
import SLS
import Testing

@Suite("ShardHashKey")
struct ShardHashKeyTests {
    static let resourceID = "/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV1"

    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        (resourceID, "8722db112f9ef2b681a85226ba3a81c9"),
        ("ユーザー", "59762205682c09426b8bf1916162f582"),
    ])
    func keyIsLowercaseMD5OfValue(value: String, expected: String) {
        let key = ShardHashKey.key(forValue: value)
        #expect(key == expected)
        #expect(ShardHashKey.isValidKey(key))
    }

    @Test(arguments: [
        (1, "00000000000000000000000000000000"),
        (2, "80000000000000000000000000000000"),
        (32, "80000000000000000000000000000000"),
        (64, "84000000000000000000000000000000"),
        (256, "87000000000000000000000000000000"),
    ])
    func bucketsKeepLeadingBits(buckets: Int, expected: String) {
        #expect(ShardHashKey.key(forValue: Self.resourceID, buckets: buckets) == expected)
    }

    @Test func bucketKeyIsAtOrBelowExactKey() {
        for value in ["a", "b", "resource-7", Self.resourceID] {
            let exact = ShardHashKey.key(forValue: value)
            let bucketed = ShardHashKey.key(forValue: value, buckets: 16)
            #expect(bucketed <= exact)
            #expect(bucketed.prefix(1) == exact.prefix(1))
            #expect(bucketed.dropFirst() == String(repeating: "0", count: 31))
        }
    }

    @Test func entryKeyComesFromField() {
        let entry = LogEntry(time: 1_700_000_000, contents: [
            LogContent("category", "AuditEvent"), LogContent("resourceId", Self.resourceID),
        ])
        #expect(ShardHashKey.key(for: entry, field: "resourceId") == "8722db112f9ef2b681a85226ba3a81c9")
        #expect(ShardHashKey.key(for: entry, field: "missing") == nil)
        #expect(ShardHashKey.key(for: entry, field: "resourceId", buckets: 2) == "80000000000000000000000000000000")
    }

    @Test func bucketCountsArePowersOfTwoUpTo256() {
        #expect(ShardHashKey.isValidBucketCount(1))
        #expect(ShardHashKey.isValidBucketCount(64))
        #expect(ShardHashKey.isValidBucketCount(256))
        #expect(!ShardHashKey.isValidBucketCount(0))
        #expect(!ShardHashKey.isValidBucketCount(48))
        #expect(!ShardHashKey.isValidBucketCount(512))
    }

    @Test func keyFormIsChecked() {
        #expect(!ShardHashKey.isValidKey("D41D8CD98F00B204E9800998ECF8427E"))
        #expect(!ShardHashKey.isValidKey("d41d8cd9"))
        #expect(!ShardHashKey.isValidKey("g41d8cd98f00b204e9800998ecf8427e"))
    }

    @Test func routedRequestReachesServerWithKey() async throws {
        let fixture = try LocalSLSFixture()
        let client = SLSClient(configuration: fixture.clientConfiguration(), logger: .disabled)
        defer { client.shutdown() }
        let entry = LogEntry(time: 1_700_000_000, contents: [LogContent("resourceId", Self.resourceID)])
        let key = try #require(ShardHashKey.key(for: entry, field: "resourceId"))
        let request = try PutLogsRequest(project: "proj", logstore: "audit", group: LogGroup(logs: [entry]),
                                         compression: .zstd, hashKey: key)

        let result = await send(request, with: client)

        #expect(result.receipt != nil, "expected acceptance, got \(result)")
        let stored = try #require(fixture.server.acceptedRequests().first)
        #expect(stored.shard == .hashKey("8722db112f9ef2b681a85226ba3a81c9"))
        #expect(request.path == "/logstores/audit/shards/route")
    }
}

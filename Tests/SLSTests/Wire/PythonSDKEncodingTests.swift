import Core
import Foundation
import Testing
@testable import SLS
import TestSupport

/// Compares the encoder's output with the official SLS Python SDK's protobuf serialization.
@Suite(.enabled(if: WirePythonRunner.python != nil, "no .venv/bin/python; run scripts/install-deps.sh"))
struct PythonSDKEncodingTests {
    /// Reads a JSON array of groups from standard input and prints the hex of each group serialized with the
    /// SDK's `LogGroupRaw`, one per line. Topic is always set, and Source only when it is not empty, as
    /// `LogGroupEncoder` does.
    private static let encodeScript = """
        import json, sys
        from aliyun.log.log_logs_raw_pb2 import LogGroupRaw

        for group in json.load(sys.stdin):
            log_group = LogGroupRaw()
            for entry in group["logs"]:
                log = log_group.Logs.add()
                log.Time = entry["time"]
                for key, value in entry["contents"]:
                    content = log.Contents.add()
                    content.Key = key
                    content.Value = value.encode("utf-8")
                if entry["timeNanoseconds"] is not None:
                    log.Time_ns = entry["timeNanoseconds"]
            log_group.Topic = group["topic"]
            if group["source"]:
                log_group.Source = group["source"]
            for key, value in group["tags"]:
                tag = log_group.LogTags.add()
                tag.Key = key
                tag.Value = value
            print(log_group.SerializeToString().hex())
        """

    @Test func encodingMatchesPythonSDK() async throws {
        try await blocking {
            let groups = [
                WireTestData.exampleLogGroup,
                LogGroup(logs: []),
                LogGroup(
                    logs: [
                        LogEntry(time: 1_772_359_200, timeNanoseconds: 123_456_789, contents: [LogContent("k", "v")]),
                        LogEntry(time: 0, timeNanoseconds: 0, contents: []),
                        LogEntry(time: UInt32.max, contents: [LogContent("", ""), LogContent("città", "Zürich ✓ 日本語 😀")]),
                    ],
                    topic: "azure", source: "10.0.0.1",
                    tags: [LogTag(key: "__pack_id__", value: "ABC-1"), LogTag(key: "标签", value: "")]
                ),
                LogGroup(logs: [LogEntry(time: 1, contents: [LogContent("message", String(repeating: "x", count: 20_000))])]),
                WireTestData.auditLogGroup(count: 50),
            ]

            let pythonHex = try runPython(input: try jsonData(for: groups))

            #expect(pythonHex.count == groups.count)
            for (index, group) in groups.enumerated() where index < pythonHex.count {
                #expect(WireTestData.hex(LogGroupEncoder.encode(group)) == pythonHex[index], "group \(index)")
            }
        }
    }

    private func jsonData(for groups: [LogGroup]) throws -> Data {
        let objects: [[String: Any]] = groups.map { group in
            [
                "logs": group.logs.map { log -> [String: Any] in
                    [
                        "time": Int(log.time),
                        "timeNanoseconds": log.timeNanoseconds.map { Int($0) as Any } ?? NSNull(),
                        "contents": log.contents.map { [$0.key, $0.value] },
                    ]
                },
                "topic": group.topic,
                "source": group.source,
                "tags": group.tags.map { [$0.key, $0.value] },
            ]
        }
        return try JSONSerialization.data(withJSONObject: objects)
    }

    private func runPython(input: Data) throws -> [String] {
        let output = try WirePythonRunner.run(script: Self.encodeScript, input: input)
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

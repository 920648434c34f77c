import Core
@testable import SLS

/// Byte strings shared by the SLS wire-format tests.
enum WireTestData {
    /// The 50-byte LogGroup used by the Go SDK's signing test (without its LogGroupList wrapper): one log at
    /// Time 1405409656 with `TestKey=TestContent`, Topic "" and Source `10.230.201.117`.
    static let exampleLogGroupHex =
        "0a1e08f8b2939e0512160a07546573744b6579120b54657374436f6e74656e741a00220e31302e3233302e3230312e313137"

    static let exampleLogGroup = LogGroup(
        logs: [LogEntry(time: 1_405_409_656, contents: [LogContent("TestKey", "TestContent")])],
        topic: "",
        source: "10.230.201.117"
    )

    /// A literal-only lz4 block of the example LogGroup: token 0xF0 (15 or more literals, no match), the extra
    /// length byte 0x23 (15 + 35 = 50), then the 50 bytes.
    static let exampleLZ4BlockHex = "f023" + exampleLogGroupHex

    static func bytes(hex: String) -> [UInt8] {
        precondition(hex.count % 2 == 0, "hex string with an odd number of digits")
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }

    /// Returns a LogGroup of `count` logs with typical Azure audit fields, for size and round-trip tests.
    static func auditLogGroup(count: Int) -> LogGroup {
        var logs: [LogEntry] = []
        logs.reserveCapacity(count)
        for index in 0..<count {
            logs.append(LogEntry(
                time: 1_772_359_200 + UInt32(index),
                timeNanoseconds: index.isMultiple(of: 2) ? UInt32(index * 1_000) : nil,
                contents: [
                    LogContent("category", "AuditEvent"),
                    LogContent("operationName", "SecretGet"),
                    LogContent("resultType", index.isMultiple(of: 7) ? "Failure" : "Success"),
                    LogContent("callerIpAddress", "10.1.\(index % 256).\(index % 199)"),
                    LogContent("correlationId", "c0ffee00-0000-4000-8000-\(String(index, radix: 16))"),
                ]
            ))
        }
        return LogGroup(logs: logs, topic: "azure-keyvault", source: "eventhubs", tags: [LogTag(key: "region", value: "westeurope")])
    }
}

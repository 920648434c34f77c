import Foundation
import Storage
import Testing
import TestSupport
@testable import CLI

@Suite struct DeadLetterCommandTests {
    private func storeWithLetters() throws -> String {
        let directory = try BuiltBinary.temporaryDirectory("dlq")
        let path = directory + "/dead.sqlite"
        let store = try DeadLetterStore(path: path, logger: .disabled)
        defer { store.close() }
        try store.add([
            DeadLetter(createdAtMilliseconds: 1_772_359_200_000, kafkaTopic: "hub", kafkaPartition: 2, kafkaOffset: 41,
                       kafkaValue: Array("{\"records\":[]}".utf8), reason: .slsRejected, errorCode: "InvalidTimestamp",
                       errorMessage: "time out of range", attempts: 1),
            DeadLetter(createdAtMilliseconds: 1_772_359_200_000, kafkaTopic: "hub", kafkaPartition: 0, kafkaOffset: 7,
                       kafkaValue: [0xFF, 0x00], reason: .entryTooLarge, errorCode: "PostBodyTooLarge",
                       errorMessage: "body too large", attempts: 3),
        ])
        return path
    }

    @Test func listShowsCountsAndLetters() async throws {
        try await blocking {
            let path = try storeWithLetters()
            let result = try BuiltBinary.run(["dlq", "list", "--db", path])
            #expect(result.status == 0, "\(result.errorOutput)")
            #expect(result.output.contains("2 dead letters entry_too_large: 1, sls_rejected: 1"))
            #expect(result.output.contains("hub[2]@41\tsls_rejected\tInvalidTimestamp\tattempts 1\ttime out of range"))
            #expect(result.output.contains("hub[0]@7\tentry_too_large\tPostBodyTooLarge\tattempts 3\tbody too large"))
        }
    }

    @Test func listFiltersByReason() async throws {
        try await blocking {
            let path = try storeWithLetters()
            let result = try BuiltBinary.run(["dlq", "list", "--db", path, "--reason", "entry_too_large"])
            #expect(result.status == 0)
            #expect(result.output.contains("1 dead letters entry_too_large: 1"))
            #expect(!result.output.contains("hub[2]@41"))
        }
    }

    @Test func exportWritesJSONLines() async throws {
        try await blocking {
            let path = try storeWithLetters()
            let out = path + ".jsonl"
            let result = try BuiltBinary.run(["dlq", "export", "--db", path, "--out", out])
            #expect(result.status == 0, "\(result.errorOutput)")
            #expect(result.output.contains("exported 2 dead letters"))
            let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 2)
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["kafka_topic"] as? String == "hub")
            }
        }
    }

    @Test func replayWithoutConfigIsUsageError() async throws {
        try await blocking {
            let path = try storeWithLetters()
            let result = try BuiltBinary.run(["dlq", "replay", "--db", path])
            #expect(result.status == 2)
            #expect(result.errorOutput.contains("replay needs --config FILE"))
        }
    }

    @Test func unknownActionIsUsageError() async throws {
        try await blocking {
            let result = try BuiltBinary.run(["dlq", "purge", "--db", "/nonexistent"])
            #expect(result.status == 2)
            #expect(result.errorOutput.contains("unknown action `purge`"))
        }
    }

    @Test(arguments: [
        ("value_truncated", "raise normalization.limits, then replay with --reason value_truncated"),
        ("flow_tuples_incomplete", "set normalization.expand_flow_tuples: false, then replay with --reason flow_tuples_incomplete"),
        ("repeated_key", "no setting delivers them whole; `ehbridge dlq export` writes the original records"),
        ("text_repaired", "no setting delivers them whole; `ehbridge dlq export` writes the original records"),
    ])
    func rawCopyAdviceFitsReason(reason: String, advice: String) {
        #expect(DeadLetterCommand.rawCopyAdvice(reason: reason) == advice)
    }
}

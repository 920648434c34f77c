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

    @Test func exportHonoursLimit() async throws {
        try await blocking {
            let path = try storeWithLetters()
            let out = path + ".jsonl"
            let result = try BuiltBinary.run(["dlq", "export", "--db", path, "--out", out, "--limit", "1"])
            #expect(result.status == 0, "\(result.errorOutput)")
            #expect(result.output.contains("exported 1 dead letters"))
            #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 1)
        }
    }

    @Test func exportRefusesTargetsThatLoseData() async throws {
        try await blocking {
            let path = try storeWithLetters()
            let link = path + ".link"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path + ".elsewhere")
            let cases = [
                (path, "is the dead-letter store itself"),
                (path + "-wal", "is the dead-letter store itself"),
                (link, "is a symbolic link"),
                ("-", "would write a file named `-`"),
            ]
            for (out, message) in cases {
                let result = try BuiltBinary.run(["dlq", "export", "--db", path, "--out", out])
                #expect(result.status == 2, "\(out)")
                #expect(result.errorOutput.contains(message), "\(out): \(result.errorOutput)")
            }
            // The store is intact.
            let listed = try BuiltBinary.run(["dlq", "list", "--db", path])
            #expect(listed.output.contains("2 dead letters"))
        }
    }

    @Test func listThroughConfigCreatesNoStore() async throws {
        try await blocking {
            let directory = try BuiltBinary.temporaryDirectory("dlq-config")
            let missing = directory + "/typo/dead.sqlite"
            let config = directory + "/bridge.yaml"
            try """
                source:
                  connection_string: ${EVENTHUBS_CONNECTION_STRING}
                  hub: insights-logs-auditevent
                  consumer_group: ehbridge-test
                destination:
                  mode: user-log-service
                  endpoint: sls.test
                  project: example-project
                  logstore: azure-logs
                  access_key_id: example-id
                  access_key_secret: example-secret-for-dlq-tests
                meter:
                  path: \(directory)/meter.sqlite
                dead_letter:
                  path: \(missing)
                """.write(toFile: config, atomically: true, encoding: .utf8)
            let environment = [
                "EVENTHUBS_CONNECTION_STRING": "Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=c2VjcmV0",
            ]

            let result = try BuiltBinary.run(["dlq", "list", "--config", config], environment: environment)

            #expect(result.status == 0, "\(result.errorOutput)")
            #expect(result.output.contains("0 dead letters: there is no dead-letter store at \(missing) yet"))
            #expect(!FileManager.default.fileExists(atPath: missing))
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

    /// A mistyped reason would match nothing and look like an empty store.
    @Test func unknownReasonIsUsageError() async throws {
        try await blocking {
            let path = try storeWithLetters()
            let result = try BuiltBinary.run(["dlq", "list", "--db", path, "--reason", "value-truncated"])
            #expect(result.status == 2)
            #expect(result.errorOutput.contains("--reason `value-truncated` is not a dead-letter reason"))
            #expect(result.errorOutput.contains("value_truncated"))
        }
    }

    @Test func configWithDbIsUsageError() async throws {
        try await blocking {
            let path = try storeWithLetters()
            let result = try BuiltBinary.run(["dlq", "list", "--db", path, "--config", path + ".yaml"])
            #expect(result.status == 2)
            #expect(result.errorOutput.contains("not both"))
        }
    }

    @Test func exportToMissingFolderIsUsageError() async throws {
        try await blocking {
            let path = try storeWithLetters()
            let out = NSTemporaryDirectory() + "ehbridge-missing-\(UUID().uuidString)/letters.jsonl"
            let result = try BuiltBinary.run(["dlq", "export", "--db", path, "--out", out])
            #expect(result.status == 2)
            #expect(result.errorOutput.contains("does not exist; create it or export to another folder"))
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

import Foundation
import Storage
import Testing
import TestSupport

@Suite struct SandboxCommandTests {
    @Test func sandboxWritesValidConfigurationAndStops() async throws {
        try await blocking {
            let directory = try BuiltBinary.temporaryDirectory("sandbox")
            // Files an earlier sandbox left behind; their cluster is gone, so the new sandbox removes them.
            try "# Written by `ehbridge sandbox` earlier\n".write(toFile: directory + "/bridge.yaml", atomically: true, encoding: .utf8)
            for name in ["meter.sqlite", "meter.sqlite-wal", "meter.dry-run.sqlite"] {
                try "earlier".write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
            }
            let sandbox = try ChildProcess.start(BuiltBinary.ehbridge, ["sandbox", "--dir", directory, "--messages-per-second", "2"])
            let configPath = directory + "/bridge.yaml"
            let deadline = Date().addingTimeInterval(30)
            while (try? String(contentsOfFile: configPath, encoding: .utf8))?.contains("bootstrap_servers") != true,
                  Date() < deadline {
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(FileManager.default.fileExists(atPath: configPath))
            for name in ["meter.sqlite", "meter.sqlite-wal", "meter.dry-run.sqlite"] {
                #expect(!FileManager.default.fileExists(atPath: directory + "/" + name), "\(name) was kept")
            }

            let validation = try BuiltBinary.run(["validate", "--config", configPath])
            #expect(validation.status == 0, "\(validation.errorOutput)")
            #expect(validation.output.contains("destination: user-log-service http://sandbox-project.sls.sandbox.invalid"))
            // A user may append sections with `>>`, so the file must end with a line break.
            let text = try String(contentsOfFile: configPath, encoding: .utf8)
            #expect(text.hasSuffix("\n"))

            Thread.sleep(forTimeInterval: 1.5)
            sandbox.kill(SIGTERM)
            #expect(sandbox.wait() == 0)
            #expect(sandbox.errorOutput.contains("stopping the sandbox"))
            #expect(!sandbox.errorOutput.contains("draining in-flight batches"))
        }
    }

    /// The files of a real store are counted before their removal, and closing the store must not make a listed file
    /// vanish before it is removed.
    @Test func sandboxRemovesEarlierStoreWithLetters() async throws {
        try await blocking {
            let directory = try BuiltBinary.temporaryDirectory("sandbox-letters")
            try "# Written by `ehbridge sandbox` earlier\n".write(toFile: directory + "/bridge.yaml", atomically: true, encoding: .utf8)
            let store = try DeadLetterStore(path: directory + "/meter.sqlite", logger: .disabled)
            try store.add([DeadLetter(createdAtMilliseconds: 1_772_359_200_000, kafkaTopic: "hub", kafkaPartition: 0,
                                      kafkaOffset: 3, kafkaValue: Array("{}".utf8), reason: .slsRejected,
                                      errorMessage: "rejected", attempts: 1)])
            try "".write(toFile: directory + "/meter.sqlite.replay-lock", atomically: true, encoding: .utf8)
            store.close()

            let sandbox = try ChildProcess.start(BuiltBinary.ehbridge, ["sandbox", "--dir", directory, "--messages-per-second", "2"])
            let configPath = directory + "/bridge.yaml"
            let deadline = Date().addingTimeInterval(30)
            while (try? String(contentsOfFile: configPath, encoding: .utf8))?.contains("bootstrap_servers") != true,
                  Date() < deadline {
                Thread.sleep(forTimeInterval: 0.1)
            }
            sandbox.kill(SIGTERM)

            #expect(sandbox.wait() == 0, "\(sandbox.errorOutput)")
            for name in ["meter.sqlite-wal", "meter.sqlite-shm", "meter.sqlite.replay-lock"] {
                #expect(!FileManager.default.fileExists(atPath: directory + "/" + name), "\(name) was kept")
            }
        }
    }

    @Test func sandboxKeepsMeterOfOtherFolder() async throws {
        try await blocking {
            let directory = try BuiltBinary.temporaryDirectory("sandbox-foreign")
            // A folder a real bridge uses: no bridge.yaml of a sandbox, so its meter stays.
            try "real rows".write(toFile: directory + "/meter.sqlite", atomically: true, encoding: .utf8)
            let sandbox = try ChildProcess.start(BuiltBinary.ehbridge, ["sandbox", "--dir", directory, "--messages-per-second", "0"])
            let configPath = directory + "/bridge.yaml"
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: configPath), Date() < deadline {
                Thread.sleep(forTimeInterval: 0.1)
            }
            sandbox.kill(SIGTERM)
            #expect(sandbox.wait() == 0)

            #expect(try String(contentsOfFile: directory + "/meter.sqlite", encoding: .utf8) == "real rows")
        }
    }
}

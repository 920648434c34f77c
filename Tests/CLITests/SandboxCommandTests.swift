import Foundation
import Testing
import TestSupport

@Suite struct SandboxCommandTests {
    @Test func sandboxWritesValidConfigurationAndStops() async throws {
        try await blocking {
            let directory = try BuiltBinary.temporaryDirectory("sandbox")
            let sandbox = try ChildProcess.start(BuiltBinary.ehbridge, ["sandbox", "--dir", directory, "--messages-per-second", "2"])
            let configPath = directory + "/bridge.yaml"
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: configPath), Date() < deadline {
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(FileManager.default.fileExists(atPath: configPath))

            let validation = try BuiltBinary.run(["validate", "--config", configPath])
            #expect(validation.status == 0, "\(validation.errorOutput)")
            #expect(validation.output.contains("destination: user-log-service http://sandbox-project.cn-shanghai.log.aliyuncs.com"))

            Thread.sleep(forTimeInterval: 1.5)
            sandbox.kill(SIGTERM)
            #expect(sandbox.wait() == 0)
        }
    }
}

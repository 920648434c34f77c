import Core
import Foundation
import Kafka
import LocalSLS
import Testing
@testable import CLI

@Suite struct CheckCommandTests {
    private func check(_ configuration: CheckConfiguration, in directory: CheckDirectory, timeout: Int = 3_000) async throws
        -> CommandRun
    {
        let path = try directory.write("bridge.yaml", configuration.yaml)
        return try await CommandRun.run(["check", "--config", path, "--timeout-ms", String(timeout)])
    }

    @Test func checkPassesAgainstLocalServers() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("check-hub", partitions: 3)
        let sls = try CheckSLSServer()

        let run = try await check(CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port), in: directory)

        #expect(run.status == .success)
        #expect(run.output.contains("[ok] configuration: valid"))
        #expect(run.output.contains("[ok] librdkafka: "))
        #expect(run.output.contains("[ok] Kafka: topic check-hub has 3 partitions"))
        #expect(run.output.contains("[ok] SLS: Logstore audit of project check-proj is readable at http://check-proj."))
        #expect(run.output.contains("2 shards"))
    }

    @Test func checkCreatesNoStorageFile() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("check-hub", partitions: 1)
        let sls = try CheckSLSServer()
        var configuration = CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port)
        configuration.meterPath = "state/ehbridge/meter.sqlite"

        let run = try await check(configuration, in: directory)

        #expect(run.status == .success)
        #expect(run.output.contains("meter.sqlite does not exist yet; run creates it in "))
        let folder = URL(fileURLWithPath: try directory.write("probe", "")).deletingLastPathComponent().path
        #expect(!FileManager.default.fileExists(atPath: folder + "/state"), "check created the meter's folder")
    }

    @Test func checkRejectsNonDatabaseMeter() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("check-hub", partitions: 1)
        let sls = try CheckSLSServer()
        _ = try directory.write("notes.txt", "source:\n  hub: not a meter\n")
        var configuration = CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port)
        configuration.meterPath = "notes.txt"

        let run = try await check(configuration, in: directory)

        #expect(run.status == .failure)
        #expect(run.output.contains("[FAIL] storage:"))
        #expect(run.output.contains("notes.txt is not an SQLite database"))
    }

    @Test func checkRejectsFolderAsMeterPath() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        try cluster.createTopic("check-hub", partitions: 1)
        let sls = try CheckSLSServer()
        let folder = URL(fileURLWithPath: try directory.write("probe", "")).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder + "/meter-folder", withIntermediateDirectories: true)
        var configuration = CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port)
        configuration.meterPath = "meter-folder"

        let run = try await check(configuration, in: directory)

        // The configuration itself is invalid, so check stops at its first step with the key.
        #expect(run.status == .usage)
        #expect(run.output.contains("meter.path"), "\(run.output)")
        #expect(run.output.contains("meter-folder, not a file"), "\(run.output)")
    }

    @Test func checkReportsMissingLogstore() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let sls = try CheckSLSServer()
        var configuration = CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port)
        configuration.logstore = "no-such-store"

        let run = try await check(configuration, in: directory)

        #expect(run.status == .failure)
        #expect(run.output.contains("[FAIL] SLS: The Logstore no-such-store does not exist in the project check-proj. Fix: Create the Logstore"))
        #expect(run.output.contains("cause: SLS request failed with HTTP 404 LogStoreNotExist"))
    }

    @Test func checkReportsMissingProject() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let sls = try CheckSLSServer()
        var configuration = CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port)
        configuration.project = "other-proj"

        let run = try await check(configuration, in: directory)

        #expect(run.status == .failure)
        #expect(run.output.contains("[FAIL] SLS: The project other-proj does not exist at the endpoint sls.test"))
        #expect(run.output.contains("destination.endpoint is the endpoint of the region"))
    }

    @Test func checkReportsWrongSecret() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let sls = try CheckSLSServer()
        var configuration = CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port)
        configuration.secret = "wrong-secret-4471"

        let run = try await check(configuration, in: directory)

        #expect(run.status == .failure)
        #expect(run.output.contains("[FAIL] SLS: SLS rejected the request signature"))
        #expect(!run.everything.contains("wrong-secret-4471"))
    }

    @Test func checkReportsUnknownAccessKey() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let sls = try CheckSLSServer()
        var configuration = CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port)
        configuration.accessKeyID = "unknown-key"

        let run = try await check(configuration, in: directory)

        #expect(run.status == .failure)
        #expect(run.output.contains("[FAIL] SLS: SLS did not accept the AccessKey (Unauthorized)"))
    }

    @Test func checkReportsClockSkew() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let sls = try CheckSLSServer()
        sls.server.setClockOffset(seconds: 3_600)

        let run = try await check(CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port), in: directory)

        #expect(run.status == .failure)
        // The measured skew can be a second or two off 3600 on a loaded machine.
        #expect(run.output.contains("[FAIL] SLS: This host's clock differs from the SLS clock by 3"))
        #expect(run.output.contains(" seconds"))
        #expect(run.output.contains("Fix: Synchronize this host's clock with NTP"))
    }

    @Test func checkWarnsAboutClockCloseToLimit() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let sls = try CheckSLSServer()
        sls.server.setClockOffset(seconds: -600)

        let run = try await check(CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port), in: directory)

        #expect(run.status == .success)
        // Both clocks are read in whole seconds, and a second can turn between the two readings.
        let skews = ["-599", "-600", "-601"].filter {
            run.output.contains("[warn] SLS: This host's clock differs from the SLS clock by \($0) seconds")
        }
        #expect(skews.count == 1, "\(run.output)")
    }

    @Test func checkReportsInjectedUnauthorized() async throws {
        let directory = try CheckDirectory()
        let cluster = try KafkaMockCluster()
        defer { cluster.close() }
        let sls = try CheckSLSServer()
        sls.server.injectFault(.unauthorized)

        let run = try await check(CheckConfiguration(bootstrapServers: cluster.bootstrapServers, slsPort: sls.port), in: directory)

        #expect(run.status == .failure)
        #expect(run.output.contains("the STS token expired"))
    }

    @Test func checkReportsClosedPorts() async throws {
        let directory = try CheckDirectory()
        let configuration = CheckConfiguration(
            bootstrapServers: ["127.0.0.1:\(closedLoopbackPort())"], slsPort: closedLoopbackPort()
        )

        let run = try await check(configuration, in: directory)

        #expect(run.status == .failure)
        #expect(run.output.contains("[FAIL] Kafka: The Kafka endpoint \(configuration.bootstrapServers[0]) could not be reached"))
        #expect(run.output.contains("Connection refused"))
        #expect(run.output.contains("[FAIL] SLS: The SLS endpoint check-proj.sls.test could not be reached (connect)"))
    }

    @Test func checkListsConfigurationProblems() async throws {
        let directory = try CheckDirectory()
        let cases: [(connectionString: String, expected: String)] = [
            ("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=x&sig=c2lnbmF0dXJl&se=1&skn=p",
             "contains a shared access signature (SharedAccessSignature), which the Kafka endpoint does not accept"),
            ("sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=a2V5a2V5a2V5=",
             "starts with sb:// but the Endpoint= prefix is missing"),
            ("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=a2V5a2V5a2V5=;EntityPath=other-hub",
             "but the connection string only grants access to the event hub other-hub (its EntityPath)"),
        ]
        for testCase in cases {
            var configuration = CheckConfiguration(bootstrapServers: [], slsPort: 1)
            configuration.connectionString = testCase.connectionString
            configuration.bootstrapServers = ["127.0.0.1:1"]

            let run = try await check(configuration, in: directory)

            #expect(run.status == .usage)
            #expect(run.output.contains("[FAIL] configuration: source."))
            #expect(run.output.contains("[skip] connection and storage steps: not run until the configuration is valid"))
            #expect(run.output.contains(testCase.expected))
            #expect(!run.output.contains("c2lnbmF0dXJl"))
            #expect(!run.output.contains("a2V5a2V5a2V5"))
        }
    }
}

import Foundation
import TestSupport
import Testing
@testable import Bridge

/// The files under packaging/: the systemd unit passes `systemd-analyze verify`, keeps its hardening, and the
/// packaged configuration loads.
@Suite struct OperationsPackagingTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let unitPath = repository.appendingPathComponent("packaging/systemd/ehbridge.service").path
    static let systemdAnalyze = "/usr/bin/systemd-analyze"

    private func unitText() throws -> String {
        try String(contentsOfFile: Self.unitPath, encoding: .utf8)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: systemdAnalyze), "needs systemd-analyze"))
    func unitPassesSystemdVerify() throws {
        // verify requires the executables to exist, so /bin/true replaces the installed binary.
        let directory = NSTemporaryDirectory() + "ehbridge-unit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let unit = try unitText().replacingOccurrences(of: "/usr/local/bin/ehbridge", with: "/bin/true")
        let path = directory + "/ehbridge.service"
        try unit.write(toFile: path, atomically: true, encoding: .utf8)

        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: Self.systemdAnalyze)
        process.arguments = ["verify", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readToEndRetryingInterrupts(), as: UTF8.self)
        process.waitUntilExit()

        #expect(process.terminationStatus == 0)
        #expect(text == "", "systemd-analyze verify printed warnings")
    }

    @Test func unitKeepsHardeningAndSecretsOutOfTheUnit() throws {
        let unit = try unitText()
        for directive in [
            "DynamicUser=yes", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
            "PrivateDevices=yes", "CapabilityBoundingSet=\n", "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
            "SystemCallFilter=@system-service", "MemoryDenyWriteExecute=yes", "StateDirectory=ehbridge",
            "EnvironmentFile=/etc/ehbridge/ehbridge.env", "RestartPreventExitStatus=2",
        ] {
            #expect(unit.contains(directive), "the unit lacks \(directive)")
        }
        #expect(!unit.contains("SharedAccessKey="))
        #expect(!unit.contains("Environment=SLS"))
    }

    @Test func packagedConfigurationLoads() throws {
        let path = Self.repository.appendingPathComponent("packaging/ehbridge.yaml").path
        let configuration = try BridgeConfigurationLoader(environment: [
            "EVENTHUBS_CONNECTION_STRING": "Endpoint=sb://ns-pack.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=cGFjaw==",
            "SLS_ACCESS_KEY_ID": "id", "SLS_ACCESS_KEY_SECRET": "packaging-secret",
        ], hostName: "host").load(path: path)
        #expect(configuration.meter.path == BridgeConfiguration.defaultMeterPath)
        #expect(configuration.metrics.listenAddress == "127.0.0.1:9599")
        #expect(configuration.metrics.isListenAddressExplicit)
    }

    @Test func environmentExampleNamesEveryVariableOfTheConfiguration() throws {
        let example = try String(contentsOfFile: Self.repository.appendingPathComponent("packaging/systemd/ehbridge.env.example").path,
                                 encoding: .utf8)
        let configuration = try String(contentsOfFile: Self.repository.appendingPathComponent("packaging/ehbridge.yaml").path,
                                       encoding: .utf8)
        for variable in ["EVENTHUBS_CONNECTION_STRING", "SLS_ACCESS_KEY_ID", "SLS_ACCESS_KEY_SECRET"] {
            #expect(configuration.contains("${\(variable)}"))
            #expect(example.contains("\n\(variable)="))
        }
    }
}

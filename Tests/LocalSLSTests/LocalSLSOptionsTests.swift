import Core
import Foundation
import LocalSLS
import Testing

@Suite("ehbridge-local-sls command line")
struct LocalSLSOptionsTests {
    private func parseRun(_ arguments: [String]) throws -> LocalSLSOptions {
        guard case .run(let options) = try LocalSLSOptions.parse(arguments) else {
            throw LocalSLSOptions.UsageError(message: "expected options, got help")
        }
        return options
    }

    @Test func fullCommandLineParses() throws {
        let options = try parseRun([
            "--host", "::1", "--port", "18080", "--access-key-id", "id", "--access-key-secret", "cli-secret-value",
            "--project", "proj", "--logstore", "audit", "--logstore", "signin",
            "--project", "open", "--any-logstore",
            "--max-logs-per-request", "4096", "--clock-offset", "-120", "--log-format", "json",
        ])
        let configuration = options.configuration

        #expect(configuration.host == "::1")
        #expect(configuration.port == 18080)
        #expect(configuration.accessKeys.map(\.id) == ["id"])
        #expect(configuration.accessKeys.first?.secret.revealed() == "cli-secret-value")
        #expect(configuration.projects.map(\.name) == ["proj", "open"])
        #expect(configuration.projects.first?.logstores == .named(["audit", "signin"]))
        #expect(configuration.projects.last?.logstores == .any)
        #expect(configuration.maxLogsPerRequest == 4096)
        #expect(configuration.clockOffsetSeconds == -120)
        #expect(options.logFormat == .json)
        #expect(configuration.keepsRecords == false)
        #expect(configuration.validate().isEmpty)
    }

    @Test func defaultsListenOnLoopbackPortZero() throws {
        let options = try parseRun(["--access-key-id", "id", "--access-key-secret", "s3cr3t-value",
                                    "--project", "p", "--any-logstore"])
        #expect(options.configuration.host == "127.0.0.1")
        #expect(options.configuration.port == 0)
        #expect(options.logFormat == .logfmt)
    }

    @Test func helpWinsOverOtherArguments() throws {
        guard case .help = try LocalSLSOptions.parse(["--port", "1", "--help"]) else {
            Issue.record("expected help")
            return
        }
        #expect(LocalSLSOptions.helpText.contains("--any-logstore"))
    }

    @Test(arguments: [
        (["--port"], "--port needs a value"),
        (["--port", "70000"], "--port 70000 is not a port number; use 0 to 65535"),
        (["--logstore", "a"], "--logstore a comes before any --project; name the project first"),
        (["--any-logstore"], "--any-logstore comes before any --project; name the project first"),
        (["--bogus"], "unknown option --bogus"),
        (["--access-key-secret", "x", "--project", "p", "--any-logstore"], "--access-key-id is missing"),
        (["--access-key-id", "i", "--project", "p", "--any-logstore"], "--access-key-secret is missing"),
        (["--access-key-id", "i", "--access-key-secret", "x"], "--project is missing; name at least one project"),
        (["--access-key-id", "i", "--access-key-secret", "x", "--project", "p"],
         "project p has no --logstore; add one or give --any-logstore"),
        (["--log-format", "xml"], "--log-format xml is not supported; use logfmt or json"),
    ])
    func mistakeIsNamed(arguments: [String], message: String) {
        #expect(throws: LocalSLSOptions.UsageError(message: message)) { try LocalSLSOptions.parse(arguments) }
    }

    @Test func faultsParseInOrder() throws {
        let options = try parseRun([
            "--access-key-id", "id", "--access-key-secret", "s3cr3t-value", "--project", "p", "--any-logstore",
            "--fault", "write-quota:3", "--fault", "disconnect", "--fault", "delay=250:2",
        ])

        #expect(options.faults == [
            FaultOption(fault: .writeQuotaExceeded, times: 3), FaultOption(fault: .disconnect, times: 1),
            FaultOption(fault: .delay(milliseconds: 250), times: 2),
        ])
    }

    @Test(arguments: [
        ("quota", "--fault quota is not a fault; use KIND or KIND:COUNT with KIND one of internal-error, server-busy, too-many-requests, write-quota, shard-quota, body-too-large, time-expired, unauthorized, signature-mismatch, disconnect or delay=MS"),
        ("server-busy:0", "--fault server-busy:0: the count after ':' must be a positive number"),
        ("server-busy:1:2", "--fault server-busy:1:2 is not a fault; use KIND or KIND:COUNT with KIND one of internal-error, server-busy, too-many-requests, write-quota, shard-quota, body-too-large, time-expired, unauthorized, signature-mismatch, disconnect or delay=MS"),
        ("delay=soon", "--fault delay=soon: delay= takes milliseconds, such as delay=2000"),
    ])
    func faultMistakeIsNamed(text: String, message: String) {
        let arguments = ["--access-key-id", "id", "--access-key-secret", "s3cr3t-value", "--project", "p", "--any-logstore",
                         "--fault", text]
        #expect(throws: LocalSLSOptions.UsageError(message: message)) { try LocalSLSOptions.parse(arguments) }
    }

    @Test func tlsCertificateWithoutKeyIsUsageError() {
        #expect(throws: LocalSLSOptions.UsageError.self) {
            try LocalSLSOptions.parse(["--access-key-id", "id", "--access-key-secret", "s3cr3t-value",
                                       "--project", "p", "--any-logstore", "--tls-certificate", "/dev/null"])
        }
    }

    @Test func tlsFilesAreReadIntoConfiguration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("local-sls-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("server.pem")
        let key = directory.appendingPathComponent("server.key")
        try Data("-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n".utf8).write(to: certificate)
        try Data("-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n".utf8).write(to: key)

        let options = try parseRun(["--access-key-id", "id", "--access-key-secret", "s3cr3t-value",
                                    "--project", "p", "--any-logstore",
                                    "--tls-certificate", certificate.path, "--tls-key", key.path])

        let tls = try #require(options.configuration.tls)
        #expect(tls.certificateChainPEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(tls.privateKeyPEM.revealed().hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test func unreadableTLSKeyIsUsageError() {
        #expect(throws: LocalSLSOptions.UsageError.self) {
            try LocalSLSOptions.parse(["--access-key-id", "id", "--access-key-secret", "s3cr3t-value",
                                       "--project", "p", "--any-logstore", "--tls-certificate", "/dev/null",
                                       "--tls-key", "/nonexistent/ehbridge-test.key"])
        }
    }
}

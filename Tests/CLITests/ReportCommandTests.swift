import Foundation
import Storage
import Testing
@testable import CLI

@Suite struct ReportCommandTests {
    /// 2026-03-01T00:00:00Z in milliseconds.
    private static let march1: Int64 = 1_772_323_200_000
    private static let day: Int64 = 86_400_000

    private static func writeMeter(_ path: String, instance: String, days: [Int64], project: String = "p") throws {
        let writer = try MeterWriter(path: path, logger: .disabled)
        for offset in days {
            writer.record(MeterRecord(
                recordedAtMilliseconds: march1 + offset * day + 3_600_000, instanceID: instance, mode: .userLogService,
                delivery: .sent, project: project, logstore: "l", kafkaTopic: "t", kafkaPartition: 0, firstOffset: 0,
                lastOffset: 9, recordCount: 10, entryCount: 20, rawBytes: 1_000_000, normalizedBytes: 1_050_000,
                compressedBytes: 120_000, compression: "lz4", requestCount: 1, indexedBytes: 1_000_000,
                storedBytes: 1_120_000, billableEvents: 10,
                logstoreProfile: MeterLogstoreProfile(indexMode: .fullText, retentionDays: 30, hotDays: 30,
                                                      archiveAfterDays: nil, activeShards: 2)
            ))
        }
        #expect(writer.close())
    }

    @Test func jsonMergesFilesAndFiltersDays() throws {
        let folder = try TemporaryFolder()
        try Self.writeMeter(folder.path("a.sqlite"), instance: "a", days: [0, 1, 2])
        try Self.writeMeter(folder.path("b.sqlite"), instance: "b", days: [1, 5])
        let out = folder.path("report.json")

        let (code, output, errors) = CommandRunner.run([
            "report", "--db", folder.path("a.sqlite"), "--db", folder.path("b.sqlite"), "--from", "2026-03-02",
            "--to", "2026-03-03", "--format", "json", "--out", out, "--prices", CommandRunner.repositoryPricing,
        ])
        #expect(code == .success, "\(errors)")
        #expect(output == "Report written to \(out)\n")

        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let scenarios = try #require(object["scenarios"] as? [[String: Any]])
        let series = try #require(scenarios.first?["daily_series"] as? [[String: Any]])
        #expect(scenarios.map { $0["name"] as? String } == ["user-log-service (sent)"])
        #expect(series.map { $0["day"] as? String } == ["2026-03-02", "2026-03-03"])
        let volumes = series.compactMap { ($0["volume"] as? [String: Any])?["raw_bytes"] as? NSNumber }
        #expect(volumes.map(\.intValue) == [2_000_000, 1_000_000])
        let origin = try #require(object["origin"] as? [String: Any])
        #expect((origin["window_ms"] as? NSNumber)?.int64Value == 2 * Self.day)
    }

    @Test func mergingTwoDeploymentsWarns() throws {
        let folder = try TemporaryFolder()
        try Self.writeMeter(folder.path("a.sqlite"), instance: "a", days: [0], project: "first")
        try Self.writeMeter(folder.path("b.sqlite"), instance: "b", days: [0], project: "second")

        let (code, _, errors) = CommandRunner.run([
            "report", "--db", folder.path("a.sqlite"), "--db", folder.path("b.sqlite"), "--format", "json",
            "--prices", CommandRunner.repositoryPricing,
        ])
        #expect(code == .success)
        #expect(errors.contains("warning: user-log-service (sent) adds up 2 project/Logstore pairs (first/l, second/l)"))
    }

    @Test func everyFormatRenders() throws {
        let folder = try TemporaryFolder()
        try Self.writeMeter(folder.path("meter.sqlite"), instance: "a", days: [0, 1])
        for format in ["md", "html", "csv", "json"] {
            let (code, output, errors) = CommandRunner.run([
                "report", "--db", folder.path("meter.sqlite"), "--format", format,
                "--prices", CommandRunner.repositoryPricing,
            ])
            #expect(code == .success, "\(format): \(errors)")
            #expect(output.contains("user-log-service"), "\(format)")
        }
    }

    @Test func emptyRangeFails() throws {
        let folder = try TemporaryFolder()
        try Self.writeMeter(folder.path("meter.sqlite"), instance: "a", days: [0])
        let (code, _, errors) = CommandRunner.run([
            "report", "--db", folder.path("meter.sqlite"), "--from", "2027-01-01",
            "--prices", CommandRunner.repositoryPricing,
        ])
        #expect(code == .failure)
        #expect(errors.contains("hold no rows"))
    }

    @Test func badArgumentsExitWithTwo() throws {
        let folder = try TemporaryFolder()
        try Self.writeMeter(folder.path("meter.sqlite"), instance: "a", days: [0])
        let meter = folder.path("meter.sqlite")
        let cases: [[String]] = [
            ["report"],
            ["report", "--db", meter, "--from", "2026-02-30"],
            ["report", "--db", meter, "--from", "2026-03-05", "--to", "2026-03-01"],
            ["report", "--db", meter, "--format", "pdf"],
            ["report", "--db", meter, "--delivery", "maybe"],
        ]
        for arguments in cases {
            let (code, _, errors) = CommandRunner.run(arguments + ["--prices", CommandRunner.repositoryPricing])
            #expect(code == .usage, "\(arguments): \(errors)")
        }
        let absent = folder.path("absent.sqlite")
        let (missing, _, missingErrors) = CommandRunner.run(["report", "--db", absent])
        #expect(missing == .usage)
        #expect(missingErrors.contains("the meter file \(absent) does not exist"))
        #expect(!FileManager.default.fileExists(atPath: absent))

        let (onFolder, _, folderErrors) = CommandRunner.run(["report", "--db", folder.path("")])
        #expect(onFolder == .usage)
        #expect(folderErrors.contains("is a folder, not a meter file"), "\(folderErrors)")
    }

    /// The other user a test runs `ehbridge` as, so that folder permissions apply: `setpriv` to the user `nobody`
    /// when the tests run as root, who may write any folder, or nothing otherwise.
    private static var otherUserPrefix: [String]? {
        guard getuid() == 0 else { return [] }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
            ? ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] : nil
    }

    @Test(.enabled(if: otherUserPrefix != nil, "needs setpriv when the tests run as root"))
    func reportReadsMeterInFolderItCannotWrite() throws {
        let folder = try TemporaryFolder()
        let meter = folder.path("meter.sqlite")
        try Self.writeMeter(meter, instance: "a", days: [0, 1])
        // Readable by everyone and writable only by root, as a read-only share or another user's folder.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: meter)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path(""))
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path("")) }
        let command = (Self.otherUserPrefix ?? []) + [BuiltBinary.ehbridge.path, "report", "--db", meter, "--prices",
                                                       CommandRunner.repositoryPricing]

        let result = try BuiltBinary.run(executable: URL(fileURLWithPath: command[0]), Array(command.dropFirst()))

        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("# ehbridge cost report"))
        #expect(!FileManager.default.fileExists(atPath: meter + "-shm"))

        // A -wal file means a writer may be active, whose commits an immutable reader could misread.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path(""))
        #expect(FileManager.default.createFile(atPath: meter + "-wal", contents: Data()))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: meter + "-wal")
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path(""))
        let inUse = try BuiltBinary.run(executable: URL(fileURLWithPath: command[0]), Array(command.dropFirst()))

        #expect(inUse.status == 1)
        #expect(inUse.errorOutput.contains("cannot be read: it has a -wal file"), "\(inUse.errorOutput)")
    }
}

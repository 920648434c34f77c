import Core
import Foundation
import TestSupport
import Testing
@testable import CLI

/// Text written by a command, kept for the test to read.
private final class NormalizeCapturedOutput: TextOutput {
    private let text = Locked("")

    func write(_ text: String) {
        self.text.withLock { $0 += text }
    }

    var lines: [String] {
        text.withLock { $0 }.split(separator: "\n").map(String.init)
    }
}

/// The result of one `ehbridge normalize` run: exit status, JSON lines parsed, and standard error.
private struct NormalizeRun {
    var status: ExitCode
    var objects: [[String: Any]]
    var errorLines: [String]
}

/// `ehbridge normalize`, run in-process on files each test writes to its own temporary folder.
@Suite final class NormalizeCommandTests {
    private let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ehbridge-normalize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    private func file(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func run(_ arguments: [String]) throws -> NormalizeRun {
        let output = NormalizeCapturedOutput()
        let errorOutput = NormalizeCapturedOutput()
        let context = CommandContext(output: output, errorOutput: errorOutput, environment: [:], logSink: DiscardingLogSink())
        let status = CommandLineTool.run(["normalize"] + arguments, context: context)
        let objects = try output.lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
        return NormalizeRun(status: status, objects: objects, errorLines: errorOutput.lines)
    }

    private static let twoRecords = """
        {"records":[{"time":"2026-03-01T10:00:00.1234567Z","category":"AuditEvent","callerIpAddress":"198.51.100.23:50432"},
        {"time":"2026-03-01T10:00:01Z","category":"StorageRead","level":2}]}
        """

    @Test func normalizePrintsOneLinePerEntry() throws {
        let path = try file("two.json", Self.twoRecords)

        let result = try run(["--received-at", "2026-03-01T12:00:00Z", "--topic", "insights-logs-auditevent", path])

        #expect(result.status == .success)
        try #require(result.objects.count == 2)
        let first = result.objects[0]
        let contents = try #require(first["contents"] as? [String: String])
        #expect(first["message"] as? String == path)
        #expect(first["entry"] as? Int == 1)
        #expect(first["outcome"] as? String == "parsed")
        #expect(first["time"] as? Int == 1_772_359_200)
        #expect(first["time_ns"] as? Int == 123_456_700)
        #expect(first["topic"] as? String == "insights-logs-auditevent")
        #expect(first["source"] as? String == "")
        #expect(contents["ehb_category"] == "AuditEvent")
        #expect(contents["ehb_caller_ip"] == "198.51.100.23")
        #expect((result.objects[1]["contents"] as? [String: String])?["ehb_level"] == "Error")
        #expect(result.errorLines == ["1 message, 2 entries, 0 raw entries, 0 messages to dead-letter"])
    }

    @Test func normalizeSimulatesKafkaContext() throws {
        let path = try file("one.json", #"{"category":"AuditEvent"}"#)

        let result = try run([
            "--kafka-timestamp", "1772366400250", "--received-at", "1772366401000", "--offset", "41",
            "--header", "Diagnostic-Id=00-abc-01", "--header", "count=hex:7100000005", path, path,
        ])

        #expect(result.status == .success)
        try #require(result.objects.count == 2)
        let contents = try #require(result.objects[0]["contents"] as? [String: String])
        #expect(result.objects[0]["time"] as? Int == 1_772_366_400)
        #expect(contents["ehb_time_source"] == "kafka")
        #expect(contents["ehb_kafka_timestamp"] == "1772366400250")
        #expect(contents["ehb_kafka_offset"] == "41")
        #expect((result.objects[1]["contents"] as? [String: String])?["ehb_kafka_offset"] == "42")
        let tags = try #require(result.objects[0]["tags"] as? [String: String])
        #expect(tags == ["ehb_header_Diagnostic_Id": "00-abc-01", "ehb_header_count": "5"])
    }

    @Test func normalizeShowsParseErrorAndSanitizerFix() throws {
        let path = try file("quotes.json", "{'time':'2026-03-01T10:07:00Z','category':'FunctionAppLogs'}")

        let strict = try run(["--received-at", "2026-03-01T12:00:00Z", path])
        let sanitized = try run(["--received-at", "2026-03-01T12:00:00Z", "--sanitizers", "single_quotes", path])

        let error = try #require(strict.objects.first?["parse_error"] as? [String: Any])
        #expect(strict.objects.first?["outcome"] as? String == "parse_error")
        #expect(error["description"] as? String == "expected an object key string, found '''")
        #expect(error["offset"] as? Int == 1)
        #expect(strict.errorLines.last?.contains("1 raw entry") == true)
        let contents = try #require(sanitized.objects.first?["contents"] as? [String: String])
        #expect(contents["ehb_sanitized"] == "single_quotes")
        #expect(contents["ehb_category"] == "FunctionAppLogs")
        #expect(sanitized.objects.first?["time"] as? Int == 1_772_359_620)
    }

    @Test func normalizeReportsEmptyMessage() throws {
        let path = try file("empty.json", #"{"records": []}"#)

        let result = try run([path])

        #expect(result.objects.count == 1)
        #expect(result.objects.first?["entry"] as? Int == 0)
        #expect(result.objects.first?["outcome"] as? String == "empty")
        #expect(result.objects.first?["empty_reason"] as? String == "empty_records")
    }

    @Test func normalizeShowsLimitActions() throws {
        let long = String(repeating: "x", count: 500)
        let path = try file("long.json", #"{"time":"2026-03-01T10:00:00Z","message":"\#(long)"}"#)

        let result = try run(["--received-at", "2026-03-01T12:00:00Z", "--max-value-bytes", "100", path])

        let line = try #require(result.objects.first)
        let contents = try #require(line["contents"] as? [String: String])
        #expect(contents["message"]?.hasSuffix("...[truncated from 500 bytes]") == true)
        #expect(contents["ehb_truncated"] == "message")
        #expect(line["dead_letter"] as? [String] == ["value of message truncated from 500 bytes"])
        #expect((line["report"] as? [String: Int])?["truncated_values"] == 1)
        #expect(result.errorLines.last?.hasSuffix("1 message to dead-letter") == true)
    }

    @Test func normalizeShowsAdjustedTimeAndDerivedChoice() throws {
        let path = try file("old.json", #"{"time":"2026-01-01T00:00:00Z","category":"C"}"#)

        let result = try run(["--received-at", "2026-03-01T12:00:00Z", "--derived-fields", "category", path])

        let contents = try #require(result.objects.first?["contents"] as? [String: String])
        #expect(result.objects.first?["time"] as? Int == 1_772_366_400)
        #expect(contents["ehb_original_time"] == "2026-01-01T00:00:00Z")
        #expect(contents["ehb_time_source"] == "received")
        #expect(contents["ehb_category"] == "C")
        #expect(contents["ehb_level"] == nil)
        #expect(contents["ehb_time"] == nil)
    }

    @Test func normalizeReadsGzipAndExpandsFlows() throws {
        let flow = """
            {"time":"2026-03-01T10:01:00Z","category":"NetworkSecurityGroupFlowEvent","properties":{"Version":2,\
            "flows":[{"rule":"r","flows":[{"mac":"m","flowTuples":["1772359200,198.51.100.23,10.0.0.4,51544,22,T,I,D,B,,,,",\
            "1772359201,10.0.0.4,203.0.113.80,49152,443,T,O,A,B,,,,"]}]}]}}
            """
        let plain = try file("flow.json", flow)
        let process = SpawnedProcess()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", plain]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)

        let result = try run(["--received-at", "2026-03-01T12:00:00Z", "--expand-flow-tuples", plain + ".gz"])

        #expect(result.objects.count == 2)
        #expect((result.objects.first?["contents"] as? [String: String])?["flow_source_ip"] == "198.51.100.23")
        #expect((result.objects.first?["report"] as? [String: Int])?["inflated_gzip"] == 1)
    }

    @Test func normalizeRejectsUnknownDerivedField() throws {
        let path = try file("one.json", #"{"a":1}"#)

        let result = try run(["--derived-fields", "resourceId", path])

        #expect(result.status == .usage)
        #expect(result.objects.isEmpty)
        #expect(result.errorLines.first?.hasPrefix(
            "error: unknown derived field `resourceId`; use one of: time, category, resource_id") == true)
    }

    @Test func normalizeMarksBrokenJSONLinesEntryAsParseError() throws {
        let path = try file("lines.json", "{\"category\":\"A\"}\n{\"category\":\n")
        let result = try run([path])

        #expect(result.objects.count == 2)
        #expect(result.objects.first?["outcome"] as? String == "parsed")
        #expect(result.objects.first?["parse_error"] == nil)
        #expect(result.objects.last?["outcome"] as? String == "parse_error")
        let error = try #require(result.objects.last?["parse_error"] as? [String: Any])
        #expect((error["description"] as? String)?.isEmpty == false)
    }

    @Test func normalizeRejectsBadHeaderTimeAndLimit() throws {
        let path = try file("one.json", #"{"a":1}"#)

        #expect(try run(["--header", "novalue", path]).status == .usage)
        #expect(try run(["--header", "h=hex:A1Z", path]).status == .usage)
        #expect(try run(["--kafka-timestamp", "yesterday", path]).status == .usage)
        #expect(try run(["--max-value-bytes", "10", path]).errorLines.first
            == "error: --max-value-bytes must be at least 64, room for the truncation marker, not 10.")
        #expect(try run(["--max-key-bytes", "8", path]).errorLines.first
            == "error: --max-key-bytes must be at least 16, not 8.")
        #expect(try run(["--max-key-bytes", "129", path]).errorLines.first
            == "error: --max-key-bytes must be at most 128, the SLS limit, not 129.")
        #expect(try run(["--max-entry-bytes", "100", path]).errorLines.first
            == "error: --max-entry-bytes must be at least the maximum key bytes plus 64 (192), not 100.")
    }

    @Test func normalizeReadsNamedPipe() throws {
        // A shell's process substitution, `<(command)`, hands over a pipe like this one.
        let fifo = folder.appendingPathComponent("message.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let message = Self.twoRecords
        let writer = Thread {
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data(message.utf8))
                try? handle.close()
            }
        }
        writer.start()

        let result = try run([fifo])

        #expect(result.status == .success, "\(result.errorLines)")
        #expect(result.objects.count == 2)
        #expect(result.objects.allSatisfy { $0["outcome"] as? String == "parsed" })
    }

    @Test func normalizeFailsOnMissingFile() throws {
        let result = try run([folder.appendingPathComponent("missing.json").path])

        #expect(result.status == .failure)
        #expect(result.errorLines.first?.hasPrefix("error: ") == true)
        #expect(result.errorLines.first?.contains("missing.json does not exist; check the path.") == true)
    }

    @Test func normalizeHelpNamesOptions() throws {
        let output = NormalizeCapturedOutput()
        let context = CommandContext(output: output, errorOutput: output, environment: [:], logSink: DiscardingLogSink())

        let status = CommandLineTool.run(["normalize", "--help"], context: context)

        #expect(status == .success)
        #expect(output.lines.contains { $0.contains("--kafka-timestamp TIME") })
        #expect(output.lines.contains { $0.contains("--sanitizers LIST") })
    }
}

import Foundation
import Testing
import TestSupport

@Suite struct DemoCommandTests {
    @Test func demoForwardsBothModesAndWritesReport() async throws {
        try await blocking {
            let directory = try BuiltBinary.temporaryDirectory("demo")
            let result = try BuiltBinary.run(
                ["demo", "--rounds", "2", "--reports", directory + "/Reports", "--meter", directory + "/meter.sqlite"]
            )
            #expect(result.status == 0, "stderr: \(result.errorOutput)")
            #expect(result.output.contains("Produced 32 messages"))
            #expect(result.output.contains("Forwarding in mode dedicated-channel"))
            #expect(result.output.contains("Forwarding in mode user-log-service"))
            #expect(result.output.components(separatedBy: "server and meter agree: yes").count == 3)
            // Both modes forward the messages, and the dry run reads and meters them once more.
            #expect(result.output.components(separatedBy: "records consumed 32 = delivered 30 + dead-lettered 0 + empty 2 + in flight 0").count == 3)
            #expect(result.output.contains("records consumed 32 = metered 30 + dead-lettered 0 + empty 2 + in flight 0"))
            #expect(result.output.contains("Dry run: metering both modes without sending"))
            #expect(result.output.contains("Projected monthly cost per payer"))
            #expect(result.output.contains("dedicated-channel (dry-run)"))
            #expect(result.output.contains("user-log-service (dry-run)"))

            let report = try String(contentsOfFile: directory + "/Reports/demo-report.md", encoding: .utf8)
            #expect(report.hasPrefix("# ehbridge demo report"))
            #expect(report.contains("| dedicated-channel | sent |"))
            #expect(report.contains("| user-log-service | sent |"))
            #expect(report.contains("## Cost comparison"))
            // The output counts the warnings and refers to the report for them.
            let warningCount = result.output.split(separator: "\n")
                .first { $0.hasSuffix("warning(s); see the report.") }
                .flatMap { Int($0.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }) } ?? 0
            let warningSection = report.components(separatedBy: "## Warnings\n\n").last ?? ""
            #expect(report.contains("## Warnings"))
            #expect(warningSection.split(separator: "\n").filter { $0.hasPrefix("- ") }.count == warningCount)
            #expect(FileManager.default.fileExists(atPath: directory + "/meter.sqlite"))

            // The output ends with the comparison; the HTML report is self-contained.
            let lastLines = result.output.split(separator: "\n").suffix(8).joined(separator: "\n")
            #expect(lastLines.contains("Total"))
            let html = try String(contentsOfFile: directory + "/Reports/demo-cost-report.html", encoding: .utf8)
            #expect(html.contains("<svg"))
            #expect(!html.contains("<script"))
        }
    }
}

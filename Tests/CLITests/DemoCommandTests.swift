import Foundation
import Testing

@Suite struct DemoCommandTests {
    @Test func demoForwardsBothModesAndWritesReport() throws {
        let directory = try BuiltBinary.temporaryDirectory("demo")
        let result = try BuiltBinary.run(
            ["demo", "--rounds", "2", "--reports", directory + "/Reports", "--meter", directory + "/meter.sqlite"]
        )
        #expect(result.status == 0, "stderr: \(result.errorOutput)")
        #expect(result.output.contains("Produced 32 messages"))
        #expect(result.output.contains("Forwarding in mode dedicated-channel"))
        #expect(result.output.contains("Forwarding in mode user-log-service"))
        #expect(result.output.components(separatedBy: "server and meter agree: yes").count == 3)
        #expect(result.output.components(separatedBy: "records consumed 32 = delivered 30 + dead-lettered 0 + empty 2 + in flight 0").count == 3)

        let report = try String(contentsOfFile: directory + "/Reports/demo-report.md", encoding: .utf8)
        #expect(report.hasPrefix("# ehbridge demo report"))
        #expect(report.contains("| dedicated-channel | sent |"))
        #expect(report.contains("| user-log-service | sent |"))
        #expect(FileManager.default.fileExists(atPath: directory + "/meter.sqlite"))
    }
}

import Foundation
import Core
import Testing
@testable import Bridge

/// Values the loader must reject before librdkafka, the SLS client or the cost model reads them, and the key
/// and fix of each problem.
@Suite struct ConfigurationValidationTests {
    private let loader = BridgeConfigurationLoader(environment: BridgeConfigurationLoaderTests.environment,
                                                   hostName: "test-host")

    private let valid = BridgeConfigurationLoaderTests.validText

    /// Returns the problems the loader reports for `text`, or an empty list when it loads.
    private func problems(_ text: String) -> [ConfigurationProblem] {
        do {
            _ = try loader.load(yaml: text)
            return []
        } catch {
            return error.problems
        }
    }

    private func replacing(_ line: String, with replacement: String) -> String {
        valid.replacingOccurrences(of: line, with: replacement)
    }

    // MARK: meter.path and dead_letter.path

    @Test func unusableDatabasePathsAreRejected() throws {
        let folder = NSTemporaryDirectory() + "ehbridge-paths-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/plain.yaml"
        try Data("x: 1\n".utf8).write(to: URL(fileURLWithPath: file))

        for (path, problem) in [
            ("''", "is empty"), (folder + "/", "names a folder"), (folder, "names the folder"),
            (file + "/meter.sqlite", "which is a file"),
        ] {
            let found = problems(replacing("path: /tmp/meter.sqlite", with: "path: \(path)"))
            #expect(found.map(\.key) == ["meter.path"], "\(path)")
            #expect(found.first?.problem.contains(problem) == true, "\(path): \(found)")
        }
        for written in ["path:", "path: ~"] {
            let found = problems(replacing("path: /tmp/meter.sqlite", with: written))
            #expect(found.map(\.key) == ["meter.path"], "\(written)")
            #expect(found.first?.problem == "has no value.", "\(written)")
        }
        let deadLetter = problems(valid + "\ndead_letter:\n  path: \(folder)\n")
        #expect(deadLetter.map(\.key) == ["dead_letter.path"])
        #expect(problems(replacing("path: /tmp/meter.sqlite", with: "path: \(folder)/new/meter.sqlite")).isEmpty,
                "a missing folder is created at start")
    }

    // MARK: source.bootstrap_servers

    @Test(arguments: [
        "127.0.0.1:99999", "127.0.0.1:abc", "127.0.0.1:0", "127.0.0.1", "127.0.0.1:", ":9092", "127.0.0.1:+80",
        "::1:9093", "[]:9093", "[::1]", "a b:9092", "PLAINTEXT://127.0.0.1:9092",
    ])
    func invalidBootstrapServerIsRejected(server: String) {
        let text = replacing("  hub: insights-logs-auditevent",
                             with: "  hub: insights-logs-auditevent\n  bootstrap_servers: [127.0.0.1:9092, '\(server)']")
        let found = problems(text)

        #expect(found.map(\.key) == ["source.bootstrap_servers[1]"])
        #expect(found.first?.problem.contains(server) == true)
        #expect(found.first?.fix.contains("host:port") == true)
    }

    @Test func bootstrapServerScalarHasNoIndex() {
        let text = replacing("  hub: insights-logs-auditevent",
                             with: "  hub: insights-logs-auditevent\n  bootstrap_servers: 127.0.0.1")

        #expect(problems(text).map(\.key) == ["source.bootstrap_servers"])
    }

    @Test func validBootstrapServersAreKept() throws {
        let servers = ["ns-example.servicebus.windows.net:9093", "[::1]:9093", "127.0.0.1:65535", "kafka_1.internal:1"]
        let list = servers.map { "'\($0)'" }.joined(separator: ", ")
        let text = replacing("  hub: insights-logs-auditevent",
                             with: "  hub: insights-logs-auditevent\n  bootstrap_servers: [\(list)]")
        let configuration = try loader.load(yaml: text)

        #expect(configuration.source.bootstrapServers == servers)
        #expect(BridgeService.effectiveBootstrapServers(configuration.source) == servers)
    }

    @Test func commaSeparatedBootstrapServersAreSplit() throws {
        let text = replacing("  hub: insights-logs-auditevent",
                             with: "  hub: insights-logs-auditevent\n  bootstrap_servers: 'kafka-1.internal:9092, kafka-2.internal:9092'")
        let configuration = try loader.load(yaml: text)

        #expect(configuration.source.bootstrapServers == ["kafka-1.internal:9092", "kafka-2.internal:9092"])
    }

    @Test func emptyPartOfCommaListIsRejected() {
        let text = replacing("  hub: insights-logs-auditevent",
                             with: "  hub: insights-logs-auditevent\n  bootstrap_servers: 'kafka-1.internal:9092,,kafka-2.internal:9092'")
        let found = problems(text)

        #expect(found.map(\.key) == ["source.bootstrap_servers"])
        #expect(found.first?.fix.contains("host:port") == true)
    }

    @Test func derivedBootstrapServerIsUnchanged() throws {
        let configuration = try loader.load(yaml: valid)

        #expect(configuration.source.bootstrapServers.isEmpty)
        #expect(BridgeService.effectiveBootstrapServers(configuration.source) == ["ns-example.servicebus.windows.net:9093"])
    }

    @Test func connectAddressNeedsBracketedIPv6() {
        let accepted = replacing("  logstore: azure-logs", with: "  logstore: azure-logs\n  connect_address: '[::1]:18080'")
        let rejected = replacing("  logstore: azure-logs", with: "  logstore: azure-logs\n  connect_address: '::1:18080'")

        #expect(problems(accepted).isEmpty)
        #expect(problems(rejected).map(\.key) == ["destination.connect_address"])
    }

    // MARK: source.hub and source.hubs

    @Test func duplicateHubIsRejected() {
        let found = problems(replacing("  hub: insights-logs-auditevent", with: "  hubs: [a, b, a]"))

        #expect(found.map(\.key) == ["source.hubs[2]"])
        #expect(found.first?.problem.contains("`a`") == true)
    }

    @Test(arguments: ["bad topic!", ".", "..", "hub/name", "insights-logs-ä", String(repeating: "h", count: 250)])
    func invalidHubNameIsRejected(name: String) {
        let single = problems(replacing("  hub: insights-logs-auditevent", with: "  hub: '\(name)'"))
        let listed = problems(replacing("  hub: insights-logs-auditevent", with: "  hubs: [good-hub, '\(name)']"))

        #expect(single.map(\.key) == ["source.hub"])
        #expect(listed.map(\.key) == ["source.hubs[1]"])
        #expect(single.first?.fix.contains("249") == true)
    }

    @Test func validHubNamesAreAccepted() throws {
        let names = ["insights-logs-auditevent", "Hub.Name_2-b", String(repeating: "h", count: 249)]
        let text = replacing("  hub: insights-logs-auditevent",
                             with: "  hubs: [\(names.joined(separator: ", "))]")

        #expect(try loader.load(yaml: text).source.topics == names)
    }

    // MARK: pricing.logstore

    @Test func hotDaysAboveRetentionNamesHotDays() {
        let found = problems(valid + "\npricing:\n  logstore:\n    retention_days: 30\n    hot_days: 60\n")

        #expect(found.map(\.key) == ["pricing.logstore.hot_days"])
        #expect(found.first?.problem.contains("60") == true)
        #expect(found.first?.fix.hasPrefix("Set hot_days from 1 to 30") == true)
    }

    @Test func shortArchiveDelayNamesArchiveDays() {
        let found = problems(valid + "\npricing:\n  logstore:\n    retention_days: 180\n    hot_days: 10\n    archive_after_days: 20\n")

        #expect(found.map(\.key) == ["pricing.logstore.archive_after_days"])
        #expect(found.first?.fix == "Set archive_after_days from 40 to 179, or remove it.")
    }

    @Test func shortHotPeriodNamesHotDays() {
        let found = problems(valid + "\npricing:\n  logstore:\n    retention_days: 30\n    hot_days: 5\n")

        #expect(found.map(\.key) == ["pricing.logstore.hot_days"])
        #expect(found.first?.fix.contains("hot_days to 7") == true)
    }

    // MARK: Value shapes

    @Test(arguments: ["[a, b]", "{a: b}"])
    func wrongShapeSecretNamesExpectedValue(value: String) {
        let found = problems(replacing("  access_key_secret: ${SLS_ACCESS_KEY_SECRET}",
                                       with: "  access_key_secret: \(value)"))
        let problem = found.first { $0.key == "destination.access_key_secret" }

        #expect(problem?.problem.contains("a single value was expected") == true)
        #expect(problem?.fix.contains("Give `access_key_secret` a single string value") == true)
        #expect(problem.map { SecretRedactor().redact($0.fix) } == problem?.fix)
        #expect(found.allSatisfy { !$0.fix.contains("as described") })
    }

    @Test func wrongShapeNumberKeepsRangeFix() {
        let found = problems(valid + "\nbatching:\n  max_entries: [1, 2]\n")

        #expect(found.map(\.key) == ["batching.max_entries"])
        #expect(found.first?.fix.contains("not a list") == true)
        #expect(found.first?.fix.contains("Write a whole number of entries") == true)
    }

    // MARK: Missing sections

    @Test func missingDestinationIsReportedAlone() {
        let text = valid.components(separatedBy: "destination:")[0] + "meter:\n  path: /tmp/meter.sqlite\n"

        #expect(problems(text).map(\.key) == ["destination"])
    }

    @Test func emptySourceIsReportedAlone() {
        let text = "source:\n" + valid.components(separatedBy: "consumer_group: ehbridge-test\n")[1]

        #expect(problems(text).map(\.key) == ["source"])
        let braces = "source: {}\n" + valid.components(separatedBy: "consumer_group: ehbridge-test\n")[1]
        #expect(problems(braces).map(\.key) == ["source"])
    }

    // MARK: Message text

    @Test func optionSetFixListsEachNameOnce() {
        let found = problems(valid + "\nnormalization:\n  derived_fields: [bogus]\n  sanitizers: [bogus]\n")
        let derived = found.first { $0.key == "normalization.derived_fields" }
        let sanitizers = found.first { $0.key == "normalization.sanitizers" }

        #expect(derived?.fix == "Use all, none or a list of: time, category, resource_id, operation, caller_ip, level, kafka_offset, kafka_timestamp, unparsed_json.")
        #expect(sanitizers?.fix == "Use all, none or a list of: single_quotes, control_characters.")
    }

    @Test func connectionStringHintKeepsPeriod() {
        let text = replacing("${EVENTHUBS_CONNECTION_STRING}",
                             with: "'sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=LeakCheckKey00000000000='")
        let found = problems(text)
        let printed = SecretRedactor().redact(found.map(\.description).joined(separator: "\n"))

        #expect(found.map(\.key) == ["source.connection_string"])
        #expect(printed.contains("SharedAccessKey=<key>. The Azure portal"))
        #expect(!printed.contains("LeakCheckKey"))
    }
}

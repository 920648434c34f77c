import Foundation
import Testing
import TestSupport

@Suite struct ValidateCommandTests {
    static let environment = [
        "EVENTHUBS_CONNECTION_STRING":
            "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=CliTestKey000000000000000000000000000000000=",
        "SLS_ACCESS_KEY_ID": "cli-test-access-key-id",
        "SLS_ACCESS_KEY_SECRET": "cli-test-access-key-secret-value",
    ]

    @Test func exampleConfigurationValidates() async throws {
        try await blocking {
            let path = BuiltBinary.packageRoot.appendingPathComponent("docs/configuration.example.yaml").path
            let result = try BuiltBinary.run(["validate", "--config", path], environment: Self.environment)
            #expect(result.status == 0, "stderr: \(result.errorOutput)")
            #expect(result.output.contains("valid"))
            #expect(result.output.contains("destination: dedicated-channel https://example-project.cn-shanghai.log.aliyuncs.com"))
            for secret in Self.environment.values where secret.count > 20 {
                #expect(!result.output.contains(secret))
            }
            #expect(!result.output.contains("CliTestKey"))
        }
    }

    @Test func invalidConfigurationExitsWithTwoAndListsProblems() async throws {
        try await blocking {
            let directory = try BuiltBinary.temporaryDirectory("validate")
            let path = directory + "/bad.yaml"
            try """
                source:
                  connection_string: ${EVENTHUBS_CONNECTION_STRING}
                  hub: insights-logs-auditevent
                destination:
                  mode: dedicated
                  endpoint: cn-shanghai.log.aliyuncs.com
                  project: example-project
                  logstore: azure-logs
                  access_key_id: ${SLS_ACCESS_KEY_ID}
                """.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try BuiltBinary.run(["validate", "--config", path], environment: Self.environment)
            #expect(result.status == 2)
            #expect(result.errorOutput.contains("3 problems"))
            #expect(result.errorOutput.contains("source.consumer_group: is missing."))
            #expect(result.errorOutput.contains("destination.mode: is `dedicated`, which is not a known value."))
            #expect(result.errorOutput.contains("destination.access_key_secret: is missing."))
            #expect(!result.errorOutput.contains("CliTestKey"))
        }
    }

    /// Writes a configuration with `connection` (the lines that choose Event Hubs or plain Kafka) and
    /// `properties` under `source.kafka_properties`, and returns its path.
    private static func writeSource(in directory: String, connection: [String], properties: [String]) throws -> String {
        let path = directory + "/bridge.yaml"
        let lines = ["source:"] + connection.map { "  " + $0 } + [
            "  hub: insights-logs-auditevent", "  consumer_group: ehbridge-test", "  kafka_properties:",
        ] + properties.map { "    " + $0 } + [
            "destination:", "  mode: dedicated-channel", "  endpoint: cn-shanghai.log.aliyuncs.com",
            "  project: example-project", "  logstore: azure-logs", "  access_key_id: ${SLS_ACCESS_KEY_ID}",
            "  access_key_secret: ${SLS_ACCESS_KEY_SECRET}",
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Over TLS (the Event Hubs form), librdkafka checks the key store only when it creates the consumer.
    @Test func keyStoreWithoutPasswordIsRejected() async throws {
        try await blocking {
            let directory = try BuiltBinary.temporaryDirectory("validate-keystore")
            let path = try Self.writeSource(
                in: directory,
                connection: ["connection_string: ${EVENTHUBS_CONNECTION_STRING}", "bootstrap_servers: [127.0.0.1:9]"],
                properties: ["ssl.keystore.location: \(directory)/client.p12"]
            )

            let result = try BuiltBinary.run(["validate", "--config", path], environment: Self.environment)

            #expect(result.status == 2)
            #expect(result.errorOutput.contains("source.kafka_properties: is rejected by librdkafka when it creates the consumer"))
            #expect(result.errorOutput.contains("`ssl.keystore.password` is mandatory"))
            #expect(!result.errorOutput.contains("cli-test-access-key-secret-value"))
            #expect(!result.errorOutput.contains("CliTestKey"))
        }
    }

    @Test func tlsPropertyWithoutTLSIsRejected() async throws {
        try await blocking {
            let directory = try BuiltBinary.temporaryDirectory("validate-plaintext-ssl")
            let path = try Self.writeSource(
                in: directory, connection: ["bootstrap_servers: [127.0.0.1:9]"],
                properties: ["ssl.keystore.location: \(directory)/client.p12", "ssl.keystore.password: store-password"]
            )

            let result = try BuiltBinary.run(["validate", "--config", path], environment: Self.environment)

            #expect(result.status == 2)
            #expect(result.errorOutput.contains("2 problems"))
            #expect(result.errorOutput.contains("source.kafka_properties.ssl.keystore.location: has no effect"))
            #expect(result.errorOutput.contains("source.kafka_properties.ssl.keystore.password: has no effect"))
            #expect(!result.errorOutput.contains("store-password"))
        }
    }

    @Test func missingOptionIsUsageError() async throws {
        try await blocking {
            let result = try BuiltBinary.run(["validate"])
            #expect(result.status == 2)
            #expect(result.errorOutput.contains("error: missing --config."))
            #expect(result.errorOutput.contains("USAGE: ehbridge validate --config FILE"))
        }
    }

    @Test func helpListsCommands() async throws {
        try await blocking {
            let result = try BuiltBinary.run(["--help"])
            #expect(result.status == 0)
            for command in ["run", "validate", "demo", "version"] {
                #expect(result.output.contains("\n  \(command) "))
            }
        }
    }

    @Test func unknownCommandIsUsageError() async throws {
        try await blocking {
            let result = try BuiltBinary.run(["frobnicate"])
            #expect(result.status == 2)
            #expect(result.errorOutput.contains("unknown command `frobnicate`"))
        }
    }
}

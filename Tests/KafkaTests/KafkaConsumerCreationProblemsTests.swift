import Foundation
import Kafka
import Testing

@Suite("KafkaConsumerConfiguration.creationProblems")
struct KafkaConsumerCreationProblemsTests {
    static func plaintext(additional: [String: String] = [:]) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(
            bootstrapServers: ["127.0.0.1:9"], groupID: "bridge", security: .plaintext, additionalProperties: additional
        )
    }

    @Test func validConfigurationHasNone() {
        #expect(Self.plaintext().creationProblems().isEmpty)
    }

    @Test func keyStoreWithoutPasswordIsRejected() {
        let problems = Self.plaintext(additional: ["ssl.keystore.location": "/nonexistent/client.p12"]).creationProblems()

        #expect(problems.count == 1)
        guard case .rejectedByLibrdkafka(nil, let reason)? = problems.first else {
            Issue.record("expected a rejection of the whole configuration, got \(problems)")
            return
        }
        #expect(reason.contains("`ssl.keystore.password` is mandatory"))
    }

    /// Over TLS librdkafka reads the key store when it creates the consumer.
    @Test func missingKeyStoreFileIsRejected() {
        let problems = KafkaConsumerConfigurationTests.saslConfiguration(additional: [
            "ssl.keystore.location": "/nonexistent/client.p12", "ssl.keystore.password": "store-password",
        ]).creationProblems()

        #expect(problems.count == 1)
        guard case .rejectedByLibrdkafka(nil, let reason)? = problems.first else {
            Issue.record("expected a rejection of the whole configuration, got \(problems)")
            return
        }
        #expect(reason.contains("/nonexistent/client.p12"))
        #expect(!reason.contains("store-password"))
    }

    @Test func propertyProblemsComeFirst() {
        let problems = Self.plaintext(additional: ["group.id": "other", "ssl.keystore.location": "/nonexistent/client.p12"])
            .creationProblems()

        #expect(problems.count == 1)
        guard case .ownedProperty(let key, _)? = problems.first else {
            Issue.record("expected the owned key, got \(problems)")
            return
        }
        #expect(key == "group.id")
    }
}

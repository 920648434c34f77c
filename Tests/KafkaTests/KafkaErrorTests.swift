import Core
import Kafka
import Testing

@Suite("KafkaError")
struct KafkaErrorTests {
    @Test func codeNamesComeFromLibrdkafka() {
        #expect(KafkaError.Code.transport.name == "_TRANSPORT")
        #expect(KafkaError.Code.allBrokersDown.name == "_ALL_BROKERS_DOWN")
        #expect(KafkaError.Code.topicAuthorizationFailed.name == "TOPIC_AUTHORIZATION_FAILED")
        #expect(KafkaError.Code(rawValue: 58) == .saslAuthenticationFailed)
    }

    @Test func retriableFollowsCodeUnlessGiven() {
        #expect(KafkaError(code: .transport, message: "lost").isRetriable)
        #expect(KafkaError(code: .maxPollExceeded, message: "late").isRetriable)
        #expect(!KafkaError(code: .topicAuthorizationFailed, message: "denied").isRetriable)
        #expect(!KafkaError(code: .transport, message: "lost", isRetriable: false).isRetriable)
    }

    @Test func descriptionNamesPartitionAndRemedy() {
        let error = KafkaError(
            code: .topicAuthorizationFailed, message: "Broker: Topic authorization failed",
            topicPartition: TopicPartition(topic: "logs", partition: 2)
        )

        #expect(error.description.hasPrefix("Kafka error TOPIC_AUTHORIZATION_FAILED on logs[2]: Broker: Topic"))
        #expect(error.description.contains("Check that the topic exists and that the credentials may read it"))
    }

    @Test func descriptionMarksFatalErrors() {
        let error = KafkaError(code: .fatal, message: "fenced", isFatal: true)

        #expect(error.description.contains("(fatal: close this client and create a new one)"))
    }

    @Test func messageIsRedacted() {
        let secret = Secret("kafka-error-test-secret-value")

        let error = KafkaError(code: .authentication, message: "rejected \(secret.revealed()) for user")

        #expect(error.message == "rejected <redacted> for user")
    }

    @Test func logMetadataIdentifiesError() {
        let error = KafkaError(
            code: .state, message: "not assigned", topicPartition: TopicPartition(topic: "logs", partition: 1)
        )

        #expect(error.logMetadata["kafka.error"] == "_STATE")
        #expect(error.logMetadata["kafka.topic"] == "logs")
        #expect(error.logMetadata["kafka.partition"] == 1)
        #expect(error.logMetadata["kafka.fatal"] == false)
    }
}

import Kafka

extension BridgeConfigurationLoader {
    /// Returns the problems librdkafka finds only when it creates the consumer of `configuration`, which loading
    /// the file cannot see: a key store without its password, a key file it cannot read, and the like.
    ///
    /// `validate` calls this after a successful load. It creates a consumer without brokers and destroys it at
    /// once, so it connects nowhere (see ``KafkaConsumerConfiguration/creationProblems()``).
    public static func consumerCreationProblems(_ configuration: BridgeConfiguration) -> [ConfigurationProblem] {
        let consumer: KafkaConsumerConfiguration
        do {
            consumer = try BridgeService.consumerConfiguration(configuration, kind: .run, logger: .disabled)
        } catch {
            // The load already reported what stops the consumer configuration from being built.
            return []
        }
        return consumer.creationProblems().map { problem in
            switch problem {
            case .rejectedByLibrdkafka(let key?, let reason):
                ConfigurationProblem(key: "source.kafka_properties.\(key)",
                                     problem: "is rejected by librdkafka: \(sentence(reason))",
                                     fix: "Check the name and the value against librdkafka's configuration reference.")
            case .rejectedByLibrdkafka(nil, let reason):
                ConfigurationProblem(key: "source.kafka_properties",
                                     problem: "is rejected by librdkafka when it creates the consumer: \(sentence(reason))",
                                     fix: "Correct the properties the message names.")
            default:
                ConfigurationProblem(key: "source", problem: "gives an invalid Kafka setting: \(problem).",
                                     fix: "Correct the source settings.")
            }
        }
    }
}

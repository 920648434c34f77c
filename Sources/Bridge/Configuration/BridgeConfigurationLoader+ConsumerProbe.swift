import Kafka

extension BridgeConfigurationLoader {
    /// Returns the problems librdkafka finds only when it creates the consumer of `configuration`, which loading
    /// the file cannot see: a key store without its password, a key file it cannot read, and the like.
    ///
    /// `validate` calls this after a load without problems, so it reports these only once the file has no
    /// other problem. It creates a consumer without brokers and destroys it at once, so it connects nowhere (see
    /// ``KafkaConsumerConfiguration/creationProblems()``).
    public static func consumerCreationProblems(_ configuration: BridgeConfiguration) -> [ConfigurationProblem] {
        let consumer: KafkaConsumerConfiguration
        do {
            consumer = try BridgeService.consumerConfiguration(configuration, kind: .run, logger: .disabled)
        } catch {
            // A loaded file builds its consumer configuration (the loader checks that), so this is not expected.
            return [ConfigurationProblem(key: "source", problem: "cannot become a Kafka consumer configuration: "
                                             + sentence("\(error)"), fix: "Correct the source settings.")]
        }
        let reference = "librdkafka's configuration reference for version \(KafkaLibrary.version)"
        return consumer.creationProblems().map { problem in
            switch problem {
            case .rejectedByLibrdkafka(let key?, let reason):
                ConfigurationProblem(key: "source.kafka_properties.\(key)",
                                     problem: "is rejected by librdkafka: \(sentence(reason))",
                                     fix: "Check the name and the value against \(reference).")
            // source.ca_file is the only typed key that names a file librdkafka reads when it creates the consumer.
            case .rejectedByLibrdkafka(nil, let reason) where reason.contains("ssl.ca.location") && configuration.source.caFile != nil:
                ConfigurationProblem(key: "source.ca_file",
                                     problem: "names \(configuration.source.caFile ?? ""), which librdkafka cannot load: \(sentence(reason))",
                                     fix: "Give a PEM file of CA certificates, such as /etc/ssl/certs/ca-certificates.crt, or remove the key.")
            case .rejectedByLibrdkafka(nil, let reason):
                ConfigurationProblem(key: "source.kafka_properties",
                                     problem: "is rejected by librdkafka when it creates the consumer: \(sentence(reason))",
                                     fix: "Correct the properties the message names, as \(reference) describes.")
            default:
                ConfigurationProblem(key: "source", problem: "gives an invalid Kafka setting: \(problem).",
                                     fix: "Correct the source settings.")
            }
        }
    }
}

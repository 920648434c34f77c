internal import CRdKafka

extension KafkaConsumerConfiguration {
    /// Returns every problem `KafkaConsumer.init` would throw for this configuration, without creating a
    /// client: the checks of ``validate()`` and every property librdkafka itself rejects (an unknown key, a
    /// value of the wrong type or range). Configuration loaders call this so that a file that passes
    /// validation also starts.
    public func problems() -> [KafkaConfigurationError.Problem] {
        do {
            let properties = try librdkafkaProperties()
            let configuration = try RDKafkaConfiguration.make(properties)
            rd_kafka_conf_destroy(configuration)
            return []
        } catch {
            return error.problems
        }
    }
}

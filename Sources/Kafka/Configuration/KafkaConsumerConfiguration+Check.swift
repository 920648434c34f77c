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

extension KafkaConsumerConfiguration {
    /// Returns the problems librdkafka finds only when it creates a consumer from this configuration, such as
    /// `ssl.keystore.location` without `ssl.keystore.password`, a key file it cannot read, or `fetch.max.bytes`
    /// below `message.max.bytes`. Returns the problems of ``problems()`` instead when there are any.
    ///
    /// The consumer is created without bootstrap servers, a subscription or the client's callbacks (only a silent
    /// log callback), and it is destroyed at once, so librdkafka opens no connection. It still reads the files and
    /// loads the modules the properties name, such as `ssl.engine.location` and `ssl.providers`, as a run would.
    public func creationProblems() -> [KafkaConfigurationError.Problem] {
        let found = problems()
        guard found.isEmpty else { return found }

        let properties: KafkaProperties
        do {
            properties = try librdkafkaProperties().removing(["bootstrap.servers", "metadata.broker.list"])
        } catch {
            return error.problems
        }

        let configuration: OpaquePointer
        do {
            configuration = try RDKafkaConfiguration.make(properties)
        } catch {
            return error.problems
        }
        // Without a log callback librdkafka writes to standard error, where its warning about the missing
        // bootstrap servers would confuse the reader.
        rd_kafka_conf_set_log_cb(configuration) { _, _, _, _ in }

        var message = [CChar](repeating: 0, count: 512)
        guard let client = rd_kafka_new(RD_KAFKA_CONSUMER, configuration, &message, message.count) else {
            // rd_kafka_new takes ownership of the configuration only when it succeeds.
            rd_kafka_conf_destroy(configuration)
            return [.rejectedByLibrdkafka(key: nil, reason: String(nullTerminated: message))]
        }
        // The consumer never joined a group, so there is nothing to leave or commit.
        rd_kafka_destroy_flags(client, Int32(RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE))
        return []
    }
}

import Core
import Kafka

extension KafkaConsumerConfiguration {
    /// Builds the consumer configuration for reading `hub` of an Event Hubs namespace over its Kafka endpoint.
    ///
    /// It connects to `<namespace host>:9093` (unless `options` names other servers) with SASL_SSL and PLAIN,
    /// username `$ConnectionString` and the whole connection string as password. The timings follow
    /// Microsoft's recommendations for Kafka clients of Event Hubs. Azure drops idle TCP flows after about
    /// 240 seconds without a reset, so idle connections are closed and metadata refreshed after 180 seconds.
    /// TCP keep-alive is on too, but Linux sends its first probe only after 7,200 seconds by default, so the
    /// idle limit is what keeps connections usable. The session timeout is 30 seconds with 3-second heartbeats.
    ///
    /// Throws when the hub or group name is empty or too long, when the key is limited to another hub by
    /// `EntityPath`, or when the resulting configuration is invalid. A hub-level key only works for its own
    /// hub, and the names are compared case-insensitively. Logs a warning to `logger` when the bootstrap servers
    /// in `options` name a host other than the connection string's namespace.
    public static func eventHubs(
        connectionString: EventHubsConnectionString,
        hub: String,
        consumerGroup: String,
        options: EventHubsConsumerOptions = EventHubsConsumerOptions(),
        logger: Logger
    ) throws(EventHubsConfigurationError) -> KafkaConsumerConfiguration {
        guard !hub.isEmpty else { throw .missingHub }
        guard hub.count <= EventHubsKafka.maxHubNameLength else { throw .hubNameTooLong(length: hub.count) }
        guard !consumerGroup.isEmpty else { throw .missingConsumerGroup }
        guard consumerGroup.count <= EventHubsKafka.maxConsumerGroupLength else {
            throw .consumerGroupTooLong(length: consumerGroup.count)
        }
        if let entityPath = connectionString.entityPath, entityPath.lowercased() != hub.lowercased() {
            throw .entityPathMismatch(entityPath: entityPath, hub: hub)
        }

        let namespaceServer = "\(connectionString.namespaceHost):\(EventHubsKafka.port)"
        let bootstrapServers = options.bootstrapServers ?? [namespaceServer]
        warnAboutForeignBootstrapServers(bootstrapServers, namespaceHost: connectionString.namespaceHost, logger: logger)

        let credentials = KafkaSASLCredentials(
            mechanism: .plain, username: EventHubsKafka.saslUsername, password: connectionString.secret
        )
        let configuration = KafkaConsumerConfiguration(
            bootstrapServers: bootstrapServers,
            groupID: consumerGroup,
            security: .saslSSL(credentials, tls: KafkaTLSOptions(caLocation: options.caLocation)),
            clientID: options.clientID,
            groupInstanceID: options.groupInstanceID,
            autoOffsetReset: options.autoOffsetReset,
            partitionAssignmentStrategy: options.partitionAssignmentStrategy,
            sessionTimeout: .seconds(30),
            heartbeatInterval: .seconds(3),
            maxPollInterval: .seconds(300),
            autoCommitInterval: .seconds(5),
            socketKeepAlive: true,
            connectionsMaxIdle: .seconds(180),
            metadataMaxAge: .seconds(180),
            topicMetadataRefreshInterval: .seconds(60),
            statisticsInterval: options.statisticsInterval,
            logConnectionClose: false,
            additionalProperties: options.additionalProperties
        )

        do {
            try configuration.validate()
        } catch {
            throw .invalidKafkaConfiguration(error)
        }
        return configuration
    }

    private static func warnAboutForeignBootstrapServers(_ servers: [String], namespaceHost: String, logger: Logger) {
        for server in servers {
            let host = server.split(separator: ":", maxSplits: 1).first.map { String($0).lowercased() } ?? ""
            if host != namespaceHost {
                logger.warning("bootstrap server differs from the connection string's namespace", metadata: [
                    "kafka.bootstrap_server": .string(server),
                    "eventhubs.namespace": .string(namespaceHost),
                ])
            }
        }
    }
}

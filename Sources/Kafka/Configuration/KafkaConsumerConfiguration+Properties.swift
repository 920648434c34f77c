extension KafkaConsumerConfiguration {
    /// Checks every field and the passthrough properties, and throws one error that lists every problem.
    ///
    /// Ranges are librdkafka 2.0.2's, with two further rules: the heartbeat interval must be below the session
    /// timeout, and the maximum poll interval must be at least the session timeout.
    public func validate() throws(KafkaConfigurationError) {
        var checks = ConfigurationChecks()

        checks.checkBootstrapServers(bootstrapServers, field: "bootstrapServers")
        checks.requireText(groupID, field: "groupID", fix: "name the consumer group")
        checks.requireText(clientID, field: "clientID", fix: "give a client name, such as the host name")
        if let groupInstanceID {
            checks.requireText(groupInstanceID, field: "groupInstanceID", fix: "give a name or set it to nil")
        }
        checks.checkSecurity(security, field: "security")

        checks.checkMilliseconds(sessionTimeout, field: "sessionTimeout", range: 1...3_600_000)
        checks.checkMilliseconds(heartbeatInterval, field: "heartbeatInterval", range: 1...3_600_000)
        checks.checkMilliseconds(maxPollInterval, field: "maxPollInterval", range: 1...86_400_000)
        checks.checkMilliseconds(autoCommitInterval, field: "autoCommitInterval", range: 1...86_400_000)
        if let connectionsMaxIdle {
            checks.checkMilliseconds(connectionsMaxIdle, field: "connectionsMaxIdle", range: 1...2_147_483_647)
        }
        checks.checkMilliseconds(metadataMaxAge, field: "metadataMaxAge", range: 1...86_400_000)
        checks.checkMilliseconds(
            topicMetadataRefreshInterval, field: "topicMetadataRefreshInterval", range: 1...3_600_000
        )
        if let statisticsInterval {
            checks.checkMilliseconds(statisticsInterval, field: "statisticsInterval", range: 1...86_400_000)
        }
        if heartbeatInterval >= sessionTimeout {
            checks.add(.invalidValue(
                field: "heartbeatInterval", value: "\(heartbeatInterval.wholeMilliseconds) ms",
                fix: "keep it below sessionTimeout (\(sessionTimeout.wholeMilliseconds) ms), usually a third or less"
            ))
        }
        if maxPollInterval < sessionTimeout {
            checks.add(.invalidValue(
                field: "maxPollInterval", value: "\(maxPollInterval.wholeMilliseconds) ms",
                fix: "make it at least sessionTimeout (\(sessionTimeout.wholeMilliseconds) ms)"
            ))
        }

        checks.checkInteger(
            queuedMaxMessagesKilobytes, field: "queuedMaxMessagesKilobytes", range: 1...2_097_151, unit: "KiB"
        )
        checks.checkInteger(fetchMaxBytes, field: "fetchMaxBytes", range: 1...2_147_483_135, unit: "bytes")
        checks.checkInteger(
            maxPartitionFetchBytes, field: "maxPartitionFetchBytes", range: 1...1_000_000_000, unit: "bytes"
        )

        checks.add(contentsOf: Self.ownedProperties.problems(in: additionalProperties))
        try checks.throwIfAny()
    }

    /// Validates the configuration and renders it as the librdkafka properties the consumer is created with.
    ///
    /// The SASL password stays a ``Secret`` inside the result. Passthrough properties come last, in key order.
    public func librdkafkaProperties() throws(KafkaConfigurationError) -> KafkaProperties {
        try validate()
        return renderedProperties()
    }

    /// Renders the properties without validating them, so that an invalid configuration can still be described.
    func renderedProperties() -> KafkaProperties {
        var properties = KafkaProperties()
        properties.set("bootstrap.servers", bootstrapServers.joined(separator: ","))
        properties.set("group.id", groupID)
        properties.set("client.id", clientID)
        if let groupInstanceID {
            properties.set("group.instance.id", groupInstanceID)
        }
        security.render(into: &properties)

        properties.set("enable.auto.commit", "true")
        properties.set("enable.auto.offset.store", "false")
        properties.set("auto.commit.interval.ms", String(autoCommitInterval.wholeMilliseconds))
        properties.set("auto.offset.reset", autoOffsetReset.rawValue)
        properties.set("partition.assignment.strategy", partitionAssignmentStrategy.rawValue)
        properties.set("session.timeout.ms", String(sessionTimeout.wholeMilliseconds))
        properties.set("heartbeat.interval.ms", String(heartbeatInterval.wholeMilliseconds))
        properties.set("max.poll.interval.ms", String(maxPollInterval.wholeMilliseconds))

        properties.set("socket.keepalive.enable", socketKeepAlive.librdkafkaValue)
        properties.set("connections.max.idle.ms", String(connectionsMaxIdle?.wholeMilliseconds ?? 0))
        properties.set("metadata.max.age.ms", String(metadataMaxAge.wholeMilliseconds))
        properties.set("topic.metadata.refresh.interval.ms", String(topicMetadataRefreshInterval.wholeMilliseconds))
        properties.set("statistics.interval.ms", String(statisticsInterval?.wholeMilliseconds ?? 0))
        properties.set("queued.max.messages.kbytes", String(queuedMaxMessagesKilobytes))
        properties.set("fetch.max.bytes", String(fetchMaxBytes))
        properties.set("max.partition.fetch.bytes", String(maxPartitionFetchBytes))
        properties.set("log.connection.close", logConnectionClose.librdkafkaValue)

        properties.setPassthrough(additionalProperties)
        return properties
    }

    /// librdkafka keys the consumer owns, with the typed field or reason to give instead.
    static let ownedProperties: OwnedProperties = {
        let type = "KafkaConsumerConfiguration"
        let field: (String) -> String = { "set \(type).\($0) instead" }
        let offsets = "the consumer stores offsets only through storeOffsets(_:), after the records are processed, "
            + "and commits them in the background; set \(type).autoCommitInterval to change how often"
        let rebalance = "the consumer handles rebalances itself so that it can commit before partitions are released"
        var owned = OwnedProperties.common(typeName: type)
        owned.merge([
            "group.id": field("groupID"),
            "group.instance.id": field("groupInstanceID"),
            "enable.auto.commit": offsets,
            "auto.commit.enable": offsets,
            "enable.auto.offset.store": offsets,
            "offset.store.method": offsets,
            "auto.commit.interval.ms": field("autoCommitInterval"),
            "auto.offset.reset": field("autoOffsetReset"),
            "partition.assignment.strategy": field("partitionAssignmentStrategy"),
            "session.timeout.ms": field("sessionTimeout"),
            "heartbeat.interval.ms": field("heartbeatInterval"),
            "max.poll.interval.ms": field("maxPollInterval"),
            "socket.keepalive.enable": field("socketKeepAlive"),
            "connections.max.idle.ms": field("connectionsMaxIdle"),
            "metadata.max.age.ms": field("metadataMaxAge"),
            "topic.metadata.refresh.interval.ms": field("topicMetadataRefreshInterval"),
            "statistics.interval.ms": field("statisticsInterval"),
            "queued.max.messages.kbytes": field("queuedMaxMessagesKilobytes"),
            "fetch.max.bytes": field("fetchMaxBytes"),
            "max.partition.fetch.bytes": field("maxPartitionFetchBytes"),
            "fetch.message.max.bytes": field("maxPartitionFetchBytes"),
            "log.connection.close": field("logConnectionClose"),
            "rebalance_cb": rebalance,
            "offset_commit_cb": rebalance,
            "consume_cb": rebalance,
        ]) { _, new in new }
        return OwnedProperties(owned)
    }()
}

extension KafkaConsumerConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The librdkafka properties on one line, with the password and secret-looking passthrough values redacted.
    public var description: String {
        "KafkaConsumerConfiguration(\(renderedProperties().entries.map(\.description).joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    /// Shows the rendered properties rather than the stored fields, so that `dump` cannot print a secret
    /// that was put into ``additionalProperties``.
    public var customMirror: Mirror {
        Mirror(self, children: ["properties": renderedProperties()], displayStyle: .struct)
    }
}

import Kafka

/// An error that prevents building an Event Hubs consumer configuration.
public enum EventHubsConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The event hub (topic) name is empty.
    case missingHub
    /// The event hub name is longer than ``EventHubsKafka/maxHubNameLength``.
    case hubNameTooLong(length: Int)
    /// The consumer group name is empty.
    case missingConsumerGroup
    /// The consumer group name is longer than ``EventHubsKafka/maxConsumerGroupLength``.
    case consumerGroupTooLong(length: Int)
    /// The connection string's key is limited to the hub `entityPath`, but the consumer reads `hub`.
    case entityPathMismatch(entityPath: String, hub: String)
    /// The resulting Kafka configuration is invalid, for example because of a passthrough property.
    case invalidKafkaConfiguration(KafkaConfigurationError)

    public var description: String {
        switch self {
        case .missingHub:
            "The event hub name is missing: give the name of the event hub to read, which is the Kafka topic"
        case .hubNameTooLong(let length):
            "The event hub name has \(length) characters, but Event Hubs allows at most "
                + "\(EventHubsKafka.maxHubNameLength): check the name"
        case .missingConsumerGroup:
            "The consumer group is missing: give a Kafka consumer group name that is unique to this deployment"
        case .consumerGroupTooLong(let length):
            "The consumer group name has \(length) characters, but Event Hubs allows at most "
                + "\(EventHubsKafka.maxConsumerGroupLength): choose a shorter name"
        case .entityPathMismatch(let entityPath, let hub):
            "The connection string contains EntityPath=\(entityPath), so its key only works for the event hub "
                + "\(entityPath), not for \(hub): read \(entityPath), or use a key from a policy of the "
                + "namespace or of \(hub)"
        case .invalidKafkaConfiguration(let error):
            error.description
        }
    }
}

/// Fixed facts about the Kafka endpoint of Azure Event Hubs.
///
/// Source: Microsoft Learn, "Use Azure Event Hubs from Apache Kafka applications" and "Azure Event Hubs
/// quotas and limits".
public enum EventHubsKafka {
    /// The TLS port of the Kafka endpoint on every namespace.
    public static let port = 9093

    /// The SASL PLAIN username for connection-string authentication: the literal text, dollar sign
    /// included. A shell or template that expands `$ConnectionString` turns it into an empty string.
    public static let saslUsername = "$ConnectionString"

    /// Maximum length of a Kafka consumer group name on Event Hubs, in characters.
    public static let maxConsumerGroupLength = 256

    /// Maximum length of an event hub (Kafka topic) name, in characters.
    public static let maxHubNameLength = 256

    /// The librdkafka `builtin.features` the Kafka endpoint needs: TLS and SASL PLAIN.
    public static let requiredLibraryFeatures = ["ssl", "sasl_plain"]
}

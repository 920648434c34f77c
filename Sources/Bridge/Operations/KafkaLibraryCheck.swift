import Core
import Kafka

/// The librdkafka features the bridge cannot run without: TLS (`ssl`) and SASL PLAIN (`sasl_plain`), the
/// only way into the Event Hubs Kafka endpoint.
enum KafkaLibraryCheck {
    static let requiredFeatures = ["ssl", "sasl_plain"]

    /// Logs the librdkafka version and its `builtin.features`, then throws when a required feature is missing.
    static func verify(version: String, features: [String], logger: Logger) throws(MissingKafkaFeaturesError) {
        logger.info("librdkafka loaded", metadata: [
            "kafka.librdkafka_version": .string(version), "kafka.builtin_features": .string(features.joined(separator: ",")),
        ])
        let missing = requiredFeatures.filter { !features.contains($0) }
        guard missing.isEmpty else {
            throw MissingKafkaFeaturesError(version: version, missing: missing)
        }
    }
}

/// Thrown at start when librdkafka lacks TLS or SASL PLAIN support.
public struct MissingKafkaFeaturesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var version: String
    public var missing: [String]

    public var description: String {
        "librdkafka \(version) was built without \(missing.joined(separator: " and ")), which the Event Hubs "
            + "Kafka endpoint needs (SASL_SSL with PLAIN). Install a build whose builtin.features lists ssl and "
            + "sasl_plain, such as Debian's librdkafka1 package"
    }
}

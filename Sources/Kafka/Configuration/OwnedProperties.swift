import Foundation

/// librdkafka keys that a client sets from typed fields or needs for itself, each with what to use instead.
///
/// `additionalProperties` must not set them: an override would either duplicate a typed field with a second
/// source of truth or break a contract of the client (offsets stored only after processing, callbacks that
/// route events to Swift, verified TLS).
struct OwnedProperties: Sendable {
    private let replacements: [String: String]

    init(_ replacements: [String: String]) {
        self.replacements = replacements
    }

    /// Returns a problem for each key in `properties` that the client owns, in key order.
    func problems(in properties: [String: String]) -> [KafkaConfigurationError.Problem] {
        var problems: [KafkaConfigurationError.Problem] = []
        for key in properties.keys.sorted() {
            let normalized = key.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if normalized.isEmpty {
                problems.append(.invalidValue(
                    field: "additionalProperties", value: "\"\(key)\"", fix: "remove the entry with an empty key"
                ))
            } else if let replacement = replacements[normalized] {
                problems.append(.ownedProperty(key: key, replacement: replacement))
            }
        }
        return problems
    }

    /// Keys every client owns: connection, security and the callbacks that feed the Swift side.
    static func common(typeName: String) -> [String: String] {
        let bootstrap = "set \(typeName).bootstrapServers instead"
        let security = "set \(typeName).security instead"
        let callbacks = "the client installs its own callbacks and routes their events to the logger and handlers"
        let verification = "broker certificates and host names are always verified; set a CA location in "
            + "\(typeName).security if the broker uses a private CA"
        return [
            "bootstrap.servers": bootstrap,
            "metadata.broker.list": bootstrap,
            "client.id": "set \(typeName).clientID instead",
            "security.protocol": security,
            "sasl.mechanisms": security,
            "sasl.mechanism": security,
            "sasl.username": security,
            "sasl.password": security,
            "ssl.ca.location": security,
            "ssl.ca.pem": security,
            "plugin.library.paths": "the client loads no plugin code",
            "interceptors": "the client loads no plugin code",
            "enable.ssl.certificate.verification": verification,
            "ssl.endpoint.identification.algorithm": verification,
            "opaque": callbacks,
            "log_cb": callbacks,
            "log.queue": callbacks,
            "error_cb": callbacks,
            "stats_cb": callbacks,
            "throttle_cb": callbacks,
            "background_event_cb": callbacks,
            "enabled_events": callbacks,
            "default_topic_conf": callbacks,
        ]
    }
}

import Core

/// The librdkafka configuration a typed configuration renders to: an ordered list of key/value properties.
///
/// Secret values stay wrapped in ``Secret``, so printing the list, one property or one value shows
/// `<redacted>` in their place. Only the code that hands the list to librdkafka reveals them.
public struct KafkaProperties: Sendable, Equatable, CustomStringConvertible {
    /// A property value: plain text, or a credential that must not be shown.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case text(String)
        case secret(Secret)

        /// The plain text, or nil for a secret.
        public var text: String? {
            if case .text(let text) = self { text } else { nil }
        }

        public var description: String {
            switch self {
            case .text(let text): text
            case .secret(let secret): secret.description
            }
        }

        /// The value as librdkafka must receive it, secrets included.
        func revealed() -> String {
            switch self {
            case .text(let text): text
            case .secret(let secret): secret.revealed()
            }
        }
    }

    /// One librdkafka property.
    public struct Property: Sendable, Equatable, CustomStringConvertible {
        public var key: String
        public var value: Value

        public init(key: String, value: Value) {
            self.key = key
            self.value = value
        }

        public var description: String { "\(key)=\(value)" }
    }

    /// The properties in the order they are set; a key appears at most once.
    public private(set) var entries: [Property] = []

    public init() {}

    /// Returns the value set for `key`, or nil when the key is not set.
    public subscript(key: String) -> Value? {
        entries.first(where: { $0.key == key })?.value
    }

    /// The keys in the order they are set.
    public var keys: [String] { entries.map(\.key) }

    /// Sets `key` to `value`, replacing an earlier value of the same key in place.
    public mutating func set(_ key: String, _ value: Value) {
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = value
        } else {
            entries.append(Property(key: key, value: value))
        }
    }

    /// Sets `key` to a plain-text value.
    public mutating func set(_ key: String, _ text: String) {
        set(key, .text(text))
    }

    /// Returns a copy without the properties whose key is in `keys`.
    func removing(_ keys: Set<String>) -> KafkaProperties {
        var copy = self
        copy.entries.removeAll { keys.contains($0.key) }
        return copy
    }

    /// Sets passthrough properties in key order. A value whose key names a credential
    /// (``looksLikeCredential(_:)``) becomes a ``Secret``.
    mutating func setPassthrough(_ passthrough: [String: String]) {
        for key in passthrough.keys.sorted() {
            let value = passthrough[key]!
            set(key, Self.looksLikeCredential(key) ? .secret(Secret(value)) : .text(value))
        }
    }

    /// Returns whether the value of librdkafka property `key` may be a credential: the key contains `password`,
    /// `secret`, `token`, `private` or `sasl.oauthbearer.config`, or ends in `.pem`. Such values are never shown.
    public static func looksLikeCredential(_ key: String) -> Bool {
        let lowered = key.lowercased()
        let markers = ["password", "secret", "token", "private", "sasl.oauthbearer.config"]
        return markers.contains { lowered.contains($0) } || lowered.hasSuffix(".pem")
    }

    /// One `key=value` per line, secrets redacted.
    public var description: String {
        entries.map(\.description).joined(separator: "\n")
    }
}

extension KafkaProperties: CustomReflectable {
    /// Shows each value's redacted description, so that `dump` cannot reach into a ``Secret``.
    public var customMirror: Mirror {
        Mirror(self, children: entries.map { (label: $0.key, value: $0.value.description) }, displayStyle: .dictionary)
    }
}

extension KafkaProperties.Value: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}

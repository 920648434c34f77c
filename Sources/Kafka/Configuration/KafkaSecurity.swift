import Core

/// The connection security of a client: plain text, or TLS with SASL authentication.
public enum KafkaSecurity: Sendable, Equatable {
    /// No encryption and no authentication, for local brokers and the mock cluster only.
    case plaintext
    /// TLS with SASL authentication (`security.protocol=SASL_SSL`), as Event Hubs requires.
    case saslSSL(KafkaSASLCredentials, tls: KafkaTLSOptions = KafkaTLSOptions())
}

/// A SASL mechanism and the credentials it sends.
public struct KafkaSASLCredentials: Sendable, Equatable {
    /// The SASL mechanisms a typed configuration can select.
    public enum Mechanism: String, Sendable, Equatable {
        /// `PLAIN`: username and password, sent inside the TLS connection.
        case plain = "PLAIN"
    }

    public var mechanism: Mechanism
    public var username: String
    public var password: Secret

    public init(mechanism: Mechanism = .plain, username: String, password: Secret) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
    }
}

/// TLS settings. Broker certificates and host names are always verified.
public struct KafkaTLSOptions: Sendable, Equatable {
    /// A CA certificate file or directory (`ssl.ca.location`), or nil to use OpenSSL's default
    /// locations, which on Debian need the ca-certificates package.
    public var caLocation: String?

    public init(caLocation: String? = nil) {
        self.caLocation = caLocation
    }
}

extension KafkaSASLCredentials: CustomReflectable {
    /// Leaves out the password, so that `dump` cannot reach into the ``Secret``.
    public var customMirror: Mirror {
        Mirror(self, children: ["mechanism": mechanism, "username": username], displayStyle: .struct)
    }
}

/// A credential (connection string, AccessKey secret, STS token) that must never reach logs, errors,
/// reports or the meter.
///
/// Its `description` is a fixed placeholder, so string interpolation cannot leak it by accident. Creating
/// one registers the value with ``SecretRedactor/shared``, which scrubs it from every line the logger
/// writes and every error message the tool prints. Read the value only where it goes on the wire.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) {
        self.value = value
        SecretRedactor.shared.register(value)
    }

    /// Creates a secret that is the latest value of a credential that rotates, such as an STS token, registered with
    /// ``SecretRedactor/register(_:rotation:)`` so that the redactor keeps only its recent values.
    public init(_ value: String, rotation: String) {
        self.value = value
        SecretRedactor.shared.register(value, rotation: rotation)
    }

    /// Creates a secret whose value is not registered with the redactor as a whole, because most of it is public
    /// text: an Event Hubs connection string names the namespace, the policy and the hub, which messages must
    /// keep showing, and its key is registered on its own (see `EventHubsConnectionString`). The redactor's
    /// `SharedAccessKey=` rule covers the key in text that has not been parsed.
    public init(composite value: String) {
        self.value = value
    }

    /// Returns the secret itself, for the one place that sends it (a SASL password, a signing key).
    public func revealed() -> String { value }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { SecretRedactor.placeholder }
    public var debugDescription: String { SecretRedactor.placeholder }

    /// Hides the value from `dump()` and debuggers, which would otherwise show stored properties.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

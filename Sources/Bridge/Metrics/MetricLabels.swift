import Core

/// One label of a sample: a name from the family's label names and a value.
public struct MetricLabel: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension MetricLabel {
    /// The value as it may appear on a scrape: every registered secret and credential-like text replaced by
    /// the redaction placeholder, so that a label built from an error message or a setting cannot leak a
    /// secret.
    var exposedValue: String { SecretRedactor.shared.redact(value) }
}

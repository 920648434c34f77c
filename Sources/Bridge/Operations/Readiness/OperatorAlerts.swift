import Core

/// Errors that retrying cannot fix and that an operator has to act on (wrong credentials, a missing project
/// or Logstore, a rejected TLS certificate), while they last. `/readyz` fails while one is active.
final class OperatorAlerts: Sendable {
    enum Source: String, Sendable, Comparable {
        case kafka
        case sls

        static func < (lhs: Source, rhs: Source) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Alert: Sendable, Equatable {
        var source: Source
        /// The SLS error code or the librdkafka error name.
        var code: String
        /// The error message, with secrets removed by the redactor.
        var message: String
        var lastSeenNanoseconds: UInt64
    }

    /// How long a Kafka alert stays active after it was last reported, in nanoseconds. librdkafka reports a
    /// repeating connection error only now and then, and no event reports that authentication works again.
    /// A Kafka alert therefore ends when records arrive, or after this time without a repeat.
    static let kafkaAlertHoldNanoseconds: UInt64 = 300 * 1_000_000_000

    private let alerts = Locked<[Source: Alert]>([:])

    func raise(_ source: Source, code: String, message: String, nowNanoseconds: UInt64) {
        let alert = Alert(source: source, code: code, message: SecretRedactor.shared.redact(message),
                          lastSeenNanoseconds: nowNanoseconds)
        alerts.withLock { $0[source] = alert }
    }

    func clear(_ source: Source) {
        _ = alerts.withLock { $0.removeValue(forKey: source) }
    }

    /// Returns the alerts active at `nowNanoseconds`, ordered by source.
    func active(nowNanoseconds: UInt64) -> [Alert] {
        alerts.withLock { alerts in
            if let kafka = alerts[.kafka],
               nowNanoseconds > kafka.lastSeenNanoseconds + Self.kafkaAlertHoldNanoseconds {
                alerts.removeValue(forKey: .kafka)
            }
            return alerts.values.sorted { $0.source < $1.source }
        }
    }
}

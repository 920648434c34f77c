internal import CRdKafka
import Core

/// An error reported by librdkafka or a broker: its code, the message, and whether it is fatal or retriable.
///
/// Non-fatal errors from the background (a lost connection, all brokers down) are transient: librdkafka
/// reconnects by itself. A fatal error means the client instance cannot continue and must be closed and
/// created again. The message is passed through ``SecretRedactor`` when the error is created.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Code
    /// librdkafka's message, or one written by this module.
    public let message: String
    /// True when the client instance cannot be used any more.
    public let isFatal: Bool
    /// True when the same operation may succeed if it is repeated later.
    public let isRetriable: Bool
    /// The partition the error is about, when there is one.
    public let topicPartition: TopicPartition?

    public init(
        code: Code,
        message: String,
        isFatal: Bool = false,
        isRetriable: Bool? = nil,
        topicPartition: TopicPartition? = nil
    ) {
        self.code = code
        self.message = SecretRedactor.shared.redact(message)
        self.isFatal = isFatal
        self.isRetriable = isRetriable ?? Self.retriableCodes.contains(code)
        self.topicPartition = topicPartition
    }

    /// Creates an error from a bare code, with librdkafka's text for it as the message.
    init(_ code: rd_kafka_resp_err_t, topicPartition: TopicPartition? = nil) {
        let wrapped = Code(code)
        self.init(code: wrapped, message: wrapped.explanation, topicPartition: topicPartition)
    }

    /// Takes ownership of an `rd_kafka_error_t`, copies its contents and destroys it.
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: Code(rd_kafka_error_code(error)),
            message: String(cString: rd_kafka_error_string(error)),
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0
        )
    }

    /// The librdkafka name of the code, such as `_TRANSPORT`.
    public var name: String { code.name }

    /// The action an operator can take about this error, when one is known.
    public var remedy: String? { Self.remedies[code] }

    public var description: String {
        var text = "Kafka error \(code.name)"
        if let topicPartition {
            text += " on \(topicPartition)"
        }
        text += ": \(message)"
        if isFatal {
            text += " (fatal: close this client and create a new one)"
        }
        if let remedy {
            text += ". \(remedy)"
        }
        return text
    }

    /// Codes after which repeating the same operation later can succeed.
    private static let retriableCodes: Set<Code> = [
        .transport, .resolve, .allBrokersDown, .timedOut, .requestTimedOut, .queueFull, .messageTimedOut,
        .leaderNotAvailable, .notLeaderForPartition, .coordinatorNotAvailable, .notCoordinator,
        .rebalanceInProgress, .maxPollExceeded,
    ]

    private static let reconnects =
        "librdkafka reconnects by itself; if this persists, check that the bootstrap servers are reachable"

    private static let remedies: [Code: String] = [
        .transport: reconnects,
        .allBrokersDown: reconnects,
        .resolve: "Check the host names in the bootstrap servers and the DNS configuration",
        .ssl: "Check the CA certificates: install the ca-certificates package or set the CA location; "
            + "do not turn certificate verification off",
        .authentication: "Check the SASL username and password, and any IP firewall rule on the broker side",
        .saslAuthenticationFailed: "Check the SASL username and password, and any IP firewall rule on the broker side",
        .topicAuthorizationFailed: "Check that the topic exists and that the credentials may read it",
        .groupAuthorizationFailed: "Check that the credentials may use this consumer group",
        .unknownTopicOrPartition: "Check the topic name and that the topic exists",
        .unknownTopic: "Check the topic name and that the topic exists",
        .maxPollExceeded: "Poll at least once per max.poll.interval.ms, pausing partitions while the destination is "
            + "slow, or raise maxPollInterval; the consumer rejoins the group on its next poll",
        .offsetOutOfRange: "The committed offset is outside the retained range, so the auto offset reset policy "
            + "decides where reading resumes and records may have been skipped",
        .autoOffsetReset: "The committed offset is outside the retained range, so the auto offset reset policy "
            + "decides where reading resumes and records may have been skipped",
        .state: "The partition is not assigned to this consumer (any more); its records will be read again by the "
            + "consumer that owns it now",
        .timedOut: "Retry, or raise the timeout",
        .queueFull: "The local producer queue is full; flush, then produce again",
        .messageSizeTooLarge: "Check the fetch and message size limits on both the client and the broker",
    ]
}

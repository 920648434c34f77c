import Core

/// Hands each librdkafka statistics document to several receivers, because the consumer has room for one
/// statistics handler and both the metrics and the meter read the document.
///
/// ```swift
/// let statistics = StatisticsFanOut()
/// statistics.add { json in operations.statisticsReceived(json) }
/// consumer.setStatisticsHandler(statistics.deliver)
/// ```
public final class StatisticsFanOut: Sendable {
    private let receivers = Locked<[@Sendable (String) -> Void]>([])

    public init() {}

    /// Adds a receiver. Receivers run in the order added, on the consumer's poll thread, so each must
    /// return quickly.
    public func add(_ receiver: @escaping @Sendable (String) -> Void) {
        receivers.withLock { $0.append(receiver) }
    }

    /// Passes one statistics JSON document to every receiver.
    public func deliver(_ json: String) {
        for receiver in receivers.withLock({ $0 }) {
            receiver(json)
        }
    }
}

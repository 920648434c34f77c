/// The delivery results of the records a producer sent since its previous flush.
public struct KafkaDeliveryReport: Sendable, Equatable {
    /// The number of records the brokers acknowledged.
    public var deliveredCount = 0
    /// The number of records that failed for good, after librdkafka's own retries.
    public var failedCount = 0
    /// The errors of the first ``maxKeptFailures`` failed records, each naming its partition when known.
    public var failures: [KafkaError] = []

    /// How many failures a report keeps; later ones are only counted.
    public static let maxKeptFailures = 100

    public init() {}

    mutating func recordFailure(_ error: KafkaError) {
        failedCount += 1
        if failures.count < Self.maxKeptFailures {
            failures.append(error)
        }
    }
}

import Foundation
import Storage

/// The traffic of one day, measured or assumed. Sizes are in bytes.
public struct DailyVolume: Sendable, Equatable {
    /// Kafka record values as received.
    public var rawBytes: Decimal
    /// Uncompressed LogGroup bytes sent to SLS.
    public var normalizedBytes: Decimal
    /// PutLogs bodies after compression.
    public var compressedBytes: Decimal
    /// Raw bytes the index setting indexes.
    public var indexedBytes: Decimal
    /// Bytes added to storage: compressed bodies plus indexed bytes.
    public var storedBytes: Decimal
    /// PutLogs HTTP attempts.
    public var requests: Decimal
    /// Event Hubs billable events.
    public var billableEvents: Decimal
    /// Bytes received from the Kafka brokers, or nil when no statistics sample covers the day.
    public var kafkaFetchBytes: Decimal?

    public init(
        rawBytes: Decimal = 0, normalizedBytes: Decimal = 0, compressedBytes: Decimal = 0, indexedBytes: Decimal = 0,
        storedBytes: Decimal = 0, requests: Decimal = 0, billableEvents: Decimal = 0, kafkaFetchBytes: Decimal? = nil
    ) {
        self.rawBytes = rawBytes
        self.normalizedBytes = normalizedBytes
        self.compressedBytes = compressedBytes
        self.indexedBytes = indexedBytes
        self.storedBytes = storedBytes
        self.requests = requests
        self.billableEvents = billableEvents
        self.kafkaFetchBytes = kafkaFetchBytes
    }

    /// Creates the volume of meter sums, with `fetchedBytes` from the Kafka fetch samples.
    public init(amounts: MeterAmounts, fetchedBytes: Int64?) {
        self.init(
            rawBytes: Decimal(amounts.rawBytes), normalizedBytes: Decimal(amounts.normalizedBytes),
            compressedBytes: Decimal(amounts.compressedBytes), indexedBytes: Decimal(amounts.indexedBytes),
            storedBytes: Decimal(amounts.storedBytes), requests: Decimal(amounts.attempts),
            billableEvents: Decimal(amounts.billableEvents), kafkaFetchBytes: fetchedBytes.map { Decimal($0) }
        )
    }

    /// Returns this volume with every quantity multiplied by `factor`.
    public func scaled(by factor: Decimal) -> DailyVolume {
        DailyVolume(
            rawBytes: rawBytes * factor, normalizedBytes: normalizedBytes * factor,
            compressedBytes: compressedBytes * factor, indexedBytes: indexedBytes * factor,
            storedBytes: storedBytes * factor, requests: requests * factor, billableEvents: billableEvents * factor,
            kafkaFetchBytes: kafkaFetchBytes.map { $0 * factor }
        )
    }

    /// Returns the sum of both volumes. The fetch bytes are nil only when both are nil.
    public static func + (lhs: DailyVolume, rhs: DailyVolume) -> DailyVolume {
        let fetch: Decimal? = lhs.kafkaFetchBytes == nil && rhs.kafkaFetchBytes == nil
            ? nil : (lhs.kafkaFetchBytes ?? 0) + (rhs.kafkaFetchBytes ?? 0)
        return DailyVolume(
            rawBytes: lhs.rawBytes + rhs.rawBytes, normalizedBytes: lhs.normalizedBytes + rhs.normalizedBytes,
            compressedBytes: lhs.compressedBytes + rhs.compressedBytes, indexedBytes: lhs.indexedBytes + rhs.indexedBytes,
            storedBytes: lhs.storedBytes + rhs.storedBytes, requests: lhs.requests + rhs.requests,
            billableEvents: lhs.billableEvents + rhs.billableEvents, kafkaFetchBytes: fetch
        )
    }
}

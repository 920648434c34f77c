import Core
import Foundation
import Kafka
import Storage

/// Turns the consumer's librdkafka statistics into Kafka fetch samples in the meter: the bytes each broker sent
/// since the previous document, which Azure bills as outbound data transfer.
///
/// Install ``record(statisticsJSON:)`` as the consumer's statistics handler. It runs on the poll thread, parses
/// one document per sample interval and queues rows without touching the database.
/// NOTE: bytes received after the last statistics document before the consumer closes are not sampled, so a run
/// misses up to one sample interval of fetch bytes.
final class KafkaFetchMeter: Sendable {
    private let meter: MeterWriter
    private let instanceID: String
    private let delivery: MeterDelivery
    private let logger: Logger
    private let counter = Locked(KafkaReceiveCounter())
    private let failures = Locked(0)

    init(meter: MeterWriter, instanceID: String, delivery: MeterDelivery, logger: Logger) {
        self.meter = meter
        self.instanceID = instanceID
        self.delivery = delivery
        self.logger = logger
    }

    /// Parses one statistics document and queues one sample per broker that sent bytes.
    func record(statisticsJSON json: String) {
        let statistics: KafkaStatistics
        do {
            statistics = try KafkaStatistics.parse(json)
        } catch {
            let count = failures.withLock { count -> Int in
                count += 1
                return count
            }
            logger.warning("Kafka statistics skipped; their fetch bytes are missing from the meter", metadata: [
                "error": .string(error.description), "meter.statistics_failures": .int(count),
            ])
            return
        }

        let advance = counter.withLock { $0.advance(to: statistics) }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for delta in advance.deltas {
            meter.record(KafkaFetchSample(
                recordedAtMilliseconds: now, instanceID: instanceID, delivery: delivery, broker: delta.broker,
                fetchedBytes: delta.bytes, intervalMilliseconds: advance.intervalMilliseconds
            ))
        }
    }
}

extension KafkaConsumerConfiguration {
    /// Returns this configuration with statistics every `milliseconds`, which sets how often fetch bytes are
    /// sampled for the meter.
    func samplingStatistics(everyMilliseconds milliseconds: Int) -> KafkaConsumerConfiguration {
        var configuration = self
        configuration.statisticsInterval = .milliseconds(milliseconds)
        return configuration
    }
}

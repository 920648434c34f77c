import Core
import Dispatch
import Kafka

/// Connects to the Kafka endpoint of Event Hubs the way the bridge does and requests the metadata of the
/// hub, without joining the consumer group.
///
/// librdkafka reports TLS and SASL failures as error events, not as the result of the metadata request,
/// so the probe polls for events between short metadata attempts and stops at the first failure that
/// waiting cannot change (see ``EventHubsDiagnosis``).
enum EventHubsProbe {
    /// Returns the name of the step in `check`'s output: `Event Hubs`, or `Kafka` for a plain Kafka cluster.
    static func subject(isEventHubs: Bool) -> String {
        isEventHubs ? "Event Hubs" : "Kafka"
    }

    /// Requests the metadata of `hub` and returns the step's result. For a plain Kafka cluster
    /// (`isEventHubs` false) the result is named `Kafka` and calls `hub` a topic.
    static func run(
        configuration: KafkaConsumerConfiguration, hub: String, isEventHubs: Bool = true, timeoutMilliseconds: Int,
        logger: Logger
    ) -> CheckResult {
        let subject = subject(isEventHubs: isEventHubs)
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        } catch {
            return CheckResult(subject: subject, status: .failed,
                               message: "the Kafka client could not be created: \(error)")
        }
        defer { consumer.close() }
        let reported = Locked<[KafkaError]>([])
        consumer.setErrorHandler { error in reported.withLock { $0.append(error) } }

        let servers = configuration.bootstrapServers.joined(separator: ",")
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeoutMilliseconds) * 1_000_000
        var lastFailure: KafkaError?
        while true {
            let remaining = Int((deadline - min(DispatchTime.now().uptimeNanoseconds, deadline)) / 1_000_000)
            do {
                let metadata = try consumer.metadata(topic: hub, timeout: .milliseconds(max(100, min(remaining, 1_000))))
                if let error = metadata.error {
                    let diagnosis = metadataDiagnosis(
                        of: error, isEventHubs: isEventHubs, bootstrapServers: configuration.bootstrapServers
                    )
                    return .failed(subject, diagnosis, detail: error.description)
                }
                return CheckResult(
                    subject: subject, status: .passed,
                    message: "\(isEventHubs ? "hub" : "topic") \(hub) has \(metadata.partitionCount) partitions, metadata from "
                        + "\(metadata.brokers.joined(separator: ",")) (bootstrap \(servers))"
                )
            } catch {
                lastFailure = error
            }

            // Error events reach the handler only while the consumer is polled.
            _ = try? consumer.poll(maxRecords: 1, timeout: .milliseconds(50))
            for error in reported.withLock({ $0 }) {
                if let diagnosis = conclusiveDiagnosis(of: error) {
                    let named = EventHubsDiagnosis.naming(diagnosis, bootstrapServers: configuration.bootstrapServers)
                    return .failed(subject, named, detail: error.message)
                }
            }
            if DispatchTime.now().uptimeNanoseconds >= deadline { break }
        }

        let diagnosed = reported.withLock { $0 }.last { EventHubsDiagnosis.diagnose($0) != nil } ?? lastFailure
        if let diagnosed,
           let diagnosis = EventHubsDiagnosis.diagnose(diagnosed, bootstrapServers: configuration.bootstrapServers) {
            return .failed(subject, diagnosis, detail: diagnosed.message)
        }
        let timedOut = EventHubsDiagnosis.naming(EventHubsDiagnosis.timedOut, bootstrapServers: configuration.bootstrapServers)
        return .failed(subject, timedOut, detail: lastFailure?.description)
    }

    /// Returns the diagnosis of the error in a metadata response: the diagnosis of its code where one matches,
    /// else an unknown hub, or an unknown topic for a plain Kafka cluster.
    static func metadataDiagnosis(of error: KafkaError, isEventHubs: Bool, bootstrapServers: [String]) -> Diagnosis {
        let diagnosis = EventHubsDiagnosis.diagnose(error, bootstrapServers: bootstrapServers) ?? EventHubsDiagnosis.unknownHub
        if !isEventHubs, diagnosis.id == EventHubsDiagnosis.unknownHub.id {
            return EventHubsDiagnosis.unknownTopic
        }
        return diagnosis
    }

    /// Returns the diagnosis of `error` when waiting longer cannot change it: everything except timeouts and
    /// connection failures other than a refused connection, which librdkafka retries by itself.
    static func conclusiveDiagnosis(of error: KafkaError) -> Diagnosis? {
        guard let diagnosis = EventHubsDiagnosis.diagnose(error), diagnosis != EventHubsDiagnosis.timedOut else {
            return nil
        }
        if diagnosis == EventHubsDiagnosis.unreachable, !error.message.contains("Connection refused") { return nil }
        return diagnosis
    }
}

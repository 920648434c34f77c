import BenchmarkCorpus
import Core
import Foundation
import Kafka

/// Produces the corpus to a topic on a thread of its own: message `i` goes to partition `i % partitions`, in
/// order, as fast as librdkafka accepts them or at a fixed rate.
final class CorpusProducer: @unchecked Sendable {
    // @unchecked: `finishedAt` and `failure` are written by the producer thread before `done` is signalled and read
    // only after it.
    struct Outcome {
        /// When the last message was acknowledged by the broker, in milliseconds since the epoch.
        var finishedAtMilliseconds: Int64
        var failure: String?
    }

    private let done = DispatchSemaphore(value: 0)
    private var outcome = Outcome(finishedAtMilliseconds: 0, failure: nil)

    private let producer: KafkaProducer
    /// Produces every message of the corpus, on the thread that calls it.
    private let produceAll: @Sendable (CorpusProducer) -> Void

    /// Creates the producer and loads the topic's metadata, so that the first messages do not wait for it. The
    /// producer's librdkafka sometimes looks up an unknown topic only once per second, which held the whole
    /// corpus back by about a second in some runs.
    ///
    /// ``start()`` then produces. Each message first waits for room in `window`. Then `onProduce(index, time)`
    /// runs just before message `index` is handed to librdkafka, with the wall-clock time in milliseconds.
    /// `bytesPerSecond` nil means no pacing besides the window.
    init(
        corpus: Corpus, topic: String, partitions: Int32, bootstrapServers: [String], window: DeliveryWindow,
        bytesPerSecond: Double?, logger: Logger, onProduce: @escaping @Sendable (Int, Int64) -> Void
    ) throws {
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                bootstrapServers: bootstrapServers, security: .plaintext, clientID: "ehbridge-bench-producer"
            ),
            logger: logger
        )
        let metadata = try producer.metadata(topic: topic, timeout: .seconds(30))
        if let error = metadata.error {
            producer.close()
            throw BenchError.runFailed("topic \(topic) not found on the mock cluster by the bench producer: \(error)")
        }
        self.producer = producer
        let messages = corpus.messages.map(\.value)
        produceAll = { corpusProducer in
            corpusProducer.produce(
                messages, producer: producer, topic: topic, partitions: partitions, window: window,
                bytesPerSecond: bytesPerSecond, onProduce: onProduce
            )
        }
    }

    /// Produces the corpus on a thread of its own. Call it once.
    func start() {
        let thread = Thread { [self] in
            produceAll(self)
            producer.close()
            done.signal()
        }
        thread.name = "bench-producer"
        thread.start()
    }

    /// Waits for the producer thread to finish all messages.
    func wait() -> Outcome {
        done.wait()
        done.signal()
        return outcome
    }

    private func produce(
        _ messages: [[UInt8]], producer: KafkaProducer, topic: String, partitions: Int32, window: DeliveryWindow,
        bytesPerSecond: Double?, onProduce: (Int, Int64) -> Void
    ) {
        let started = Date()
        var bytes = 0
        do {
            for (index, value) in messages.enumerated() {
                if let bytesPerSecond {
                    let due = started.addingTimeInterval(Double(bytes) / bytesPerSecond)
                    let wait = due.timeIntervalSinceNow
                    if wait > 0 { Thread.sleep(forTimeInterval: wait) }
                }
                let partition = index % Int(partitions)
                guard window.acquire(partition: partition, bytes: value.count) else {
                    outcome.failure = "stopped after \(index) of \(messages.count) messages because the run was cancelled"
                    break
                }
                onProduce(index, Clock.milliseconds())
                try producer.produce(topic: topic, value: value, partition: Int32(partition))
                bytes += value.count
            }
            let report = try producer.flush(timeout: .seconds(120))
            if report.failedCount > 0 {
                outcome.failure = "\(report.failedCount) records failed: \(report.failures.first.map { "\($0)" } ?? "")"
            }
        } catch {
            outcome.failure = "producing failed: \(error)"
        }
        outcome.finishedAtMilliseconds = Clock.milliseconds()
    }
}

/// The wall clock in milliseconds since the UNIX epoch, the unit of Kafka timestamps.
enum Clock {
    static func milliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}

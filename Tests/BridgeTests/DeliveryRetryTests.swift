import AzureLogs
import Core
import Dispatch
import Foundation
import Kafka
import SLS
import Testing
@testable import Bridge
import TestSupport

/// A Logstore backend that fails the first requests with an SLS error, then accepts.
final class FailingThenAcceptingBackend: LogstoreBackend, @unchecked Sendable {
    private let remainingFailures: Locked<Int>
    private let received = Locked(0)
    private let error: SLSServiceError

    /// Fails `failures` requests with `httpStatus` and `code`; the default is an error that needs an operator.
    init(failures: Int, httpStatus: Int = 401, code: String = "SignatureNotMatch") {
        remainingFailures = Locked(failures)
        error = SLSServiceError(httpStatus: httpStatus, code: code, message: "failed by the test", requestID: nil)
    }

    func putLogs(_ request: PutLogsRequest, completion: @escaping @Sendable (PutLogsResult) -> Void) {
        received.withLock { $0 += 1 }
        let fails = remainingFailures.withLock { remaining -> Bool in
            guard remaining > 0 else { return false }
            remaining -= 1
            return true
        }
        if fails {
            completion(.failed(.service(error, serverTime: nil)))
        } else {
            completion(.accepted(PutLogsReceipt(requestID: "accepted", serverTime: nil)))
        }
    }

    func shutdown() {}

    var requestCount: Int { received.withLock { $0 } }
}

@Suite struct DeliveryRetryTests {
    private let partition = TopicPartition(topic: "hub", partition: 0)

    private func records(_ range: Range<Int>) -> [KafkaRecord] {
        let values = TestMessages.envelopes(count: range.upperBound, recordsPerMessage: 1)
        return range.map { index in
            KafkaRecord(topic: partition.topic, partition: partition.partition, offset: Int64(index), timestamp: nil,
                        key: nil, value: values[index], headers: [])
        }
    }

    /// Retries scheduled while an error needed an operator wait up to the operator cap, a minute by default. Once
    /// another request is accepted, the error is fixed, and they are sent at once.
    @Test func acceptedRequestSendsWaitingRetries() async throws {
        try await blocking {
            let backend = FailingThenAcceptingBackend(failures: 2)
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored)
            defer { pipeline.stop() }

            // Without the poll loop's ticks, flushAll() seals the open batch.
            pipeline.ingest(records(0..<4))
            pipeline.flushAll()
            let alerted = waitUntil(seconds: 5) { pipeline.operatorAlert != nil && backend.requestCount == 2 }
            #expect(alerted)

            pipeline.ingest(records(4..<6))
            pipeline.flushAll()
            let caughtUp = waitUntil(seconds: 5) { stored.withLock { $0.last?.offset } == 6 }

            #expect(caughtUp, "stored \(stored.withLock { $0 })")
            #expect(pipeline.operatorAlert == nil)
            #expect(backend.requestCount == 5, "two rejected, the new batch, and the two retries")
        }
    }

    /// The retries of a retryable error wait up to 30 s, longer than a typical drain at a stop. The drain sends the
    /// waiting ones at once, and a retry scheduled during the drain waits at most a second. With three failures, the
    /// third hits a retry that the drain sent.
    @Test(arguments: [2, 3])
    func drainDeliversRetries(failures: Int) async throws {
        try await blocking {
            let backend = FailingThenAcceptingBackend(failures: failures, httpStatus: 503, code: "InternalServerError")
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored)
            defer { pipeline.stop() }

            pipeline.ingest(records(0..<4))
            pipeline.flushAll()
            // The retry counter goes up once the retry is registered.
            #expect(waitUntil(seconds: 5) { pipeline.deliveryCounters.retries == 2 })
            let remaining = pipeline.drainAll(deadline: .now() + .seconds(4))

            #expect(remaining == 0)
            #expect(pipeline.deliveryCounters.retries == failures)
            #expect(stored.withLock { $0.last?.offset } == 4)
        }
    }

    /// A failure whose retry is being scheduled while the drain begins still gets the drain's short wait. The log
    /// sink blocks the retry's log line until the drain has begun, which widens the window between the two.
    @Test func retryScheduledAsDrainBeginsIsNotMissed() async throws {
        try await blocking {
            let gate = HoldingLogSink(holding: "PutLogs attempt failed")
            let backend = FailingThenAcceptingBackend(failures: 1, httpStatus: 503, code: "InternalServerError")
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored,
                                        logger: Logger(label: "test", minimumLevel: .info, sink: gate))
            defer { pipeline.stop() }

            let sender = Thread {
                pipeline.ingest(records(0..<2))
                pipeline.flushAll()
            }
            sender.start()
            #expect(gate.entered.wait(timeout: .now() + 5) == .success)
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { gate.release.signal() }
            let remaining = pipeline.drainAll(deadline: .now() + .seconds(3))

            #expect(remaining == 0)
            #expect(stored.withLock { $0.last?.offset } == 2)
        }
    }

    /// A request of another partition can be accepted between the alert of an operator error and the registration
    /// of its retry. The retry must still go out at once, not after the operator backoff.
    @Test func recoveryBeforeRetryRegistrationIsNotMissed() async throws {
        try await blocking {
            let gate = HoldingLogSink(holding: "Logstore write needs an operator")
            let backend = FailingThenAcceptingBackend(failures: 1)
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored,
                                        logger: Logger(label: "test", minimumLevel: .info, sink: gate))
            defer { pipeline.stop() }
            let other = TopicPartition(topic: "hub", partition: 1)

            // Partition 0's request fails, and its lane waits in the log line, after the alert and before the
            // retry. The third record seals the first batch of two.
            pipeline.ingest(records(0..<3))
            #expect(gate.entered.wait(timeout: .now() + 5) == .success)
            // Partition 1's request is accepted meanwhile and clears the alert.
            pipeline.ingest(records(0..<3).map { record in
                KafkaRecord(topic: other.topic, partition: other.partition, offset: record.offset, timestamp: nil,
                            key: nil, value: record.value, headers: [])
            })
            let otherDelivered = waitUntil(seconds: 5) { stored.withLock { $0.contains { $0.partition == other.partition } } }
            gate.release.signal()
            let caughtUp = waitUntil(seconds: 3) {
                stored.withLock { $0.contains(TopicPartitionOffset(partition, offset: 2)) }
            }

            #expect(otherDelivered)
            #expect(caughtUp, "stored \(stored.withLock { $0 })")
            #expect(pipeline.operatorAlert == nil)
        }
    }

    private func makePipeline(
        backend: FailingThenAcceptingBackend, stored: Locked<[TopicPartitionOffset]>, logger: Logger = .disabled
    ) -> Pipeline {
        let destination = DestinationConfiguration(
            mode: .userLogService, endpoint: "cn-shanghai.log.aliyuncs.com", project: "p-test", logstore: "l-test",
            accessKeyID: "id", accessKeySecret: Secret("secret-for-retry-tests")
        )
        return Pipeline(
            destination: destination,
            batching: BatchingConfiguration(maxEntries: 2, maxBytes: 524_288, lingerMilliseconds: 10),
            normalizer: AzureLogNormalizer(),
            encoder: BatchEncoder(project: "p-test", logstore: "l-test", compression: .lz4, topic: nil, source: "test",
                                  extraTags: []),
            backend: backend,
            // Delays of 0 to 10 minutes at random, so that a retry due within the test's few seconds is unlikely.
            retryPolicy: RetryPolicy(baseMilliseconds: 600_000, capMilliseconds: 600_000, operatorCapMilliseconds: 600_000),
            meter: nil, meterPolicy: Pipeline.MeterPolicy(modes: [.userLogService], delivery: .sent, instanceID: "test"),
            deadLetters: nil, logger: logger,
            storeOffset: { offset in stored.withLock { $0.append(offset) } }
        )
    }

    private func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition()
    }
}

/// A log sink that blocks the first line containing a text until the test releases it.
final class HoldingLogSink: LogSink, @unchecked Sendable {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    private let text: String
    private let hasHeldLine = Locked(false)

    init(holding text: String) {
        self.text = text
    }

    func write(_ record: LogRecord) {
        guard LogFormat.logfmt.render(record).contains(text) else { return }
        let isFirst = hasHeldLine.withLock { wasHeld in
            defer { wasHeld = true }
            return !wasHeld
        }
        guard isFirst else { return }
        entered.signal()
        release.wait()
    }
}

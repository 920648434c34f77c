import AzureLogs
import Core
import Dispatch
import Foundation
import Kafka
import SLS
import Storage
import Testing
@testable import Bridge
import TestSupport

/// A Logstore backend that holds every request until the test releases it, to control when
/// acknowledgements arrive.
final class GatedBackend: LogstoreBackend, @unchecked Sendable {
    private let pending = Locked<[@Sendable (PutLogsResult) -> Void]>([])
    private let received = Locked(0)

    func putLogs(_ request: PutLogsRequest, completion: @escaping @Sendable (PutLogsResult) -> Void) {
        received.withLock { $0 += 1 }
        pending.withLock { $0.append(completion) }
    }

    func shutdown() {}

    var requestCount: Int { received.withLock { $0 } }

    /// Accepts every request received so far.
    func releaseAll() {
        answerAll(.accepted(PutLogsReceipt(requestID: "gated", serverTime: nil)))
    }

    /// Completes every request received so far with an SLS error of `httpStatus` and `code`.
    func failAll(httpStatus: Int, code: String) {
        let error = SLSServiceError(httpStatus: httpStatus, code: code, message: "rejected by the test", requestID: nil)
        answerAll(.failed(.service(error, serverTime: nil)))
    }

    private func answerAll(_ result: PutLogsResult) {
        let completions = pending.withLock { list -> [@Sendable (PutLogsResult) -> Void] in
            defer { list.removeAll() }
            return list
        }
        for completion in completions { completion(result) }
    }
}

@Suite struct RevokeTests {
    private let partition = TopicPartition(topic: "hub", partition: 0)

    private func makePipeline(
        backend: GatedBackend, stored: Locked<[TopicPartitionOffset]>, maxConcurrentRequests: Int = 8,
        deadLetters: DeadLetterStore? = nil, normalizer: AzureLogNormalizer = AzureLogNormalizer()
    ) -> Pipeline {
        let destination = DestinationConfiguration(
            mode: .userLogService, endpoint: "cn-shanghai.log.aliyuncs.com", project: "p-test", logstore: "l-test",
            accessKeyID: "id", accessKeySecret: Secret("secret-for-revoke-tests"), maxConcurrentRequests: maxConcurrentRequests
        )
        return Pipeline(
            destination: destination, batching: BatchingConfiguration(maxEntries: 2, maxBytes: 524_288, lingerMilliseconds: 10),
            normalizer: normalizer,
            encoder: BatchEncoder(project: "p-test", logstore: "l-test", compression: .lz4, topic: nil, source: "test", extraTags: []),
            backend: backend, retryPolicy: RetryPolicy(), meter: nil,
            meterPolicy: Pipeline.MeterPolicy(modes: [.userLogService], delivery: .sent, instanceID: "test"),
            deadLetters: deadLetters, logger: .disabled,
            storeOffset: { offset in stored.withLock { $0.append(offset) } }
        )
    }

    private func records(_ count: Int, partition: TopicPartition? = nil) -> [KafkaRecord] {
        let partition = partition ?? self.partition
        return TestMessages.envelopes(count: count, recordsPerMessage: 1).enumerated().map { index, value in
            KafkaRecord(topic: partition.topic, partition: partition.partition, offset: Int64(index), timestamp: nil,
                        key: nil, value: value, headers: [])
        }
    }

    /// The poll loop skips flow decisions while the pipeline's total is below the high watermark, which is only
    /// safe while the total covers the bytes of every assigned partition's lane.
    @Test func totalInFlightCoversLaneCounts() async throws {
        try await blocking {
            let backend = GatedBackend()
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored, maxConcurrentRequests: 1)
            let other = TopicPartition(topic: "hub", partition: 1)
            let read = records(4) + records(6, partition: other)
            pipeline.ingest(read)
            let lanesTotal = { pipeline.bytesInFlightByPartition.values.reduce(0, +) }

            let readBytes = read.reduce(0) { $0 + ($1.value?.count ?? 0) }
            #expect(pipeline.bytesInFlight == readBytes)
            #expect(lanesTotal() == readBytes)

            // The revoked lane leaves the map while its bytes stay counted until its batches are given back.
            _ = pipeline.revoke([partition], deadline: .now() + .milliseconds(100))
            #expect(pipeline.bytesInFlightByPartition[partition] == nil)
            #expect(pipeline.bytesInFlight >= lanesTotal())

            for _ in 0..<10 {
                backend.releaseAll()
                Thread.sleep(forTimeInterval: 0.05)
                #expect(pipeline.bytesInFlight >= lanesTotal())
            }
        }
    }

    /// librdkafka can reset a fetch position to a lower offset without a rebalance, as when a hub is deleted and
    /// created again. The partition then starts over in a new lane instead of stopping the process.
    @Test func offsetsGoingBackRestartLane() async throws {
        try await blocking {
            let backend = GatedBackend()
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored)
            pipeline.ingest(records(4))
            pipeline.ingest(records(2))

            var counters: [PartitionCounters] = []
            for _ in 0..<100 {
                pipeline.tick()
                backend.releaseAll()
                counters = pipeline.partitionCounters
                if counters.count == 2, counters.allSatisfy({ $0.inFlight == 0 }) { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            #expect(counters.count == 2, "the old lane is retired and a new one reads the partition")
            #expect(counters.map(\.consumed).sorted() == [2, 4])
            #expect(counters.reduce(0) { $0 + $1.delivered + $1.handedOver } == 6)
            #expect(counters.last?.consumed == 2, "the assigned lane comes after the retired one")
            #expect(stored.withLock { $0.last } == TopicPartitionOffset(partition, offset: 2))
        }
    }

    @Test func revokeDrainsBeforeReturning() async throws {
        try await blocking {
            let backend = GatedBackend()
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored)
            pipeline.ingest(records(5))

            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) { backend.releaseAll() }
            // Batches still being sealed after the first release are released by this loop.
            let releasing = Thread {
                for _ in 0..<40 {
                    Thread.sleep(forTimeInterval: 0.05)
                    backend.releaseAll()
                }
            }
            releasing.start()
            let remaining = pipeline.revoke([partition], deadline: .now() + .seconds(10))

            #expect(remaining[partition] == 0)
            #expect(stored.withLock { $0.last } == TopicPartitionOffset(partition, offset: 5))
            #expect(pipeline.partitionCounters.first?.delivered == 5)
        }
    }

    @Test func lateAcknowledgementAfterRevokeStoresNothing() async throws {
        try await blocking {
            let backend = GatedBackend()
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored)
            pipeline.ingest(records(4))

            let remaining = pipeline.revoke([partition], deadline: .now() + .milliseconds(300))
            #expect(remaining[partition] == 4)
            #expect(backend.requestCount == 2)

            backend.releaseAll()
            Thread.sleep(forTimeInterval: 0.3)
            #expect(stored.withLock { $0 }.isEmpty)
            #expect(pipeline.partitionCounters.first?.inFlight == 0)
            #expect(pipeline.partitionCounters.first?.handedOver == 4, "the next owner reads them again")
        }
    }

    /// A request in flight at the revoke that SLS then rejects belongs to the next owner, which reads its records
    /// again. Keeping or splitting it here would store or send them twice, and the counts already call them
    /// handed over.
    @Test(arguments: [(400, "InvalidLogGroup"), (413, "PostBodyTooLarge")])
    func lateRejectionAfterRevokeKeepsNothing(httpStatus: Int, code: String) async throws {
        try await blocking {
            let folder = try PackagePaths.temporaryDirectory("revoke-refusal")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let store = try DeadLetterStore(path: folder + "/meter.sqlite", logger: .disabled)
            defer { store.close() }
            let backend = GatedBackend()
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored, deadLetters: store)
            pipeline.ingest(records(4))

            let remaining = pipeline.revoke([partition], deadline: .now() + .milliseconds(300))
            #expect(remaining[partition] == 4)
            #expect(backend.requestCount == 2)

            backend.failAll(httpStatus: httpStatus, code: code)
            Thread.sleep(forTimeInterval: 0.3)
            #expect(backend.requestCount == 2, "no half of a split batch is sent for a revoked partition")
            #expect(try store.list(limit: 100).isEmpty)
            #expect(pipeline.deadLetterCountersSnapshot.records == 0)
            #expect(pipeline.partitionCounters.first?.handedOver == 4)
            #expect(pipeline.bytesInFlight == 0, "the rejected batches give their bytes back")
            #expect(stored.withLock { $0 }.isEmpty)
        }
    }

    /// Lost partitions may belong to another member already, so the coordinator does not wait for their batches.
    @Test func lostPartitionsAreNotDrained() async throws {
        try await blocking {
            let backend = GatedBackend()
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored)
            pipeline.ingest(records(4))
            let coordinator = RebalanceCoordinator(pipeline: pipeline, drainTimeoutMilliseconds: 10_000, logger: .disabled)

            let started = Date()
            coordinator.partitionsLost([partition])
            let waited = Date().timeIntervalSince(started)
            backend.releaseAll()
            Thread.sleep(forTimeInterval: 0.3)

            #expect(waited < 5, "waited \(waited) s of the 10 s drain timeout")
            #expect(pipeline.partitionCounters.first?.handedOver == 4)
            #expect(stored.withLock { $0 }.isEmpty)
            #expect(pipeline.bytesInFlight == 0)
        }
    }

    @Test func coordinatorReportsReleasedAndAssignedPartitions() async throws {
        try await blocking {
            let pipeline = makePipeline(backend: GatedBackend(), stored: Locked<[TopicPartitionOffset]>([]))
            let coordinator = RebalanceCoordinator(pipeline: pipeline, drainTimeoutMilliseconds: 1_000, logger: .disabled)
            let other = TopicPartition(topic: "hub", partition: 1)

            coordinator.partitionsAssigned([partition, other])
            coordinator.partitionsRevoked([partition])
            coordinator.partitionsLost([other])
            let changes = coordinator.takeChanges()

            #expect(changes.assigned == [partition, other])
            #expect(changes.released == [partition, other])
            #expect(coordinator.takeChanges().released.isEmpty, "taking the changes clears them")
        }
    }

    /// The open batch of a lost partition is discarded, not sealed and sent: another member reads its records.
    @Test func lostPartitionSendsNoNewRequest() async throws {
        try await blocking {
            let backend = GatedBackend()
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored)
            // Batches of two entries: the first is sealed by the third record, the second stays open.
            pipeline.ingest(records(4))
            Thread.sleep(forTimeInterval: 0.2)
            let sentBefore = backend.requestCount

            RebalanceCoordinator(pipeline: pipeline, drainTimeoutMilliseconds: 10_000, logger: .disabled)
                .partitionsLost([partition])
            Thread.sleep(forTimeInterval: 0.2)
            backend.releaseAll()
            Thread.sleep(forTimeInterval: 0.2)

            #expect(sentBefore == 1)
            #expect(backend.requestCount == sentBefore)
            #expect(pipeline.partitionCounters.first?.handedOver == 4)
            #expect(pipeline.bytesInFlight == 0, "the discarded batch gives its bytes back")
        }
    }

    /// A dead-letter write that waited for a locked store while the revoke ran is taken back, because the revoke
    /// already counted its records as handed over.
    @Test func deadLetterWriteFinishingAfterRevokeIsTakenBack() async throws {
        try await blocking {
            let folder = try PackagePaths.temporaryDirectory("revoke-locked-store")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/meter.sqlite"
            let store = try DeadLetterStore(path: path, logger: .disabled)
            defer { store.close() }
            let backend = GatedBackend()
            let stored = Locked<[TopicPartitionOffset]>([])
            let pipeline = makePipeline(backend: backend, stored: stored, deadLetters: store)
            pipeline.ingest(records(4))
            pipeline.flushAll()
            Thread.sleep(forTimeInterval: 0.2)

            let holder = try SQLiteDatabase(path: path)
            try holder.execute("BEGIN IMMEDIATE")
            backend.failAll(httpStatus: 400, code: "InvalidLogGroup")
            Thread.sleep(forTimeInterval: 0.2)
            let remaining = pipeline.revoke([partition], deadline: .now() + .milliseconds(200))
            try holder.execute("ROLLBACK")
            try holder.close()
            Thread.sleep(forTimeInterval: 1.0)

            #expect(remaining[partition] == 4)
            #expect(pipeline.partitionCounters.first?.handedOver == 4)
            #expect(try store.list(limit: 100).isEmpty)
            #expect(pipeline.deadLetterCountersSnapshot.records == 0)
            #expect(pipeline.bytesInFlight == 0)
        }
    }

    /// A raw copy whose write waited for a locked store while the revoke ran is taken back, like a dead letter.
    @Test func rawCopyWriteFinishingAfterRevokeIsTakenBack() async throws {
        try await blocking {
            let folder = try PackagePaths.temporaryDirectory("revoke-raw-copy")
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let path = folder + "/meter.sqlite"
            let store = try DeadLetterStore(path: path, logger: .disabled)
            defer { store.close() }
            var options = NormalizationOptions()
            options.limits.maximumValueBytes = 100
            let pipeline = makePipeline(backend: GatedBackend(), stored: Locked<[TopicPartitionOffset]>([]),
                                        deadLetters: store, normalizer: AzureLogNormalizer(options: options))
            let note = String(repeating: "x", count: 300)
            let value = #"{"records":[{"category":"Administrative","operationName":"write","note":"\#(note)"}]}"#

            let holder = try SQLiteDatabase(path: path)
            try holder.execute("BEGIN IMMEDIATE")
            pipeline.ingest([KafkaRecord(topic: partition.topic, partition: partition.partition, offset: 0,
                                         timestamp: nil, key: nil, value: Array(value.utf8), headers: [])])
            Thread.sleep(forTimeInterval: 0.2)
            let remaining = pipeline.revoke([partition], deadline: .now() + .milliseconds(200))
            try holder.execute("ROLLBACK")
            try holder.close()
            Thread.sleep(forTimeInterval: 1.0)

            #expect(remaining[partition] == 1)
            #expect(pipeline.partitionCounters.first?.handedOver == 1)
            #expect(try store.list(limit: 100).isEmpty)
            #expect(pipeline.deadLetterCountersSnapshot.rawCopies == 0)
        }
    }

    @Test func revokeDropsBatchesNotYetSent() async throws {
        try await blocking {
            let backend = GatedBackend()
            let stored = Locked<[TopicPartitionOffset]>([])
            // One request at a time: of three batches, one is in flight and two wait in the queue.
            let pipeline = makePipeline(backend: backend, stored: stored, maxConcurrentRequests: 1)
            pipeline.ingest(records(6))

            let remaining = pipeline.revoke([partition], deadline: .now() + .milliseconds(300))
            backend.releaseAll()
            Thread.sleep(forTimeInterval: 0.3)
            backend.releaseAll()

            #expect(remaining[partition] == 6)
            #expect(backend.requestCount == 1, "the queued batches of the revoked partition are not sent")
            #expect(stored.withLock { $0 }.isEmpty)
            #expect(pipeline.bytesInFlight == 0, "dropped batches give their bytes back")
        }
    }
}

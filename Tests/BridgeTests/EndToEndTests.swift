import Core
import Foundation
import Kafka
import LocalSLS
import SLS
import Storage
import Testing
@testable import Bridge
import TestSupport

/// The whole path with real components: librdkafka's mock cluster, the bridge, the local SLS server.
@Suite struct EndToEndTests {
    @Test func samplesArriveExactlyOnce() async throws {
        try await blocking {
            let harness = try BridgeTestHarness()
            let samples = try PackagePaths.azureSamples().map(\.bytes)
            let values: [[UInt8]?] = samples + samples + [nil, []]
            try harness.produce(values)

            let configuration = harness.configuration()
            let service = BridgeService(configuration: configuration, logger: harness.logger)
            let summary = try service.run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))

            #expect(summary.consumed == values.count)
            #expect(summary.reconciles)
            #expect(summary.deadLettered == 0)
            #expect(summary.inFlight == 0)
            #expect(harness.storedEntryFingerprints() == BridgeTestHarness.expectedFingerprints(values))

            let committed = try harness.committedOffsets(group: configuration.source.consumerGroup)
            let end = try harness.endOffsets()
            #expect(committed == end)

            let stored = harness.server.totals(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
            let meter = try harness.meterAmounts()
            #expect(meter.entries == Int64(stored.logs))
            #expect(meter.requests == Int64(stored.requests))
            #expect(meter.compressedBytes == Int64(stored.compressedBytes))
            #expect(meter.normalizedBytes == Int64(stored.rawBytes))
            let producedBytes = values.reduce(0) { $0 + ($1?.count ?? 0) }
            let emptyBytes = samples.filter { String(decoding: $0, as: UTF8.self).contains("\"records\": []") }
                .reduce(0) { $0 + $1.count } * 2
            #expect(meter.rawBytes == Int64(producedBytes - emptyBytes))
            #expect(meter.records == Int64(summary.delivered))
        }
    }

    @Test func startAndStopLogLinesNameTheRun() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 2)
            let values = TestMessages.envelopes(count: 4)
            try harness.produce(values)

            let configuration = harness.configuration()
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))
            #expect(summary.reconciles)

            let lines = harness.logSink.lines
            let started = try #require(lines.first { $0.contains("msg=\"bridge started\"") }, "\(lines)")
            #expect(started.contains("bridge.mode=user-log-service"))
            #expect(started.contains("bridge.kind=run"))
            #expect(started.contains("kafka.group=\(configuration.source.consumerGroup)"))
            #expect(started.contains("sls.logstore=\(BridgeTestHarness.logstore)"))
            #expect(lines.contains { $0.contains("msg=\"partitions assigned\"") })
            #expect(lines.filter { $0.contains("msg=\"reading partition\"") }.count == 2)

            // Closing the consumer revokes both partitions once their batches have drained.
            let drained = try #require(lines.first { $0.contains("msg=\"partitions revoked after draining\"") }, "\(lines)")
            #expect(drained.contains("bridge.records_in_flight=0"))
            #expect(drained.contains("kafka.partitions=\(harness.topic)[0],\(harness.topic)[1]"))
            let revoked = try #require(lines.first { $0.contains("msg=\"partitions revoked\"") }, "\(lines)")
            #expect(revoked.contains("kafka.partition_count=2"))

            let stopped = try #require(lines.last { $0.contains("msg=\"bridge stopped\"") }, "\(lines)")
            #expect(stopped.contains("bridge.consumed=4"))
            #expect(stopped.contains("bridge.delivered=4"))
            #expect(stopped.contains("bridge.in_flight=0"))
        }
    }

    /// Once the record limit is reached no record can join the open batches, so they go out without the linger.
    @Test func recordLimitSendsOpenBatchesAtOnce() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 2)
            let values = TestMessages.envelopes(count: 6)
            try harness.produce(values)

            let configuration = harness.configuration(
                batching: BatchingConfiguration(maxEntries: 4096, maxBytes: 512 * 1024, lingerMilliseconds: 600_000)
            )
            let clock = ContinuousClock()
            let started = clock.now
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 120_000))
            let elapsed = clock.now - started

            #expect(summary.reconciles)
            #expect(summary.delivered == values.count)
            // Without the flush, the run would wait for the 600 s linger until its 120 s duration ran out.
            #expect(elapsed < .seconds(60), "the run took \(elapsed)")
            #expect(harness.storedEntryFingerprints() == BridgeTestHarness.expectedFingerprints(values))
            #expect(try harness.committedOffsets(group: configuration.source.consumerGroup) == harness.endOffsets())
        }
    }

    @Test func smallBatchesSplitRecordsAcrossRequests() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let samples = try PackagePaths.azureSamples().map(\.bytes)
            try harness.produce(samples)

            let configuration = harness.configuration(
                batching: BatchingConfiguration(maxEntries: 1, maxBytes: 1024, lingerMilliseconds: 50)
            )
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: samples.count, durationMilliseconds: 60_000))

            #expect(summary.reconciles)
            #expect(harness.storedEntryFingerprints() == BridgeTestHarness.expectedFingerprints(samples))
            let requests = harness.server.acceptedRequests(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
            #expect(requests.allSatisfy { $0.logGroup.logs.count == 1 })
            #expect(try harness.committedOffsets(group: configuration.source.consumerGroup) == harness.endOffsets())
        }
    }

    @Test func logGroupsCarryKafkaTags() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 2)
            let samples = try PackagePaths.azureSamples().map(\.bytes)
            try harness.produce(Array(samples.prefix(4)))

            let configuration = harness.configuration()
            _ = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: 4, durationMilliseconds: 60_000))

            let groups = harness.server.logGroups(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
            #expect(!groups.isEmpty)
            for group in groups {
                #expect(group.topic == harness.topic)
                #expect(group.tags.contains(LogTag(key: "ehb_kafka_topic", value: harness.topic)))
                #expect(group.tags.contains { $0.key == "ehb_kafka_partition" })
            }
        }
    }
}

@Suite struct ShardRoutingTests {
    @Test func entriesOfOneKeyShareARequest() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 24, recordsPerMessage: 2)
            try harness.produce(values)

            var configuration = harness.configuration()
            configuration.destination.shardHashField = "callerIpAddress"
            configuration.destination.shardHashBuckets = 4
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))

            #expect(summary.reconciles)
            #expect(try harness.missingEntries(of: values) == [])
            let requests = harness.server.acceptedRequests(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
            var keys: Set<String> = []
            for request in requests {
                guard case .hashKey(let key) = request.shard else {
                    Issue.record("request sent without a hash key: \(request.shard)")
                    continue
                }
                keys.insert(key)
                for log in request.logGroup.logs {
                    #expect(ShardHashKey.key(forValue: log["callerIpAddress"] ?? "", buckets: 4) == key)
                }
            }
            #expect(keys.count > 1)
            #expect(keys.count <= 4)
        }
    }

    @Test func keysChangingMidMessageFillBatches() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 12, recordsPerMessage: 7)
            try harness.produce(values)

            // correlationId differs for every record, so the entries of one message go to several batches, and
            // batches of two entries fill in the middle of a message.
            var configuration = harness.configuration(
                batching: BatchingConfiguration(maxEntries: 2, maxBytes: 524_288, lingerMilliseconds: 50)
            )
            configuration.destination.shardHashField = "correlationId"
            configuration.destination.shardHashBuckets = 4
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))

            #expect(summary.reconciles)
            #expect(try harness.missingEntries(of: values) == [])
            let requests = harness.server.acceptedRequests(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
            #expect(requests.flatMap(\.logGroup.logs).count == 84)
            var orderByKey: [String: [Int]] = [:]
            for request in requests {
                guard case .hashKey(let key) = request.shard else {
                    Issue.record("request sent without a hash key: \(request.shard)")
                    continue
                }
                #expect(request.logGroup.logs.count <= 2)
                for log in request.logGroup.logs {
                    let id = log["correlationId"] ?? ""
                    #expect(ShardHashKey.key(forValue: id, buckets: 4) == key)
                    // correlationId is m-<message>-<record>.
                    let parts = id.split(separator: "-").compactMap { Int($0) }
                    orderByKey[key, default: []].append((parts.first ?? 0) * 100 + (parts.last ?? 0))
                }
            }
            #expect(orderByKey.count > 1)
            for (key, order) in orderByKey {
                #expect(order == order.sorted(), "entries of key \(key) arrive in record order")
            }
            #expect(try harness.committedOffsets(group: configuration.source.consumerGroup) == harness.endOffsets())
        }
    }

    @Test func batchesOfOneKeyReachTheShardOneAtATimeInOrder() async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let values = TestMessages.envelopes(count: 40, recordsPerMessage: 2)
            try harness.produce(values)

            // Every record has the same resourceId, so every batch has the same hash key. Batches of two records
            // give 40 requests, which the eight concurrent slots could otherwise send at once.
            var configuration = harness.configuration(
                batching: BatchingConfiguration(maxEntries: 2, maxBytes: 524_288, lingerMilliseconds: 100)
            )
            configuration.destination.shardHashField = "resourceId"
            configuration.destination.shardHashBuckets = 4
            let backend = KeyConcurrencyRecorder(
                wrapping: SLSClient(configuration: BridgeService.clientConfiguration(configuration.destination), logger: .disabled)
            )
            let summary = try BridgeService(configuration: configuration, backend: backend, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: values.count, durationMilliseconds: 60_000))

            #expect(summary.reconciles)
            #expect(backend.largestConcurrency == 1)
            let requests = harness.server.acceptedRequests(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
            #expect(requests.count == 40)
            let messages = requests.flatMap(\.logGroup.logs).compactMap { log -> Int? in
                // correlationId is m-<message>-<record>.
                log["correlationId"].flatMap { Int($0.split(separator: "-")[1]) }
            }
            #expect(messages.count == 80)
            #expect(messages == messages.sorted(), "requests of one key arrive in offset order")
        }
    }
}

/// Forwards to another backend after a short random delay and records, per shard hash key, the largest
/// number of requests it ever had in flight at once.
private final class KeyConcurrencyRecorder: LogstoreBackend {
    private let inner: any LogstoreBackend
    private let inFlight = Locked<[String: Int]>([:])
    private let largest = Locked(0)

    init(wrapping inner: any LogstoreBackend) {
        self.inner = inner
    }

    var largestConcurrency: Int { largest.withLock { $0 } }

    func putLogs(_ request: PutLogsRequest, completion: @escaping @Sendable (PutLogsResult) -> Void) {
        let key = request.hashKey ?? ""
        let count = inFlight.withLock { counts -> Int in
            counts[key, default: 0] += 1
            return counts[key] ?? 0
        }
        largest.withLock { $0 = max($0, count) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int.random(in: 0...15))) { [self] in
            inner.putLogs(request) { [self] result in
                inFlight.withLock { $0[key, default: 1] -= 1 }
                completion(result)
            }
        }
    }

    func shutdown() {
        inner.shutdown()
    }
}

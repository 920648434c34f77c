import Core
import Foundation
import Kafka
import Storage
import Testing
@testable import Bridge

/// Tests of a dry run through the real pipeline against librdkafka's mock cluster. Both modes are metered with
/// the new values, and the consumer's statistics become Kafka fetch samples.
@Suite struct DryRunMeteringTests {
    private static func onThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.start()
        }
    }

    @Test func dryRunMetersBothModesAndFetchBytes() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        defer { cluster.close() }
        try cluster.createTopic("insights-logs-test", partitions: 2)

        let message = #"{"records":[{"time":"2026-03-01T10:00:00Z","category":"Audit","operationName":"Read"}]}"#
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers, security: .plaintext),
            logger: .disabled
        )
        let producedFrom = Int64(Date().timeIntervalSince1970 * 1000)
        for index in 0..<40 {
            try producer.produce(topic: "insights-logs-test", value: Array(message.utf8), key: nil,
                                 partition: Int32(index % 2))
        }
        #expect(try producer.flush(timeout: .seconds(20)).failedCount == 0)
        producer.close()
        let producedTo = Int64(Date().timeIntervalSince1970 * 1000)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dry-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let meterPath = folder.appendingPathComponent("meter.sqlite").path
        var pricing = PricingConfiguration(indexMode: .none, activeShards: 3)
        pricing.egressSampleIntervalMilliseconds = 1_000
        let configuration = BridgeConfiguration(
            source: SourceConfiguration(connection: .plaintextKafka, topics: ["insights-logs-test"],
                                        consumerGroup: "metering", bootstrapServers: cluster.bootstrapServers),
            destination: DestinationConfiguration(
                mode: .userLogService, endpoint: "cn-shanghai.log.aliyuncs.com", project: "unused-project",
                logstore: "unused", accessKeyID: "id", accessKeySecret: Secret("unused-secret")
            ),
            batching: BatchingConfiguration(lingerMilliseconds: 100),
            meter: MeterConfiguration(path: meterPath, instanceID: "test"),
            pricing: pricing
        )

        let summary = try await Self.onThread {
            try BridgeService(configuration: configuration, kind: .dryRun, logger: .disabled)
                .run(limits: RunLimits(maxRecords: 40, durationMilliseconds: 60_000))
        }
        #expect(summary.consumed == 40)
        #expect(summary.delivered == 40)

        // A dry run reads under <group>-dry-run and commits nothing, under that group or the real one.
        for group in ["metering-dry-run", "metering"] {
            let committed = try await Self.onThread {
                let consumer = try KafkaConsumer(
                    configuration: KafkaConsumerConfiguration(bootstrapServers: cluster.bootstrapServers, groupID: group,
                                                              security: .plaintext),
                    logger: .disabled
                )
                defer { consumer.close() }
                let partitions = (0..<2).map { TopicPartition(topic: "insights-logs-test", partition: Int32($0)) }
                return try consumer.committed(for: partitions, timeout: .seconds(10))
            }
            #expect(committed.isEmpty, "group \(group) has committed offsets: \(committed)")
        }

        // Every row carries when its records were produced (their Kafka CreateTime), not when they were read.
        let database = try SQLiteDatabase(path: meterPath, options: SQLiteDatabase.Options(access: .readOnly))
        let times = try database.query(
            "SELECT COUNT(*) AS rows, COUNT(first_record_time_ms) AS timed, MIN(first_record_time_ms) AS first, "
                + "MAX(last_record_time_ms) AS last FROM meter_writes"
        )
        try database.close()
        let timesRow = try #require(times.first)
        #expect(try timesRow.decode(Int64.self, column: "timed") == (try timesRow.decode(Int64.self, column: "rows")))
        #expect(try timesRow.decode(Int64.self, column: "first") >= producedFrom)
        #expect(try timesRow.decode(Int64.self, column: "last") <= producedTo)

        let reader = try MeterReader(paths: [meterPath])
        defer { reader.close() }
        let totals = try reader.totals()
        #expect(totals.map(\.mode) == [.dedicatedChannel, .userLogService])
        #expect(totals.allSatisfy { $0.delivery == .dryRun })
        for total in totals {
            #expect(total.amounts.records == 40)
            #expect(total.amounts.rawBytes == Int64(40 * message.utf8.count))
            #expect(total.amounts.indexedBytes == 0)
            #expect(total.amounts.storedBytes == total.amounts.compressedBytes)
            #expect(total.amounts.billableEvents == 40)
            #expect(total.amounts.rowsBeforeMeterV2 == 0)
        }
        let storage = try reader.dailyStorage()
        #expect(storage.allSatisfy { $0.profile == pricing.logstoreProfile })

        // Statistics come every second, and the group join takes seconds, so samples arrive before the run ends.
        // Which of them follow the record fetch depends on timing, so KafkaStatisticsTests checks the byte counts.
        let fetches = try reader.dailyKafkaFetch()
        #expect(fetches.map(\.delivery) == [.dryRun])
        #expect((fetches.first?.fetchedBytes ?? 0) > 0)
        #expect((fetches.first?.samples ?? 0) >= 1)
    }
}

import Core
import Foundation
import Kafka
import LocalSLS
import Storage
import Testing
@testable import Bridge

/// Several instances in one consumer group share the partitions, each with its own meter file, and the
/// files merge into one set of totals.
@Suite struct OperationsHorizontalScaleTests {
    @Test func threeInstancesShareThePartitions() async throws {
        let harness = try OperationsHarness(topic: "scale-hub", partitions: 6)
        let instances = ["bridge-a", "bridge-b", "bridge-c"]
        let services = instances.map { instance in
            BridgeService(configuration: harness.configuration(group: "scale-group", instance: instance), logger: .disabled)
        }
        // The members join together, which the mock cluster settles faster than one join after another. Records
        // are produced only once the group is stable, so that no partition moves while records are in flight.
        let runs = services.map { OperationsBackgroundRun($0) }
        let stable = await waitUntil(seconds: 90) {
            let assigned = services.map { $0.operations.prometheusText().metricValue("ehbridge_kafka_assigned_partitions") ?? 0 }
            return assigned.reduce(0, +) == 6 && assigned.allSatisfy { $0 >= 1 }
        }
        #expect(stable)

        let recordCount = 600
        try harness.produce(count: recordCount)
        #expect(await waitUntil(seconds: 60) { harness.storedLogs >= recordCount })

        for run in runs { run.service.requestStop() }
        var summaries: [RunSummary] = []
        for run in runs { summaries.append(try await run.stop()) }

        #expect(harness.storedLogs == recordCount)
        #expect(summaries.reduce(0) { $0 + $1.delivered } == recordCount)
        for summary in summaries {
            #expect(summary.delivered > 0)
            #expect(summary.reconciles)
        }

        let reader = try MeterReader(paths: instances.map { harness.directory + "/meter-\($0).sqlite" })
        defer { reader.close() }
        let totals = try reader.totals()
        #expect(totals.reduce(0) { $0 + $1.amounts.records } == Int64(recordCount))
        #expect(totals.reduce(0) { $0 + $1.amounts.entries } == Int64(recordCount))
        for instance in instances {
            let single = try MeterReader(paths: [harness.directory + "/meter-\(instance).sqlite"])
            defer { single.close() }
            #expect(try single.totals().reduce(0) { $0 + $1.amounts.records } > 0)
        }
    }
}

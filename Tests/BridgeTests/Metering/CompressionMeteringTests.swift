import Core
import Foundation
import LocalSLS
import SLS
import Storage
import Testing
@testable import Bridge
import TestSupport

/// A run with a compression other than the default lz4: the local server decompresses every request, and the
/// meter rows name the compression and agree with the server on the bytes.
@Suite struct CompressionMeteringTests {
    @Test(arguments: [SLSCompression.zstd, .deflate, .none])
    func meterMatchesServerForCompression(_ compression: SLSCompression) async throws {
        try await blocking {
            let harness = try BridgeTestHarness(partitions: 1)
            let samples = Array(try PackagePaths.azureSamples().map(\.bytes).prefix(6))
            try harness.produce(samples)

            var configuration = harness.configuration()
            configuration.destination.compression = compression
            let summary = try BridgeService(configuration: configuration, logger: harness.logger)
                .run(limits: RunLimits(maxRecords: samples.count, durationMilliseconds: 60_000))
            #expect(summary.reconciles)
            #expect(harness.storedEntryFingerprints() == BridgeTestHarness.expectedFingerprints(samples))

            let requests = harness.server.acceptedRequests(
                project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore
            )
            #expect(!requests.isEmpty)
            #expect(requests.allSatisfy { $0.compression == compression })

            let stored = harness.server.totals(project: BridgeTestHarness.project, logstore: BridgeTestHarness.logstore)
            let meter = try harness.meterAmounts()
            #expect(meter.requests == Int64(stored.requests))
            #expect(meter.compressedBytes == Int64(stored.compressedBytes))
            #expect(meter.normalizedBytes == Int64(stored.rawBytes))

            let database = try SQLiteDatabase(path: harness.meterPath)
            defer { try? database.close() }
            let names = try database.query("SELECT DISTINCT compression FROM meter_writes").map { $0[0] }
            #expect(names == [.text(compression.rawValue)])
        }
    }
}

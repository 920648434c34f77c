import Core
import Foundation
import Kafka
import LocalSLS
import Testing
@testable import Bridge

@Suite struct OperationsEndpointTests {
    @Test func endpointServesMetricsHealthAndReadiness() async throws {
        let harness = try OperationsHarness()
        try harness.produce(count: 30)
        var configuration = harness.configuration()
        configuration.pricing.pricesDirectory = PackagePaths.root.appendingPathComponent("Pricing").path
        let service = BridgeService(configuration: configuration, logger: .disabled)
        let run = OperationsBackgroundRun(service)

        #expect(await waitUntil { harness.storedLogs == 30 })
        #expect(await waitUntil { service.operations.endpointPort != nil })
        guard let port = service.operations.endpointPort else {
            _ = try await run.stop()
            return
        }
        #expect(await waitUntil {
            let text = (try? httpGet(port: port, path: "/metrics").body) ?? ""
            return text.metricValue("ehbridge_kafka_consumer_lag") != nil
                && text.metricValue("ehbridge_kafka_commits_total", labels: [#"result="success""#]) != nil
        })

        let metrics = try httpGet(port: port, path: "/metrics")
        let text = metrics.body
        #expect(metrics.status == 200)
        #expect(text.metricValue("ehbridge_records_in_total", labels: [#"mode="user-log-service""#]) == 30)
        #expect(text.metricValue("ehbridge_records_out_total", labels: [#"outcome="delivered""#]) == 30)
        #expect(text.metricValue("ehbridge_records_in_flight") == 0)
        #expect((text.metricValue("ehbridge_bytes_in_total") ?? 0) > 0)
        #expect((text.metricValue("ehbridge_putlogs_requests_total", labels: [#"result="accepted""#]) ?? 0) > 0)
        #expect((text.metricValue("ehbridge_bytes_out_total", labels: [#"encoding="compressed""#]) ?? 0) > 0)
        #expect((text.metricValue("ehbridge_bytes_out_total", labels: [#"encoding="normalized""#]) ?? 0) > 0)
        #expect((text.metricValue("ehbridge_putlogs_request_duration_seconds_count") ?? 0) > 0)
        #expect((text.metricValue("ehbridge_batch_size_bytes_count") ?? 0) > 0)
        #expect(text.metricValue("ehbridge_kafka_assigned_partitions") == 3)
        #expect(text.metricValue("ehbridge_kafka_consumer_lag", labels: [#"topic="ops-hub""#, #"partition="0""#]) == 0)
        #expect(text.contains("# TYPE ehbridge_kafka_throttle_max_seconds gauge"))
        #expect(text.metricValue("ehbridge_ready") == 1)
        #expect(text.metricValue("ehbridge_info", labels: [#"consumer_group="ops-group""#, #"kind="run""#]) == 1)
        #expect(text.metricValue("ehbridge_normalized_records_total") == 30)
        #expect((text.metricValue("ehbridge_meter_rows_written_total") ?? 0) > 0)
        #expect(!text.contains(OperationsHarness.secret))
        #expect(await waitUntil {
            let scraped = (try? httpGet(port: port, path: "/metrics").body) ?? ""
            return (scraped.metricValue("ehbridge_cost_estimate", labels: [#"payer="ctdr""#, #"currency="USD""#]) ?? 0) > 0
        })
        let priced = try httpGet(port: port, path: "/metrics").body
        #expect(priced.metricValue("ehbridge_cost_estimate_complete", labels: [#"payer="ctdr""#, #"currency="USD""#]) == 1)

        let health = try httpGet(port: port, path: "/healthz")
        #expect(health.status == 200)
        #expect(health.body == "ok\n")
        let ready = try httpGet(port: port, path: "/readyz")
        #expect(ready.status == 200)
        #expect(ready.body == "ready\n")
        let missing = try httpGet(port: port, path: "/other")
        #expect(missing.status == 404)

        let summary = try await run.stop()
        #expect(summary.delivered == 30)
        #expect(service.operations.endpointPort == nil)
        #expect(throws: (any Error).self) { try httpGet(port: port, path: "/healthz") }
    }

    @Test func costEstimateMarksLowerBound() {
        let operations = BridgeOperations(
            configuration: OperationsHarness.testMetrics, mode: .userLogService, information: [], logger: .disabled
        )
        operations.setCostEstimateSource {
            [PayerCostEstimate(payer: "ctdr", currency: "CNY", amount: 0, isComplete: false),
             PayerCostEstimate(payer: "sls", currency: "CNY", amount: 12, isComplete: true)]
        }
        let text = operations.prometheusText()

        #expect(text.metricValue("ehbridge_cost_estimate", labels: [#"payer="ctdr""#]) == 0)
        #expect(text.metricValue("ehbridge_cost_estimate_complete", labels: [#"payer="ctdr""#]) == 0)
        #expect(text.metricValue("ehbridge_cost_estimate_complete", labels: [#"payer="sls""#]) == 1)
    }

    @Test func metricsCountDeadLettersRetriesAndEmptyFlight() async throws {
        let harness = try OperationsHarness(partitions: 1)
        try harness.produce(count: 20)
        // Two server errors are retried, then the batch is rejected and goes to the dead-letter store.
        harness.sls.injectFault(.internalServerError, times: 2)
        harness.sls.injectFault(.error(status: 400, code: "InvalidTimestamp", message: "injected"), times: 1)
        let service = BridgeService(configuration: harness.configuration(), logger: .disabled)
        let run = OperationsBackgroundRun(service)

        #expect(await waitUntil {
            let text = service.operations.prometheusText()
            let delivered = text.metricValue("ehbridge_records_out_total", labels: [#"outcome="delivered""#]) ?? 0
            let deadLettered = text.metricValue("ehbridge_records_out_total", labels: [#"outcome="dead_lettered""#]) ?? 0
            return delivered + deadLettered == 20 && (text.metricValue("ehbridge_kafka_commits_total",
                                                                       labels: [#"result="success""#]) ?? 0) > 0
        })
        let text = service.operations.prometheusText()
        let deadLettered = text.metricValue("ehbridge_records_out_total", labels: [#"outcome="dead_lettered""#]) ?? 0
        #expect(deadLettered >= 1)
        #expect(text.metricValue("ehbridge_dead_lettered_records_total", labels: [#"reason="sls_rejected""#]) == deadLettered)
        #expect((text.metricValue("ehbridge_putlogs_retries_total") ?? 0) >= 2)
        #expect(text.metricValue("ehbridge_records_in_flight") == 0)
        #expect(text.metricValue("ehbridge_bytes_in_flight") == 0)
        #expect(text.metricValue("ehbridge_batches_in_flight") == 0)
        #expect(text.metricValue("ehbridge_paused_partitions") == 0)
        #expect(text.metricValue("ehbridge_kafka_commits_total", labels: [#"result="failure""#]) ?? 0 == 0)

        let summary = try await run.stop()
        #expect(Double(summary.deadLettered) == deadLettered)
        #expect(summary.delivered + summary.deadLettered == 20)
    }

    @Test func readinessFailsWhileSLSRejectsCredentials() async throws {
        let harness = try OperationsHarness()
        try harness.produce(count: 5)
        let service = BridgeService(configuration: harness.configuration(secret: "wrong-ops-secret-9911"), logger: .disabled,
                                    drainTimeoutMilliseconds: 500)
        let run = OperationsBackgroundRun(service)
        #expect(await waitUntil { service.operations.endpointPort != nil })
        let port = service.operations.endpointPort ?? 0

        #expect(await waitUntil { (try? httpGet(port: port, path: "/readyz").body)?.contains("SignatureNotMatch") == true })
        let ready = try httpGet(port: port, path: "/readyz")
        #expect(ready.status == 503)
        #expect(ready.body.hasPrefix("not ready\n"))
        #expect(ready.body.contains("- SLS error SignatureNotMatch needs an operator"))
        let text = try httpGet(port: port, path: "/metrics").body
        #expect(text.metricValue("ehbridge_operator_alerts", labels: [#"source="sls""#, #"code="SignatureNotMatch""#]) == 1)
        #expect((text.metricValue("ehbridge_putlogs_errors_total", labels: [#"code="SignatureNotMatch""#]) ?? 0) > 0)
        #expect(text.metricValue("ehbridge_ready") == 0)
        #expect(!ready.body.contains("wrong-ops-secret-9911"))
        #expect(!text.contains("wrong-ops-secret-9911"))
        _ = try await run.stop()
    }

    @Test func readinessFailsWhenRecordsWaitTooLong() async throws {
        let harness = try OperationsHarness(partitions: 1)
        try harness.produce(count: 3)
        harness.sls.injectFault(.internalServerError, times: 1_000)
        var metrics = OperationsHarness.testMetrics
        metrics.readiness.maxUndeliveredAgeMilliseconds = 300
        let service = BridgeService(configuration: harness.configuration(metrics: metrics), logger: .disabled,
                                    drainTimeoutMilliseconds: 500)
        let run = OperationsBackgroundRun(service)

        #expect(await waitUntil { service.operations.readiness().reasons.contains { $0.contains("not delivered yet") } })
        let report = service.operations.readiness()
        #expect(report.reasons.contains { $0.hasPrefix("the record at ops-hub[0] offset 0 was read") })
        #expect(report.reasons.contains { $0.hasSuffix("is not delivered yet (limit 300 ms)") })
        let text = service.operations.prometheusText()
        #expect((text.metricValue("ehbridge_oldest_undelivered_record_age_seconds") ?? 0) > 0.3)
        #expect((text.metricValue("ehbridge_putlogs_errors_total", labels: [#"code="InternalServerError""#]) ?? 0) > 0)
        #expect((text.metricValue("ehbridge_putlogs_retries_total") ?? 0) > 0)

        harness.sls.removeAllFaults()
        #expect(await waitUntil { service.operations.readiness().isReady })
        _ = try await run.stop()
    }

    @Test func explicitListenAddressInUseStopsStart() async throws {
        let harness = try OperationsHarness()
        let first = BridgeService(configuration: harness.configuration(group: "first"), logger: .disabled)
        let run = OperationsBackgroundRun(first)
        #expect(await waitUntil { first.operations.endpointPort != nil })
        let taken = first.operations.endpointPort ?? 0

        var metrics = OperationsHarness.testMetrics
        metrics.port = taken
        let second = BridgeService(configuration: harness.configuration(group: "second", instance: "ops-2", metrics: metrics),
                                   logger: .disabled)
        let failure: String? = try await offPool {
            do {
                _ = try second.run(limits: RunLimits(durationMilliseconds: 100))
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(failure?.contains("could not listen on 127.0.0.1:\(taken)") == true)
        #expect(failure?.contains("metrics.listen") == true)

        metrics.isListenAddressExplicit = false
        let sink = CapturingLogSink()
        let third = BridgeService(configuration: harness.configuration(group: "third", instance: "ops-3", metrics: metrics),
                                  logger: Logger(label: "test", sink: sink))
        _ = try await offPool { try third.run(limits: RunLimits(durationMilliseconds: 100)) }
        #expect(sink.lines.contains { $0.contains("operations endpoint not started") })
        _ = try await run.stop()
    }
}

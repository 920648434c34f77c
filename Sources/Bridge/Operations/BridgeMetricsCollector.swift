import Foundation

/// The families computed at scrape time from counters the pipeline, the meter and librdkafka already keep,
/// so that the hot path does not count anything twice.
extension BridgeOperations {
    func collectedFamilies() -> [MetricFamilySnapshot] {
        let mode = MetricLabel("mode", metrics.mode)
        var families: [MetricFamilySnapshot] = []
        if let run = liveRun {
            families += pipelineFamilies(run, mode: mode)
        }
        families += kafkaFamilies()
        families += readinessFamilies()
        if let estimates = costEstimates {
            families.append(MetricFamilySnapshot(
                name: "ehbridge_cost_estimate",
                help: "Running cost estimate per payer from the meter and the price file (an estimate, not a bill).",
                type: .gauge,
                samples: estimates.map { estimate in
                    .scalar(NSDecimalNumber(decimal: estimate.amount).doubleValue, labels: [
                        mode, MetricLabel("payer", estimate.payer), MetricLabel("currency", estimate.currency),
                    ])
                }
            ))
            families.append(MetricFamilySnapshot(
                name: "ehbridge_cost_estimate_complete",
                help: "1 when every line of the payer's ehbridge_cost_estimate has a known price, 0 when the estimate is a lower bound.",
                type: .gauge,
                samples: estimates.map { estimate in
                    .scalar(estimate.isComplete ? 1 : 0, labels: [
                        mode, MetricLabel("payer", estimate.payer), MetricLabel("currency", estimate.currency),
                    ])
                }
            ))
        }
        return families
    }

    private func pipelineFamilies(_ run: LiveRun, mode: MetricLabel) -> [MetricFamilySnapshot] {
        let partitions = run.pipeline.partitionCounters
        let delivery = run.pipeline.deliveryCounters
        let deadLetters = run.pipeline.deadLetterCountersSnapshot
        let normalization = run.pipeline.normalizationCounters

        var families = [
            MetricFamilySnapshot(
                name: "ehbridge_records_out_total",
                help: "Kafka records acknowledged, by outcome: delivered to the Logstore, dead_lettered, or empty (no log entry).",
                type: .counter,
                samples: [
                    .scalar(Double(partitions.reduce(0) { $0 + $1.delivered }), labels: [mode, MetricLabel("outcome", "delivered")]),
                    .scalar(Double(partitions.reduce(0) { $0 + $1.deadLettered }), labels: [mode, MetricLabel("outcome", "dead_lettered")]),
                    .scalar(Double(partitions.reduce(0) { $0 + $1.empty }), labels: [mode, MetricLabel("outcome", "empty")]),
                ]
            ),
            MetricFamilySnapshot(
                name: "ehbridge_records_in_flight", help: "Kafka records read and not yet acknowledged.", type: .gauge,
                samples: [.scalar(Double(partitions.reduce(0) { $0 + $1.inFlight }), labels: [mode])]
            ),
            MetricFamilySnapshot(
                name: "ehbridge_bytes_in_flight",
                help: "Bytes of Kafka record values read and not yet accepted or dead-lettered, plus a quarter of accepted batches waiting for the meter; flow control pauses above its high watermark.",
                type: .gauge, samples: [.scalar(Double(run.pipeline.bytesInFlight), labels: [mode])]
            ),
            MetricFamilySnapshot(
                name: "ehbridge_batches_in_flight",
                help: "Batches sealed and not yet decided: queued, sent, or waiting to retry.",
                type: .gauge, samples: [.scalar(Double(run.pipeline.batchesInFlight), labels: [mode])]
            ),
            MetricFamilySnapshot(
                name: "ehbridge_putlogs_retries_total", help: "PutLogs attempts scheduled again after a failure.",
                type: .counter, samples: [.scalar(Double(delivery.retries), labels: [mode])]
            ),
            MetricFamilySnapshot(
                name: "ehbridge_dead_lettered_records_total",
                help: "Kafka records written to the dead-letter store, by reason.", type: .counter,
                samples: deadLetters.writtenByReason.sorted { $0.key < $1.key }.map { reason, count in
                    .scalar(Double(count), labels: [mode, MetricLabel("reason", reason)])
                }
            ),
            MetricFamilySnapshot(
                name: "ehbridge_normalized_messages_total",
                help: "Kafka messages normalized, by outcome: parsed, empty, or parse_error (forwarded as one raw entry).",
                type: .counter,
                samples: [
                    .scalar(Double(normalization.parsedMessages), labels: [mode, MetricLabel("outcome", "parsed")]),
                    .scalar(Double(normalization.emptyMessages), labels: [mode, MetricLabel("outcome", "empty")]),
                    .scalar(Double(normalization.parseErrors), labels: [mode, MetricLabel("outcome", "parse_error")]),
                ]
            ),
            MetricFamilySnapshot(
                name: "ehbridge_normalized_records_total", help: "Azure log records found in the parsed messages.",
                type: .counter, samples: [.scalar(Double(normalization.records), labels: [mode])]
            ),
            MetricFamilySnapshot(
                name: "ehbridge_normalization_repairs_total",
                help: "Changes normalization made so that SLS accepts an entry, by kind.",
                type: .counter,
                samples: [
                    ("adjusted_time", normalization.adjustedTimes), ("truncated_value", normalization.truncatedValues),
                    ("rewritten_key", normalization.rewrittenKeys), ("repaired_encoding", normalization.repairedBytes),
                    ("sanitized", normalization.sanitizedUnits), ("inflated_gzip", normalization.inflatedMessages),
                ].map { kind, count in .scalar(Double(count), labels: [mode, MetricLabel("kind", kind)]) }
            ),
        ]

        if let meter = run.meter?.counters {
            families += [
                MetricFamilySnapshot(
                    name: "ehbridge_meter_rows_written_total", help: "Meter rows committed to the SQLite meter.",
                    type: .counter, samples: [.scalar(Double(meter.rowsWritten))]
                ),
                MetricFamilySnapshot(
                    name: "ehbridge_meter_rows_pending", help: "Meter rows queued or in an uncommitted transaction.",
                    type: .gauge, samples: [.scalar(Double(meter.rowsPending))]
                ),
                MetricFamilySnapshot(
                    name: "ehbridge_meter_rows_dropped_total",
                    help: "Meter rows that could not be written; billing evidence is incomplete when this is above 0.",
                    type: .counter, samples: [.scalar(Double(meter.rowsDropped))]
                ),
                MetricFamilySnapshot(
                    name: "ehbridge_meter_write_failures_total", help: "Failed meter commit attempts (each is retried).",
                    type: .counter, samples: [.scalar(Double(meter.failures))]
                ),
            ]
        }
        return families
    }

    private func kafkaFamilies() -> [MetricFamilySnapshot] {
        guard let statistics = latestStatistics else { return [] }
        var families = [
            MetricFamilySnapshot(
                name: "ehbridge_kafka_consumer_lag",
                help: "Records between the committed offset and the end of each assigned partition (librdkafka statistics).",
                type: .gauge,
                samples: statistics.lags.map { lag in
                    .scalar(Double(lag.lag), labels: [MetricLabel("topic", lag.topic), MetricLabel("partition", String(lag.partition))])
                }
            ),
            MetricFamilySnapshot(
                name: "ehbridge_kafka_throttle_avg_seconds",
                help: "Average time a broker delayed its responses to enforce a quota over the last statistics interval; Event Hubs throttles consumers this way.",
                type: .gauge,
                samples: statistics.throttles.map { .scalar($0.averageMilliseconds / 1000, labels: [MetricLabel("broker", $0.broker)]) }
            ),
            MetricFamilySnapshot(
                name: "ehbridge_kafka_throttle_max_seconds",
                help: "Maximum throttle delay of a broker over the last statistics interval.",
                type: .gauge,
                samples: statistics.throttles.map { .scalar($0.maximumMilliseconds / 1000, labels: [MetricLabel("broker", $0.broker)]) }
            ),
        ]
        if let assigned = statistics.assignedPartitions {
            families.append(MetricFamilySnapshot(
                name: "ehbridge_kafka_assigned_partitions", help: "Partitions the consumer group assigned to this instance.",
                type: .gauge, samples: [.scalar(Double(assigned))]
            ))
        }
        if let rebalances = statistics.rebalances {
            families.append(MetricFamilySnapshot(
                name: "ehbridge_kafka_rebalances_total", help: "Consumer group rebalances this instance took part in.",
                type: .counter, samples: [.scalar(Double(rebalances))]
            ))
        }
        return families
    }

    private func readinessFamilies() -> [MetricFamilySnapshot] {
        let now = clock()
        var families: [MetricFamilySnapshot] = []
        let oldest = undelivered.oldest(nowNanoseconds: now)
        families.append(MetricFamilySnapshot(
            name: "ehbridge_oldest_undelivered_record_age_seconds",
            help: "Seconds since the bridge read the oldest record not yet acknowledged; 0 when none is pending.",
            type: .gauge, samples: [.scalar(Double(oldest?.ageNanoseconds ?? 0) / 1_000_000_000)]
        ))
        if let polled = lastPollNanoseconds {
            families.append(MetricFamilySnapshot(
                name: "ehbridge_last_poll_age_seconds", help: "Seconds since the consumer was last polled.",
                type: .gauge, samples: [.scalar(Double(now - min(polled, now)) / 1_000_000_000)]
            ))
        }
        families.append(MetricFamilySnapshot(
            name: "ehbridge_ready", help: "1 when /readyz reports ready, else 0.",
            type: .gauge, samples: [.scalar(readiness().isReady ? 1 : 0)]
        ))
        families.append(MetricFamilySnapshot(
            name: "ehbridge_operator_alerts",
            help: "1 for each active error that needs an operator (credentials, missing project or Logstore, TLS), by source and code.",
            type: .gauge,
            samples: alerts.active(nowNanoseconds: now).map { alert in
                .scalar(1, labels: [MetricLabel("source", alert.source.rawValue), MetricLabel("code", alert.code)])
            }
        ))
        return families
    }
}

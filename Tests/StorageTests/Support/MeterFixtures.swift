import Storage

/// Builders of meter rows with distinct, easily summed values.
enum MeterFixtures {
    /// 2026-03-01T00:00:00Z in milliseconds since the Unix epoch.
    static let march1: Int64 = 1_772_323_200_000
    static let millisecondsPerDay: Int64 = 86_400_000

    static func record(
        at recordedAt: Int64 = march1 + 3_600_000,
        instance: String = "bridge-a",
        mode: MeterMode = .userLogService,
        delivery: MeterDelivery = .sent,
        topic: String = "insights-logs-auditevent",
        partition: Int32 = 0,
        offsets: ClosedRange<Int64> = 0...9,
        rawBytes: Int64 = 1_000
    ) -> MeterRecord {
        MeterRecord(
            recordedAtMilliseconds: recordedAt, instanceID: instance, mode: mode, delivery: delivery,
            project: "ctdr-prod", logstore: "azure-audit", kafkaTopic: topic, kafkaPartition: partition,
            firstOffset: offsets.lowerBound, lastOffset: offsets.upperBound, recordCount: offsets.count,
            entryCount: offsets.count * 2, rawBytes: rawBytes, normalizedBytes: rawBytes / 2,
            compressedBytes: rawBytes / 10, compression: "lz4", requestCount: 1
        )
    }
}

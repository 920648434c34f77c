import Foundation
import Storage

/// Turns daily traffic into the daily values of every ``UsageMeter``.
///
/// Where the meter has no measurement, the calculator uses the settings: internet read bytes, Event Hubs units
/// held (all day, every day) and whether Azure bills egress. When a day has no Kafka fetch sample, its egress
/// counts the raw Kafka bytes. That is a lower bound without the protocol framing, and callers warn about it.
public enum UsageCalculator {
    /// One measured day of one scenario.
    public struct ObservedDay: Sendable, Equatable {
        public var day: MeterDay
        public var volume: DailyVolume
        /// The highest active shard count recorded that day.
        public var activeShards: Int

        public init(day: MeterDay, volume: DailyVolume, activeShards: Int) {
            self.day = day
            self.volume = volume
            self.activeShards = activeShards
        }
    }

    /// The label of the month of a projection.
    public static let projectedMonthLabel = "projected month"

    /// Returns ``CostSettings/daysPerMonth`` identical days of steady-state usage: `daily` traffic every day, and
    /// storage holding every day's writes for the whole retention period.
    public static func projectedMonth(
        daily: DailyVolume, logstore: LogstoreAssumptions, settings: CostSettings
    ) -> [UsageDay] {
        let storage = StorageLedger.steadyState(dailyBytes: daily.storedBytes, policy: logstore.policy)
        let ctdrPolicy = StoragePolicy(retentionDays: logstore.policy.retentionDays)
        let ctdrBytes = ingestionBytes(daily, settings: settings)
        let ctdrStored = StorageLedger.steadyState(dailyBytes: ctdrBytes, policy: ctdrPolicy)
            .reduce(Decimal(0)) { $0 + $1.bytes }
        let values = meterValues(daily, activeShards: logstore.activeShards, ctdrStored: ctdrStored, settings: settings)

        return (1...max(1, settings.daysPerMonth)).map { index in
            UsageDay(label: "day \(index)", month: projectedMonthLabel, values: values, storage: storage)
        }
    }

    /// Returns the usage of each day in `days`. Storage on a day contains the writes of that day and of the days
    /// before it, in `days` or in `earlierWrites`, that the policy still retains. `earlierWrites` only add to
    /// storage: they are days before the report's range and get no usage of their own.
    ///
    /// CTDR's Log Ingestion Traffic is a quota bought by subscription, which cannot shrink on quiet days, so every
    /// day of a month gets the quota of that month's busiest day.
    public static func observedDays(
        _ days: [ObservedDay], earlierWrites: [ObservedDay] = [], policy: StoragePolicy, settings: CostSettings
    ) -> [UsageDay] {
        var storedAdditions: [Int64: Decimal] = [:]
        var ingestionAdditions: [Int64: Decimal] = [:]
        for day in days + earlierWrites {
            storedAdditions[day.day.daysSinceEpoch, default: 0] += day.volume.storedBytes
            ingestionAdditions[day.day.daysSinceEpoch, default: 0] += ingestionBytes(day.volume, settings: settings)
        }
        let ctdrPolicy = StoragePolicy(retentionDays: policy.retentionDays)

        var usage = days.sorted { $0.day < $1.day }.map { day in
            let number = day.day.daysSinceEpoch
            let storage = StorageLedger.slices(on: number, additions: storedAdditions, policy: policy)
            let ctdrStored = StorageLedger.slices(on: number, additions: ingestionAdditions, policy: ctdrPolicy)
                .reduce(Decimal(0)) { $0 + $1.bytes }
            let label = day.day.description
            return UsageDay(
                label: label, month: String(label.prefix(7)),
                values: meterValues(day.volume, activeShards: day.activeShards, ctdrStored: ctdrStored,
                                    settings: settings),
                storage: storage
            )
        }
        var monthQuota: [String: Decimal] = [:]
        for day in usage {
            monthQuota[day.month] = max(monthQuota[day.month] ?? 0, day.values[.ctdrIngestionQuota] ?? 0)
        }
        for index in usage.indices {
            usage[index].values[.ctdrIngestionQuota] = monthQuota[usage[index].month]
        }
        return usage
    }

    /// Returns the bytes CTDR's Log Ingestion Traffic counts under `settings`.
    public static func ingestionBytes(_ volume: DailyVolume, settings: CostSettings) -> Decimal {
        switch settings.ctdrIngestionBasis {
        case .raw: volume.rawBytes
        case .normalized: volume.normalizedBytes
        }
    }

    private static func meterValues(
        _ volume: DailyVolume, activeShards: Int, ctdrStored: Decimal, settings: CostSettings
    ) -> [UsageMeter: Decimal] {
        let egress = settings.azureEgressBilled ? (volume.kafkaFetchBytes ?? volume.rawBytes) : 0
        return [
            .rawBytes: volume.rawBytes,
            .normalizedBytes: volume.normalizedBytes,
            .compressedBytes: volume.compressedBytes,
            .indexedBytes: volume.indexedBytes,
            .ctdrIngestionQuota: ingestionBytes(volume, settings: settings),
            .ctdrStoredByteDays: ctdrStored,
            .requests: volume.requests,
            .shardDays: Decimal(activeShards),
            .internetReadBytes: Decimal(settings.internetReadBytesPerDay),
            .kafkaFetchBytes: egress,
            .eventHubsEvents: volume.billableEvents,
            .eventHubsUnitHours: Decimal(settings.eventHubsUnits * 24),
        ]
    }
}

import Foundation
import Storage

/// Everything a cost estimate reads from meter files, for one time range.
public struct MeterUsage: Sendable, Equatable {
    /// The files read, without duplicates.
    public var files: [String]
    public var range: MeterTimeRange
    public var totals: [MeterTotals]
    public var daily: [MeterDailyTotals]
    public var storage: [MeterDailyStorage]
    public var fetches: [MeterDailyFetch]
    /// The Kafka records the dry-run rows count more than once, at least (see
    /// ``MeterReader/repeatedDryRunRecordCount(in:)``).
    public var repeatedDryRunRecords: Int64
    /// The same count with the rows of different instances compared too, at least ``repeatedDryRunRecords``. More
    /// than that means dry runs of different instances read overlapping offsets of hubs with the same names.
    public var repeatedDryRunRecordsAcrossInstances: Int64
    /// The Kafka records the sent rows count more than once, at least: read again after a crash or a rebalance
    /// (see ``MeterReader/repeatedSentRecordCount(in:)``).
    public var repeatedSentRecords: Int64
    /// Daily totals of the rows before the range's start, empty when the range has no start. Their writes may
    /// still be stored during the range.
    public var earlierDaily: [MeterDailyTotals]
    /// Daily totals of the rows at or after the range's end, empty when the range has no end. They tell whether
    /// the bridge still wrote after the range.
    public var laterDaily: [MeterDailyTotals]

    public init(
        files: [String], range: MeterTimeRange, totals: [MeterTotals], daily: [MeterDailyTotals],
        storage: [MeterDailyStorage], fetches: [MeterDailyFetch], repeatedDryRunRecords: Int64 = 0,
        repeatedDryRunRecordsAcrossInstances: Int64 = 0, repeatedSentRecords: Int64 = 0,
        earlierDaily: [MeterDailyTotals] = [], laterDaily: [MeterDailyTotals] = []
    ) {
        self.files = files
        self.range = range
        self.totals = totals
        self.daily = daily
        self.earlierDaily = earlierDaily
        self.laterDaily = laterDaily
        self.storage = storage
        self.fetches = fetches
        self.repeatedDryRunRecords = repeatedDryRunRecords
        self.repeatedDryRunRecordsAcrossInstances = max(repeatedDryRunRecords, repeatedDryRunRecordsAcrossInstances)
        self.repeatedSentRecords = repeatedSentRecords
    }

    /// Reads the meter files at `paths` (merged, as one file per bridge instance) for `range`.
    ///
    /// Blocks on SQLite, so call it from a command-line tool or a dedicated thread.
    /// - Throws: ``StorageError`` when a file cannot be opened or read, or has no meter.
    public static func load(paths: [String], range: MeterTimeRange = .all) throws(StorageError) -> MeterUsage {
        let reader = try MeterReader(paths: paths)
        defer { reader.close() }
        var earlierDaily: [MeterDailyTotals] = []
        if let start = range.startMilliseconds {
            earlierDaily = try reader.dailyTotals(in: MeterTimeRange(endMilliseconds: start))
        }
        var laterDaily: [MeterDailyTotals] = []
        if let end = range.endMilliseconds {
            laterDaily = try reader.dailyTotals(in: MeterTimeRange(startMilliseconds: end))
        }
        return MeterUsage(
            files: reader.paths, range: range, totals: try reader.totals(in: range),
            daily: try reader.dailyTotals(in: range), storage: try reader.dailyStorage(in: range),
            fetches: try reader.dailyKafkaFetch(in: range),
            repeatedDryRunRecords: try reader.repeatedDryRunRecordCount(in: range),
            repeatedDryRunRecordsAcrossInstances: try reader.repeatedDryRunRecordCount(in: range, acrossInstances: true),
            repeatedSentRecords: try reader.repeatedSentRecordCount(in: range), earlierDaily: earlierDaily,
            laterDaily: laterDaily
        )
    }

    /// Returns the usage of `delivery` only, such as the dry-run rows of a file that also contains sent rows.
    public func filtered(delivery: MeterDelivery) -> MeterUsage {
        MeterUsage(
            files: files, range: range, totals: totals.filter { $0.delivery == delivery },
            daily: daily.filter { $0.delivery == delivery }, storage: storage.filter { $0.delivery == delivery },
            fetches: fetches.filter { $0.delivery == delivery },
            repeatedDryRunRecords: delivery == .dryRun ? repeatedDryRunRecords : 0,
            repeatedDryRunRecordsAcrossInstances: delivery == .dryRun ? repeatedDryRunRecordsAcrossInstances : 0,
            repeatedSentRecords: delivery == .sent ? repeatedSentRecords : 0,
            earlierDaily: earlierDaily.filter { $0.delivery == delivery },
            laterDaily: laterDaily.filter { $0.delivery == delivery }
        )
    }

    /// The earliest and latest row times over all modes and deliveries, or nil without rows.
    public var recordedSpan: (first: Int64, last: Int64)? {
        let firsts = totals.compactMap(\.amounts.firstRecordedAtMilliseconds)
        let lasts = totals.compactMap(\.amounts.lastRecordedAtMilliseconds)
        guard let first = firsts.min(), let last = lasts.max() else { return nil }
        return (first, last)
    }
}

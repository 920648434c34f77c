import Foundation
import Storage

/// Builds a ``CostEstimate`` from meter files or from assumptions, with one price book and one set of settings.
public struct CostEstimateBuilder: Sendable {
    public let book: PriceBook
    public let settings: CostSettings
    private let estimator: CostEstimator

    /// The observation window assumed when all rows were written at one time, in milliseconds.
    public static let minimumWindowMilliseconds: Int64 = 60_000
    private static let millisecondsPerDay: Decimal = 86_400_000

    /// - Throws: ``PriceFileError`` when the book lacks a price file that the settings select.
    public init(book: PriceBook, settings: CostSettings) throws(PriceFileError) {
        self.book = book
        self.settings = settings
        self.estimator = try CostEstimator(book: book, settings: settings)
    }

    // MARK: From assumptions

    /// Estimates both modes for assumed traffic.
    public func estimate(assumed traffic: AssumedTraffic) -> CostEstimate {
        var notes = CostNotes()
        for line in traffic.summary { notes.assume(line) }
        addSettingAssumptions(to: &notes)
        let problems = traffic.logstore.policy.problems()
        for problem in problems { notes.warn("The storage policy breaks SLS's rules: \(problem)") }

        let modes: [MeterMode] = [.dedicatedChannel, .userLogService]
        let scenarios = modes.map { mode in
            projectedScenario(mode: mode, delivery: nil, daily: traffic.dailyVolume, logstore: traffic.logstore,
                              observedDays: [], notes: &notes)
        }
        return CostEstimate(
            origin: .assumptions, settings: settings, priceDirectory: book.directory, scenarios: scenarios,
            notes: notes, sources: estimator.sources(modes: modes)
        )
    }

    // MARK: From the meter

    /// Estimates every mode and delivery found in `usage`.
    ///
    /// Daily rates divide each scenario's totals by its own observation window (see
    /// ``observationWindow(of:in:override:)``): `windowMilliseconds` when given (a dry run's duration), otherwise
    /// the range's bounds where set and the scenario's rows elsewhere, or, for the bytes of rows with record times,
    /// the longer time over which their Kafka records were written. With `scaledRawBytesPerDay`, each scenario's
    /// measured mix is instead scaled so that its raw Kafka bytes come to that many per day. Scenarios whose rows
    /// record no Logstore profile use `fallbackLogstore`.
    public func estimate(
        meter usage: MeterUsage, fallbackLogstore: LogstoreAssumptions, windowMilliseconds: Int64? = nil,
        scaledRawBytesPerDay: Decimal? = nil
    ) -> CostEstimate {
        var notes = CostNotes()
        addSettingAssumptions(to: &notes)
        notes.assume("Event Hubs events count the records of accepted requests. Records that gave no log entry (an "
            + "empty envelope) and records kept in the dead-letter store have no meter row, though Event Hubs billed "
            + "their ingress, so the events line is low by their number (the run's summary counts them).")
        notes.assume("Measured months of sent rows bill every day from the first to the last day with rows in the "
            + "meter files, days without rows included, and their storage holds the writes still retained, those "
            + "before the report's range included. Measured months of dry runs bill only the days with rows and the "
            + "storage of those rows. "
            + "CTDR's Log Ingestion Traffic quota of a measured month is its busiest day's volume, for every day of "
            + "the month, since a subscription quota cannot shrink on quieter days.")

        if usage.repeatedDryRunRecords > 0 {
            notes.warn("The dry-run rows count at least \(usage.repeatedDryRunRecords) Kafka records more than once. "
                + "Each dry run reads the hub again from its start position, so the rows of several dry runs repeat "
                + "records and the projection is too high. Compare the figures each dry run printed, or give each "
                + "dry run a meter.path of its own and report each file alone.")
        } else if usage.repeatedDryRunRecordsAcrossInstances > 0 {
            notes.warn("Dry-run rows of different instances cover the same offsets of hubs with the same names, at "
                + "least \(usage.repeatedDryRunRecordsAcrossInstances) Kafka records. If those instances read the same "
                + "namespace, these records are counted more than once and the projection is too high: report each "
                + "file alone. Hubs of the same name in different namespaces also look like this.")
        }
        if usage.repeatedSentRecords > 0 {
            notes.warn("The sent rows count at least \(usage.repeatedSentRecords) Kafka records more than once: records "
                + "read again after a crash or a rebalance, before their offsets were committed. SLS and the Azure "
                + "egress bill them again, but Event Hubs bills each event's ingress once, so the Event Hubs events "
                + "are too high by at least as many records.")
        }
        let windows = usage.totals.map { observationWindow(of: $0, in: usage, override: windowMilliseconds) }
        // The report's header shows the maximum window, and the notes give each scenario's own.
        let window = windows.map(\.milliseconds).max() ?? Self.minimumWindowMilliseconds
        if let scaledRawBytesPerDay {
            notes.assume("The measured traffic mix is scaled to "
                + "\(DecimalText.plain(scaledRawBytesPerDay / 1_073_741_824, maxPlaces: 3)) GB of raw Kafka bytes per day "
                + "(1 GB = 1024³ bytes); the ratios between raw, normalized, compressed and indexed bytes, requests "
                + "and fetch bytes are the measured ones.")
        } else {
            addUncoveredRangeWarning(usage, to: &notes)
            let shared = Set(windows.map(\.milliseconds)).count <= 1
            for (total, scenarioWindow) in zip(usage.totals, windows) {
                if !shared || total == usage.totals.first {
                    addWindowNotes(scenarioWindow, scenario: shared ? nil : "\(total.mode.rawValue) (\(total.delivery.rawValue))",
                                   to: &notes)
                }
            }
        }

        var scenarios: [CostEstimate.Scenario] = []
        for (total, scenarioWindow) in zip(usage.totals, windows) {
            var scale = Self.millisecondsPerDay / Decimal(scenarioWindow.milliseconds)
            if let scaledRawBytesPerDay, total.amounts.rawBytes > 0 {
                scale = scaledRawBytesPerDay / Decimal(total.amounts.rawBytes)
            }
            let share = fetchShare(of: total, in: usage)
            let fetched = usage.fetches.filter { $0.delivery == total.delivery }
            let fetchedBytes: Int64? = fetched.isEmpty ? nil : fetched.reduce(0) { $0 + $1.fetchedBytes }
            if fetchedBytes == nil, settings.azureEgressBilled {
                notes.warn("No Kafka statistics sample covers \(total.mode.rawValue) (\(total.delivery.rawValue)), "
                    + "so its Azure egress counts the raw Kafka bytes, a lower bound without the protocol framing.")
            }
            if total.amounts.rowsBeforeMeterV2 > 0 {
                notes.warn("\(total.amounts.rowsBeforeMeterV2) meter rows of \(total.mode.rawValue) "
                    + "(\(total.delivery.rawValue)) were written before ehbridge metered index and storage bytes; "
                    + "they count no indexed bytes and only their compressed bytes as stored, so those figures are lower bounds.")
            }

            var daily = DailyVolume(amounts: total.amounts, fetchedBytes: nil).scaled(by: scale)
            daily.kafkaFetchBytes = fetchedBytes.map { Decimal($0) * share * scale }
            if let fetched = daily.kafkaFetchBytes, fetched < daily.rawBytes {
                // The brokers sent at least the record values, so samples below them missed fetches (the last
                // interval of a short run is never sampled).
                notes.warn("The Kafka statistics samples of \(total.mode.rawValue) (\(total.delivery.rawValue)) count "
                    + "fewer bytes than the records received, so they missed fetches; Azure egress counts the raw "
                    + "Kafka bytes instead, a lower bound.")
                daily.kafkaFetchBytes = daily.rawBytes
            }
            let logstore = logstoreAssumptions(for: total, usage: usage, fallback: fallbackLogstore, notes: &notes)
            let earlierWrites = earlierWrites(for: total, usage: usage, policy: logstore.policy)
            let observedDays = observedDays(for: total, usage: usage, share: share, fallbackShards: logstore.activeShards)
            // The measured average, not the scaled one: the busiest day is compared with the days it came from.
            let measuredDaily = DailyVolume(amounts: total.amounts, fetchedBytes: nil)
                .scaled(by: Self.millisecondsPerDay / Decimal(scenarioWindow.milliseconds))
            addPeakDayWarning(total, observedDays: observedDays, measuredDaily: measuredDaily, to: &notes)
            var scenario = projectedScenario(
                mode: total.mode, delivery: total.delivery, daily: daily, logstore: logstore,
                observedDays: observedDays, earlierWrites: earlierWrites, notes: &notes
            )
            scenario.windowMilliseconds = scaledRawBytesPerDay == nil ? scenarioWindow.milliseconds : nil
            scenario.measured = total.amounts
            scenarios.append(scenario)
        }

        return CostEstimate(
            origin: .meter(files: usage.files, range: usage.range, windowMilliseconds: window), settings: settings,
            priceDirectory: book.directory, scenarios: scenarios, notes: notes,
            sources: estimator.sources(modes: Array(Set(usage.totals.map(\.mode))).sorted())
        )
    }

    /// The time that one scenario's totals accumulated over.
    struct ObservationWindow: Equatable {
        var milliseconds: Int64
        /// The source of the window's length, for the notes.
        var basis: Basis

        enum Basis: Equatable {
            /// The duration the caller measured, such as a dry run's.
            case measured
            /// The bounds of the report's range, completed by the first or last row where a bound is open.
            case range
            /// The scenario's first and last rows, extended by one average interval between rows.
            case rows
            /// The first and last rows of every scenario with the same delivery, because the scenario's own rows were
            /// all written at one time.
            case sharedRows
            /// Every row of the delivery was written at one time, so the window is unknown and taken as the minimum.
            case minimum
            /// The rows span less than the minimum (`milliseconds`), too short for a daily rate, so the window is
            /// taken as the minimum.
            case shortRows(milliseconds: Int64)
            /// The time over which the rows' Kafka records were written to the hub, when that is longer than the
            /// other window (measured, range or rows), as when a backlog is read.
            case recordTimes
            /// A combined window: the rows with record times at ``recordTimes``, the others at the other window.
            case partlyRecordTimes
        }
    }

    /// Returns the observation window of `total`, one of the totals of `usage`.
    ///
    /// Each scenario gets its own window, because a dry run and a later real run, or meter files of different
    /// days, share a report but not a period. A row is written when the Logstore accepts its batch, after the
    /// batch's traffic arrived, so the first row's traffic began about one row interval before it. With n rows over
    /// a span, the window therefore starts span / (n - 1) before the first row. Measuring from the first row would
    /// overstate the daily rate, by 1/23 for 24 hourly rows. A scenario whose rows were all written at one time
    /// takes the span of its delivery's rows as it is, or else the minimum.
    func observationWindow(of total: MeterTotals, in usage: MeterUsage, override: Int64?) -> ObservationWindow {
        // A backlog read in minutes was traffic of the hours it was written over. Only the bytes with record times
        // take that window. The rest keep the measured or the rows' window, so the two rates add up.
        let window = override.map { ObservationWindow(milliseconds: max($0, 1), basis: .measured) }
            ?? rowWindow(of: total, in: usage)
        let rawBytes = total.amounts.rawBytes
        let timedBytes = min(total.recordTimedRawBytes, rawBytes)
        guard let recordWindow = total.recordTimeWindowMilliseconds, recordWindow > window.milliseconds,
              timedBytes > 0 else {
            return window
        }
        if timedBytes == rawBytes {
            return ObservationWindow(milliseconds: recordWindow, basis: .recordTimes)
        }
        let bytesPerMillisecond = Double(timedBytes) / Double(recordWindow)
            + Double(rawBytes - timedBytes) / Double(window.milliseconds)
        return ObservationWindow(milliseconds: Int64((Double(rawBytes) / bytesPerMillisecond).rounded()),
                                 basis: .partlyRecordTimes)
    }

    /// Returns the window of `total` from the report's range and the times its rows were written, at least the
    /// minimum when the rows alone give it.
    private func rowWindow(of total: MeterTotals, in usage: MeterUsage) -> ObservationWindow {
        let window = spanWindow(of: total, in: usage)
        guard window.basis == .rows || window.basis == .sharedRows,
              window.milliseconds < Self.minimumWindowMilliseconds else { return window }
        return ObservationWindow(milliseconds: Self.minimumWindowMilliseconds,
                                 basis: .shortRows(milliseconds: window.milliseconds))
    }

    /// Returns the window of `total` from the report's range and the times its rows were written.
    private func spanWindow(of total: MeterTotals, in usage: MeterUsage) -> ObservationWindow {
        let range = usage.range
        let isRange = range.startMilliseconds != nil || range.endMilliseconds != nil
        let amounts = total.amounts
        if let first = amounts.firstRecordedAtMilliseconds, let last = amounts.lastRecordedAtMilliseconds,
           last > first, amounts.requests >= 2 {
            let start = range.startMilliseconds ?? first - (last - first) / (amounts.requests - 1)
            let end = range.endMilliseconds ?? last
            return ObservationWindow(milliseconds: max(end - start, 1), basis: isRange ? .range : .rows)
        }

        // Other deliveries are other periods (a dry run before a real run), so only the same delivery's rows count.
        let sameDelivery = usage.totals.filter { $0.delivery == total.delivery }
        let start = range.startMilliseconds ?? sameDelivery.compactMap(\.amounts.firstRecordedAtMilliseconds).min()
        let end = range.endMilliseconds ?? sameDelivery.compactMap(\.amounts.lastRecordedAtMilliseconds).max()
        if let start, let end, end > start {
            return ObservationWindow(milliseconds: end - start, basis: isRange ? .range : .sharedRows)
        }
        return ObservationWindow(milliseconds: Self.minimumWindowMilliseconds, basis: .minimum)
    }

    /// Returns `value` with one decimal and `unit`, plural unless the value reads 1, such as `2.5 seconds`.
    /// Adds the notes on an observation window: its length and basis, and a warning when it is short. `scenario`
    /// names the scenario when the scenarios have different windows.
    /// Warns when the report's `--from`/`--to` range reaches more than an hour beyond the meter's rows: those hours
    /// count as hours without traffic, which is right only if the bridge ran and read nothing then.
    private func addUncoveredRangeWarning(_ usage: MeterUsage, to notes: inout CostNotes) {
        guard let span = usage.recordedSpan else { return }
        let before = max(0, usage.range.startMilliseconds.map { span.first - $0 } ?? 0)
        let after = max(0, usage.range.endMilliseconds.map { $0 - span.last } ?? 0)
        guard before + after > 3_600_000 else { return }

        func hours(_ milliseconds: Int64) -> String { DecimalText.plain(Decimal(milliseconds) / 3_600_000, maxPlaces: 1) }
        notes.warn("The report's range reaches \(hours(before + after)) hours beyond the meter rows (\(hours(before)) before "
            + "the first, \(hours(after)) after the last, which may lie in the future). Those hours count as hours "
            + "without traffic, so if the bridge did not run then, the projection is too low: narrow --from and --to "
            + "to the days it ran.")
    }

    private func addWindowNotes(_ window: ObservationWindow, scenario: String?, to notes: inout CostNotes) {
        let subject = scenario.map { "of \($0) " } ?? ""
        let length = WindowText.length(milliseconds: window.milliseconds)
        switch window.basis {
        case .minimum:
            notes.warn("The meter rows \(subject)were all written at one time, so their window cannot be measured; "
                + "the projection takes it as one minute, which is only a guess.")
        case .shortRows(let milliseconds):
            notes.warn("The meter rows \(subject)span only \(WindowText.length(milliseconds: milliseconds)), too "
                + "short for a daily rate, so the projection takes them as one minute of traffic, which is only a "
                + "guess. Meter a longer run, or use the figures a dry run printed for its own duration.")
        case .measured, .range, .rows, .sharedRows, .recordTimes, .partlyRecordTimes:
            if window.milliseconds < 3_600_000 {
                let covered = switch window.basis {
                case .recordTimes: "The metered records \(subject)were written over \(length)"
                case .partlyRecordTimes: "The combined window \(subject)is \(length)"
                default: "The meter \(subject)covers \(length)"
                }
                notes.warn(covered + "; the projection extrapolates it to full days, so short bursts and quiet "
                    + "hours distort it.")
            }
        }
        let basis = switch window.basis {
        case .measured: "the measured duration"
        case .range: "the report's date range"
        case .rows: "the first to the last meter row, extended by one average interval between rows"
        case .sharedRows: "the first to the last meter row of the delivery, because this scenario's rows share one time"
        case .minimum: "the one-minute minimum"
        case .shortRows: "the one-minute minimum, which the rows' span falls short of"
        case .recordTimes: "the time over which the metered Kafka records were written to the hub, which is longer "
            + "than the measured, range or row window"
        case .partlyRecordTimes: "a combined window: rows with record times at the time their Kafka records were "
            + "written over, older rows and replayed dead letters at the measured, range or row window"
        }
        notes.assume("Daily rates \(subject)divide the metered totals by an observation window of \(length) "
            + "(\(basis)).")
    }

    /// Returns the part of a delivery's fetched bytes that belongs to `total`. A dry run meters the same records
    /// once per mode, so each mode fetched all of them. Sent rows of several modes come from different instances,
    /// whose fetches are split by their raw bytes.
    private func fetchShare(of total: MeterTotals, in usage: MeterUsage) -> Decimal {
        guard total.delivery != .dryRun else { return 1 }
        let deliveryRaw = usage.totals.filter { $0.delivery == total.delivery }.reduce(Int64(0)) { $0 + $1.amounts.rawBytes }
        guard deliveryRaw > 0 else { return 1 }
        return Decimal(total.amounts.rawBytes) / Decimal(deliveryRaw)
    }

    private func logstoreAssumptions(
        for total: MeterTotals, usage: MeterUsage, fallback: LogstoreAssumptions, notes: inout CostNotes
    ) -> LogstoreAssumptions {
        let rows = usage.storage.filter { $0.mode == total.mode && $0.delivery == total.delivery }
        let profiled = rows.filter { $0.profile != nil }
        guard let lastDay = profiled.map(\.day).max() else {
            notes.warn("The meter rows of \(total.mode.rawValue) (\(total.delivery.rawValue)) record no Logstore "
                + "settings, so storage uses \(fallback.policy.summary) and \(fallback.activeShards) shards.")
            return fallback
        }

        let latest = profiled.filter { $0.day == lastDay }
        let policy = StoragePolicy(profile: latest.last!.profile!)
        let policies = Set(profiled.compactMap { $0.profile.map(StoragePolicy.init(profile:)) })
        if policies.count > 1 {
            notes.warn("The meter rows of \(total.mode.rawValue) (\(total.delivery.rawValue)) record "
                + "\(policies.count) storage policies; the estimate uses the latest, \(policy.summary).")
        }
        for problem in policy.problems() {
            notes.warn("The storage policy of \(total.mode.rawValue) breaks SLS's rules: \(problem)")
        }
        let shards = latest.reduce(0) { $0 + ($1.profile?.activeShards ?? 0) }
        return LogstoreAssumptions(policy: policy, activeShards: shards)
    }

    /// Warns when the busiest measured day ingested more than 10 % above the measured average day: the projection
    /// sizes CTDR's subscription quota from the average, which such a day would exceed.
    private func addPeakDayWarning(
        _ total: MeterTotals, observedDays: [UsageCalculator.ObservedDay], measuredDaily: DailyVolume,
        to notes: inout CostNotes
    ) {
        guard observedDays.count > 1 else { return }
        let average = UsageCalculator.ingestionBytes(measuredDaily, settings: settings)
        guard let busiest = observedDays.max(by: {
            UsageCalculator.ingestionBytes($0.volume, settings: settings)
                < UsageCalculator.ingestionBytes($1.volume, settings: settings)
        }) else { return }
        let peak = UsageCalculator.ingestionBytes(busiest.volume, settings: settings)
        guard peak * 10 > average * 11 else { return }
        let gigabytes = { (bytes: Decimal) in DecimalText.plain(bytes / 1_073_741_824, maxPlaces: 3) }
        notes.warn("The busiest measured day of \(total.mode.rawValue) (\(total.delivery.rawValue)), \(busiest.day), "
            + "ingested \(gigabytes(peak)) GB against a measured average of \(gigabytes(average)) GB a day "
            + "(1 GB = 1024³ bytes). A CTDR Log Ingestion Traffic subscription must cover the busiest day, but the "
            + "projection sizes it from the average day, so its CTDR ingestion line is too low; the measured months "
            + "price each month at its busiest day.")
    }

    /// Returns the days before the report's range whose sent writes the policy still bills on the range's first
    /// day. CTDR's storage keeps them for the retention alone, which is never longer. Dry runs get none: their days
    /// are samples, and the traffic between them was not metered.
    private func earlierWrites(
        for total: MeterTotals, usage: MeterUsage, policy: StoragePolicy
    ) -> [UsageCalculator.ObservedDay] {
        guard total.delivery == .sent, let start = usage.range.startMilliseconds else { return [] }
        let firstDay = MeterDay(containing: start).daysSinceEpoch
        return usage.earlierDaily.filter {
            $0.mode == total.mode && $0.delivery == total.delivery
                && firstDay - $0.day.daysSinceEpoch < Int64(policy.billedDays)
        }.map { day in
            UsageCalculator.ObservedDay(day: day.day, volume: DailyVolume(amounts: day.amounts, fetchedBytes: nil),
                                        activeShards: 0)
        }
    }

    /// Returns the measured days of `total`'s scenario. For sent rows, days without rows between the first day
    /// with rows in the meter files and the last are added with no traffic. On those days the Logstore still
    /// stores its data and keeps its shards, and the Event Hubs namespace keeps its units. Within a report's range, the added days reach back to
    /// the range's first day when rows precede the range, and on to its last day when rows follow it. So a range
    /// of one month bills that month as the whole file does.
    private func observedDays(
        for total: MeterTotals, usage: MeterUsage, share: Decimal, fallbackShards: Int
    ) -> [UsageCalculator.ObservedDay] {
        let measured = measuredDays(for: total, usage: usage, share: share, fallbackShards: fallbackShards)
        guard total.delivery == .sent, let lastMeasured = measured.last else { return measured }
        let sameScenario = { (day: MeterDailyTotals) in day.mode == total.mode && day.delivery == total.delivery }
        var first = measured[0].day.daysSinceEpoch
        if let start = usage.range.startMilliseconds, usage.earlierDaily.contains(where: sameScenario) {
            first = min(first, MeterDay(containing: start).daysSinceEpoch)
        }
        var last = lastMeasured.day.daysSinceEpoch
        if let end = usage.range.endMilliseconds, usage.laterDaily.contains(where: sameScenario) {
            last = max(last, MeterDay(containing: end - 1).daysSinceEpoch)
        }

        var byDay = Dictionary(uniqueKeysWithValues: measured.map { ($0.day.daysSinceEpoch, $0) })
        var shards = measured[0].activeShards
        var days: [UsageCalculator.ObservedDay] = []
        for number in first...last {
            if let day = byDay.removeValue(forKey: number) {
                shards = day.activeShards
                days.append(day)
            } else {
                days.append(UsageCalculator.ObservedDay(day: MeterDay(daysSinceEpoch: number), volume: DailyVolume(),
                                                        activeShards: shards))
            }
        }
        return days
    }

    /// Returns the days with rows of `total`'s scenario, in order.
    private func measuredDays(
        for total: MeterTotals, usage: MeterUsage, share: Decimal, fallbackShards: Int
    ) -> [UsageCalculator.ObservedDay] {
        usage.daily.filter { $0.mode == total.mode && $0.delivery == total.delivery }.map { day in
            let fetched = usage.fetches.filter { $0.day == day.day && $0.delivery == total.delivery }
            let fetchedBytes: Int64? = fetched.isEmpty ? nil : fetched.reduce(0) { $0 + $1.fetchedBytes }
            var volume = DailyVolume(amounts: day.amounts, fetchedBytes: nil)
            volume.kafkaFetchBytes = fetchedBytes.map { max(Decimal($0) * share, volume.rawBytes) }
            let shardRows = usage.storage.filter {
                $0.day == day.day && $0.mode == total.mode && $0.delivery == total.delivery && $0.profile != nil
            }
            let shards = shardRows.isEmpty ? fallbackShards : shardRows.reduce(0) { $0 + ($1.profile?.activeShards ?? 0) }
            return UsageCalculator.ObservedDay(day: day.day, volume: volume, activeShards: shards)
        }.sorted { $0.day < $1.day }
    }

    // MARK: Shared

    private func projectedScenario(
        mode: MeterMode, delivery: MeterDelivery?, daily: DailyVolume, logstore: LogstoreAssumptions,
        observedDays: [UsageCalculator.ObservedDay], earlierWrites: [UsageCalculator.ObservedDay] = [],
        notes: inout CostNotes
    ) -> CostEstimate.Scenario {
        let projectedDays = UsageCalculator.projectedMonth(daily: daily, logstore: logstore, settings: settings)
        if let needed = Self.standardUnitsNeeded(daily), settings.eventHubsTier == .standard,
           needed > settings.eventHubsUnits {
            let scenario = delivery.map { "\(mode.rawValue) (\($0.rawValue))" } ?? mode.rawValue
            notes.warn("The traffic of \(scenario) needs at least \(needed) Event Hubs throughput units on average, "
                + "but the estimate prices \(settings.eventHubsUnits). One unit takes up to 1 MB per second or 1,000 "
                + "events per second of ingress, and 2 MB or 4,096 events per second of egress. Set "
                + "pricing.azure.units or --event-hubs-units to the namespace's units, which traffic peaks raise.")
        }
        let projection = estimator.price(mode: mode, days: projectedDays, notes: &notes).first
            ?? PeriodCost(mode: mode, period: UsageCalculator.projectedMonthLabel, days: 0, lines: [], totals: [])
        let observedUsage = UsageCalculator.observedDays(
            observedDays, earlierWrites: earlierWrites, policy: logstore.policy, settings: settings
        )
        let observed = estimator.price(mode: mode, days: observedUsage, notes: &notes)
        return CostEstimate.Scenario(
            mode: mode, delivery: delivery, dailyVolume: daily, logstore: logstore, projection: projection,
            observed: observed, observedDays: observedDays,
            tiers: estimator.tierExplanations(mode: mode, days: projectedDays)
        )
    }

    /// Returns the Standard throughput units that a day's traffic needs at its average rate, or nil when the day
    /// has no traffic. A unit takes up to 1 MB (10⁶ bytes) or 1,000 events per second of ingress and 2 MB or
    /// 4,096 events per second of egress (Microsoft Learn, "Scaling with Event Hubs"). The raw Kafka bytes stand
    /// for the ingress, and the fetched bytes, or else the raw bytes, for the egress.
    public static func standardUnitsNeeded(_ daily: DailyVolume) -> Int? {
        guard daily.rawBytes > 0 else { return nil }
        let secondsPerDay: Decimal = 86_400
        let egressBytes = daily.kafkaFetchBytes ?? daily.rawBytes
        let loads = [
            daily.rawBytes / secondsPerDay / 1_000_000,
            daily.billableEvents / secondsPerDay / 1_000,
            egressBytes / secondsPerDay / 2_000_000,
            daily.billableEvents / secondsPerDay / 4_096,
        ]
        let load = loads.max() ?? 0
        let whole = NSDecimalNumber(decimal: load).intValue
        return max(1, Decimal(whole) < load ? whole + 1 : whole)
    }

    private func addSettingAssumptions(to notes: inout CostNotes) {
        let settings = self.settings
        notes.assume("A projected month has \(settings.daysPerMonth) days in steady state: the same traffic every "
            + "day, and storage holding every day's writes for the whole retention period.")
        notes.assume("CTDR Log Ingestion Traffic counts \(settings.ctdrIngestionBasis == .raw ? "raw Kafka record bytes" : "normalized LogGroup bytes") "
            + "(the vendor does not say which bytes count; setting pricing.ctdr.ingestion_basis).")
        notes.assume("The user-log-service Logstore bills \(settings.slsBilling.rawValue); prices are those of the "
            + "\(settings.site.rawValue) site and of \(settings.azureCloud.rawValue) Azure.")
        let readGB = Decimal(settings.internetReadBytesPerDay) / 1_073_741_824
        notes.assume("SLS internet read traffic: \(DecimalText.plain(readGB, maxPlaces: 3)) GB per day read over "
            + "public endpoints (setting pricing.internet_read_gb_per_day); ehbridge itself only writes.")
        if settings.slsBilling == .payByFeature {
            notes.assume("Reads of the user-log-service Logstore that do not cross the internet, such as CTDR's, are "
                + "taken as free. Whether pay-by-feature read and write traffic counts them is not stated on the "
                + "pages read; if it does, each such reader adds about the write traffic line again.")
        }
        notes.assume("Event Hubs: \(settings.eventHubsUnits) \(settings.eventHubsTier.rawValue) "
            + "\(settings.eventHubsTier.unitName)(s) held 24 hours a day; both modes read the same namespace, so "
            + "Azure bills the same in both.")
        if !settings.azureEgressBilled {
            notes.assume("Azure egress is not billed, as set for a bridge that runs inside Azure.")
        }
    }
}

import Foundation
import Storage

/// A complete estimate: per mode, the monthly projection and the measured months, with the tier arithmetic,
/// every warning and assumption, and the source of every price used.
public struct CostEstimate: Sendable {
    /// The source of the usage.
    public enum Origin: Sendable, Equatable {
        /// Meter files, with the time range read and the observation window the daily rates use.
        case meter(files: [String], range: MeterTimeRange, windowMilliseconds: Int64)
        /// Stated assumptions, without measurements.
        case assumptions
    }

    /// The estimate of one mode (and, from meter files, one delivery).
    public struct Scenario: Sendable {
        public var mode: MeterMode
        /// `sent` or `dry-run` for measured usage, nil for assumed usage.
        public var delivery: MeterDelivery?
        /// The traffic of one day that the projection uses.
        public var dailyVolume: DailyVolume
        public var logstore: LogstoreAssumptions
        /// The bill of a steady-state month of ``CostSettings/daysPerMonth`` days.
        public var projection: PeriodCost
        /// The bill of each measured calendar month, for the measured days only. Empty for assumed usage.
        public var observed: [PeriodCost]
        /// The measured days, for the daily series. Empty for assumed usage.
        public var observedDays: [UsageCalculator.ObservedDay]
        public var tiers: [TierExplanation]
        /// The observation window the measured totals were divided by, in milliseconds; nil for assumed usage and
        /// for a mix scaled to a stated volume.
        public var windowMilliseconds: Int64?
        /// The meter totals the scenario was computed from, as read, before the daily rate; nil for assumed usage.
        public var measured: MeterAmounts?

        public init(
            mode: MeterMode, delivery: MeterDelivery?, dailyVolume: DailyVolume, logstore: LogstoreAssumptions,
            projection: PeriodCost, observed: [PeriodCost], observedDays: [UsageCalculator.ObservedDay],
            tiers: [TierExplanation]
        ) {
            self.mode = mode
            self.delivery = delivery
            self.dailyVolume = dailyVolume
            self.logstore = logstore
            self.projection = projection
            self.observed = observed
            self.observedDays = observedDays
            self.tiers = tiers
        }

        /// The scenario's name in reports: the mode, with the delivery when measured (`user-log-service (dry-run)`).
        public var name: String {
            delivery.map { "\(mode.rawValue) (\($0.rawValue))" } ?? mode.rawValue
        }
    }

    public var origin: Origin
    public var settings: CostSettings
    /// The price folder read.
    public var priceDirectory: String
    public var scenarios: [Scenario]
    public var notes: CostNotes
    public var sources: [PriceSourceLine]

    public init(
        origin: Origin, settings: CostSettings, priceDirectory: String, scenarios: [Scenario], notes: CostNotes,
        sources: [PriceSourceLine]
    ) {
        self.origin = origin
        self.settings = settings
        self.priceDirectory = priceDirectory
        self.scenarios = scenarios
        self.notes = notes
        self.sources = sources
    }
}

import CostModel
import Core
import Dispatch
import Foundation
import Storage

/// The running cost estimate behind the `ehbridge_cost_estimate` metric: the meter file priced with the
/// configured price files, recomputed in the background, one computation at a time and, once the meter has rows, at
/// most once per ``refreshIntervalMilliseconds``, because reading the meter and pricing it costs far more than a
/// scrape should.
final class RunningCostEstimate: Sendable {
    /// How long one estimate is reused, in milliseconds.
    static let refreshIntervalMilliseconds: UInt64 = 60_000

    private let builder: CostEstimateBuilder
    private let meterPath: String
    private let pricing: PricingConfiguration
    private let mode: DestinationMode
    private let logger: Logger
    private let cache = Locked<(computedAt: UInt64, estimates: [PayerCostEstimate])?>(nil)
    private let refreshing = Locked(false)
    private let refreshQueue = DispatchQueue(label: "ehbridge-cost-estimate", qos: .utility)

    private init(
        builder: CostEstimateBuilder, meterPath: String, pricing: PricingConfiguration, mode: DestinationMode, logger: Logger
    ) {
        self.builder = builder
        self.mode = mode
        self.meterPath = meterPath
        self.pricing = pricing
        self.logger = logger
    }

    /// Returns an estimator for the configuration's meter, or nil (logged once) when no price folder is
    /// found or its files do not load; the metric is then absent, never zero.
    static func make(configuration: BridgeConfiguration, environment: [String: String], logger: Logger) -> RunningCostEstimate? {
        let pricing = configuration.pricing
        guard let directory = pricing.pricesDirectory ?? PriceBook.defaultDirectory(environment: environment) else {
            logger.info("no price folder found; the cost estimate metric is off", metadata: [
                "fix": "Set pricing.prices or EHBRIDGE_PRICING to the Pricing folder.",
            ])
            return nil
        }
        do {
            let book = try PriceBook.load(directory: directory)
            let builder = try CostEstimateBuilder(book: book, settings: pricing.settings)
            return RunningCostEstimate(builder: builder, meterPath: configuration.meter.path, pricing: pricing,
                                       mode: configuration.destination.mode, logger: logger)
        } catch {
            logger.warning("price files could not be loaded; the cost estimate metric is off", metadata: [
                "error": .string("\(error)"), "pricing.directory": .string(directory),
            ])
            return nil
        }
    }

    /// Returns the projected monthly cost per payer of the configured mode from the last estimate, empty before the
    /// first one. When that estimate is older than the refresh interval, or there is none, a new one starts on a
    /// queue of its own. Reading a large meter takes seconds, and `/healthz` and `/readyz` share the endpoint's
    /// thread with the scrape, so the scrape must not wait for it.
    func estimates() -> [PayerCostEstimate] {
        let now = DispatchTime.now().uptimeNanoseconds / 1_000_000
        let cached = cache.withLock { $0 }
        if cached.map({ now - $0.computedAt >= Self.refreshIntervalMilliseconds }) ?? true {
            startRefresh()
        }
        return cached?.estimates ?? []
    }

    /// Computes a new estimate in the background unless one is being computed.
    private func startRefresh() {
        let started = refreshing.withLock { running in
            guard !running else { return false }
            running = true
            return true
        }
        guard started else { return }
        refreshQueue.async { [self] in
            refresh()
            refreshing.withLock { $0 = false }
        }
    }

    private func refresh() {
        let now = DispatchTime.now().uptimeNanoseconds / 1_000_000
        do {
            let usage = try MeterUsage.load(paths: [meterPath], range: .all).filtered(delivery: .sent)
            var estimates: [PayerCostEstimate] = []
            if !usage.totals.isEmpty {
                let estimate = builder.estimate(meter: usage, fallbackLogstore: pricing.logstoreAssumptions, scaledRawBytesPerDay: nil)
                for scenario in estimate.scenarios where scenario.mode.rawValue == mode.rawValue {
                    for total in scenario.projection.totals {
                        estimates.append(PayerCostEstimate(payer: total.payer.rawValue, currency: total.currency.rawValue,
                                                           amount: total.amount, isComplete: total.isComplete))
                    }
                }
            }
            // An empty meter is not cached, so that the first rows show up at the next scrape.
            if !estimates.isEmpty { cache.withLock { $0 = (computedAt: now, estimates: estimates) } }
        } catch {
            logger.warning("cost estimate failed; the metric keeps its last value", metadata: ["error": .string("\(error)")])
            cache.withLock { cache in cache = (computedAt: now, estimates: cache?.estimates ?? []) }
        }
    }
}

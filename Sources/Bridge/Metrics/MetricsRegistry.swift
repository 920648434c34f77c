import Core

/// The metrics of one process: families registered by name, plus collectors that compute families during a
/// scrape. Values that already exist elsewhere, such as the pipeline's counters, are read by a collector
/// instead of being counted a second time on the hot path.
///
/// Registering a name again with the same type and label names returns the existing family; any other
/// reuse of a name, and names outside the Prometheus rules, stop the process, because they are
/// programming errors. Safe to use from any thread.
public final class MetricsRegistry: Sendable {
    private struct State: Sendable {
        var families: [String: any RegisteredFamily] = [:]
        var collectors: [@Sendable () -> [MetricFamilySnapshot]] = []
    }

    private let state = Locked(State())

    public init() {}

    /// Registers (or returns) a counter family. Counter names end in `_total` by convention.
    public func counter(_ name: String, help: String, labelNames: [String] = []) -> MetricFamily<Counter> {
        register(name: name, help: help, type: .counter, labelNames: labelNames) { Counter() }
    }

    public func gauge(_ name: String, help: String, labelNames: [String] = []) -> MetricFamily<Gauge> {
        register(name: name, help: help, type: .gauge, labelNames: labelNames) { Gauge() }
    }

    /// Registers (or returns) a histogram family with fixed bucket upper bounds, which must be finite,
    /// ascending and distinct. The `le` label is added by the format and must not be in `labelNames`.
    public func histogram(
        _ name: String, help: String, labelNames: [String] = [], buckets: [Double]
    ) -> MetricFamily<Histogram> {
        precondition(!buckets.isEmpty, "\(name): a histogram needs at least one bucket")
        precondition(buckets.allSatisfy(\.isFinite), "\(name): bucket bounds must be finite; +Inf is implicit")
        precondition(zip(buckets, buckets.dropFirst()).allSatisfy { $0 < $1 }, "\(name): bucket bounds must ascend")
        precondition(!labelNames.contains("le"), "\(name): `le` is the bucket label of the format")
        return register(name: name, help: help, type: .histogram, labelNames: labelNames) {
            Histogram(upperBounds: buckets)
        }
    }

    /// Adds a function that returns families computed at scrape time. It runs on the scraping thread, so it
    /// must be quick and must not block on I/O.
    public func addCollector(_ collect: @escaping @Sendable () -> [MetricFamilySnapshot]) {
        state.withLock { $0.collectors.append(collect) }
    }

    /// Returns every family, registered and collected, ordered by name. Families of one name from several
    /// sources are merged into one.
    public func snapshot() -> [MetricFamilySnapshot] {
        let (families, collectors) = state.withLock { state in (Array(state.families.values), state.collectors) }
        var merged: [String: MetricFamilySnapshot] = [:]
        let all = families.map(\.familySnapshot) + collectors.flatMap { $0() }
        for family in all {
            assert(MetricName.isValidMetricName(family.name), "invalid metric name \(family.name)")
            if var existing = merged[family.name] {
                guard existing.type == family.type else {
                    assertionFailure("\(family.name) is reported as both \(existing.type) and \(family.type)")
                    continue
                }
                existing.samples += family.samples
                merged[family.name] = existing
            } else {
                merged[family.name] = family
            }
        }
        return merged.values.sorted { $0.name < $1.name }
    }

    /// The whole registry in the Prometheus text exposition format, version 0.0.4.
    public func prometheusText() -> String {
        PrometheusTextFormat.render(snapshot())
    }

    private func register<Metric: SampledMetric>(
        name: String, help: String, type: MetricType, labelNames: [String],
        makeMetric: @escaping @Sendable () -> Metric
    ) -> MetricFamily<Metric> {
        precondition(MetricName.isValidMetricName(name), "\(name) is not a valid Prometheus metric name")
        for label in labelNames {
            precondition(MetricName.isValidLabelName(label), "\(name): \(label) is not a valid Prometheus label name")
        }
        precondition(Set(labelNames).count == labelNames.count, "\(name): label names repeat")

        return state.withLock { state in
            if let existing = state.families[name] {
                guard let family = existing as? MetricFamily<Metric>, family.labelNames == labelNames else {
                    preconditionFailure("\(name) is already registered with another type or other label names")
                }
                return family
            }
            let family = MetricFamily(name: name, help: help, type: type, labelNames: labelNames, makeMetric: makeMetric)
            state.families[name] = family
            return family
        }
    }
}

/// A family of any metric type, as the registry stores it.
private protocol RegisteredFamily: Sendable {
    var familySnapshot: MetricFamilySnapshot { get }
}

extension MetricFamily: RegisteredFamily {
    fileprivate var familySnapshot: MetricFamilySnapshot { snapshot }
}

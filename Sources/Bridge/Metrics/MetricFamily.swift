import Core

/// A metric that can report its current value to a scrape: ``Counter``, ``Gauge`` or ``Histogram``.
public protocol SampledMetric: Sendable {
    var sampleValue: MetricValue { get }
}

extension Counter: SampledMetric {
    public var sampleValue: MetricValue { .scalar(Double(value)) }
}

extension Gauge: SampledMetric {
    public var sampleValue: MetricValue { .scalar(value) }
}

extension Histogram: SampledMetric {
    public var sampleValue: MetricValue { .histogram(snapshot) }
}

/// All metrics of one name, one per combination of label values, created on first use.
///
/// ```swift
/// let requests = registry.counter("ehbridge_putlogs_requests_total", help: "PutLogs requests by result.",
///                                 labelNames: ["mode", "result"])
/// requests.labels("dedicated-channel", "accepted").increment()
/// ```
public final class MetricFamily<Metric: SampledMetric>: Sendable {
    public let name: String
    public let help: String
    public let type: MetricType
    public let labelNames: [String]
    private let makeMetric: @Sendable () -> Metric
    private let children = Locked<[[String]: Metric]>([:])

    init(name: String, help: String, type: MetricType, labelNames: [String], makeMetric: @escaping @Sendable () -> Metric) {
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.makeMetric = makeMetric
    }

    /// Returns the metric for these label values, given in the order of ``labelNames``, creating it on first
    /// use. The number of values must match the number of label names.
    public func labels(_ values: String...) -> Metric {
        labels(values)
    }

    /// Returns the metric for these label values, given in the order of ``labelNames``.
    public func labels(_ values: [String]) -> Metric {
        precondition(values.count == labelNames.count,
                     "\(name) takes \(labelNames.count) label values (\(labelNames)), not \(values.count)")
        return children.withLock { children in
            if let metric = children[values] { return metric }
            let metric = makeMetric()
            children[values] = metric
            return metric
        }
    }

    /// Forgets every labelled metric, for values that disappeared (a revoked partition, a gone broker).
    public func removeAll() {
        children.withLock { $0.removeAll() }
    }

    /// The family's samples, ordered by label values so that scrapes are stable.
    public var snapshot: MetricFamilySnapshot {
        let entries = children.withLock { $0 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let samples = entries.map { values, metric in
            MetricSample(labels: zip(labelNames, values).map { MetricLabel($0, $1) }, value: metric.sampleValue)
        }
        return MetricFamilySnapshot(name: name, help: help, type: type, samples: samples)
    }
}

/// The state of one metric family at one moment, ready to render.
public struct MetricFamilySnapshot: Sendable {
    public var name: String
    /// One line of text that says what the metric counts and in which unit.
    public var help: String
    public var type: MetricType
    public var samples: [MetricSample]

    public init(name: String, help: String, type: MetricType, samples: [MetricSample]) {
        self.name = name
        self.help = help
        self.type = type
        self.samples = samples
    }
}

/// One labelled value of a family.
public struct MetricSample: Sendable {
    public var labels: [MetricLabel]
    public var value: MetricValue

    public init(labels: [MetricLabel] = [], value: MetricValue) {
        self.labels = labels
        self.value = value
    }

    /// A counter or gauge sample.
    public static func scalar(_ value: Double, labels: [MetricLabel] = []) -> MetricSample {
        MetricSample(labels: labels, value: .scalar(value))
    }
}

/// The value of a sample: one number, or the buckets of a histogram.
public enum MetricValue: Sendable, Equatable {
    case scalar(Double)
    case histogram(HistogramSnapshot)
}

/// A histogram's observations so far.
public struct HistogramSnapshot: Sendable, Equatable {
    /// The upper bounds of the buckets, ascending; the implicit `+Inf` bucket is not listed.
    public var upperBounds: [Double]
    /// Observations at or below each upper bound, cumulative as in the Prometheus format; one count per
    /// entry of ``upperBounds``.
    public var cumulativeCounts: [UInt64]
    /// The sum of every observed value.
    public var sum: Double
    /// The number of observations, which is also the count of the `+Inf` bucket.
    public var count: UInt64

    public init(upperBounds: [Double], cumulativeCounts: [UInt64], sum: Double, count: UInt64) {
        self.upperBounds = upperBounds
        self.cumulativeCounts = cumulativeCounts
        self.sum = sum
        self.count = count
    }
}

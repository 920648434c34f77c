/// The kind of a metric family, as the Prometheus text format names it in `# TYPE` lines.
public enum MetricType: String, Sendable, Equatable {
    /// A total that only grows, such as requests sent. Names end in `_total`.
    case counter
    /// A value that goes up and down, such as bytes in flight.
    case gauge
    /// Observations counted into fixed buckets, with their sum and count.
    case histogram
}

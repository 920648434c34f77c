/// Renders metric families in the Prometheus text exposition format, version 0.0.4: a `# HELP` and a
/// `# TYPE` line per family, then one line per sample. Histograms expand into cumulative `_bucket` lines
/// with an `le` label (the last one `+Inf`), then `_sum` and `_count`.
///
/// Label values are escaped (backslash, double quote and line feed) and pass through the secret redactor,
/// so no registered secret reaches a scrape.
public enum PrometheusTextFormat {
    /// The `Content-Type` of a scrape response in this format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ families: [MetricFamilySnapshot]) -> String {
        var text = ""
        for family in families {
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.type.rawValue)\n"
            for sample in family.samples {
                switch sample.value {
                case .scalar(let value):
                    text += "\(family.name)\(labelText(sample.labels)) \(formatValue(value))\n"
                case .histogram(let histogram):
                    for (bound, count) in zip(histogram.upperBounds, histogram.cumulativeCounts) {
                        let labels = sample.labels + [MetricLabel("le", formatValue(bound))]
                        text += "\(family.name)_bucket\(labelText(labels)) \(count)\n"
                    }
                    let infinity = sample.labels + [MetricLabel("le", "+Inf")]
                    text += "\(family.name)_bucket\(labelText(infinity)) \(histogram.count)\n"
                    text += "\(family.name)_sum\(labelText(sample.labels)) \(formatValue(histogram.sum))\n"
                    text += "\(family.name)_count\(labelText(sample.labels)) \(histogram.count)\n"
                }
            }
        }
        return text
    }

    /// Formats a sample value: whole numbers without a fraction, `+Inf`, `-Inf` and `NaN` as the format
    /// spells them.
    static func formatValue(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return String(value)
    }

    static func labelText(_ labels: [MetricLabel]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.map { "\($0.name)=\"\(escapeLabelValue($0.exposedValue))\"" }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    /// Escapes a label value: `\` as `\\`, `"` as `\"` and a line feed as `\n`.
    static func escapeLabelValue(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Escapes help text: `\` as `\\` and a line feed as `\n`.
    static func escapeHelp(_ help: String) -> String {
        var escaped = ""
        for scalar in help.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

import Foundation

/// A bar chart drawn as inline SVG: groups along the x axis, one bar per series in each group, or one stacked
/// bar per group. Values are only scaled to pixels here; the figures printed beside the chart come from the
/// exact decimals.
struct SVGBarChart {
    struct Group {
        var label: String
        /// One value per series, in series order.
        var values: [Double]
    }

    var title: String
    var unit: String
    var series: [String]
    var groups: [Group]
    var stacked: Bool

    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"]
    private let width = 720.0
    private let height = 300.0
    private let left = 70.0
    private let right = 20.0
    private let top = 40.0
    private let bottom = 60.0

    func render() -> String {
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let maximum = niceMaximum(groups.map { stacked ? $0.values.reduce(0, +) : ($0.values.max() ?? 0) }.max() ?? 0)
        let groupWidth = plotWidth / Double(max(groups.count, 1))
        let barCount = stacked ? 1 : max(series.count, 1)
        let barWidth = max(2, (groupWidth * 0.7) / Double(barCount))

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
            + "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        svg += "<title>\(HTMLText.escape(title))</title>"
        svg += text(x: width / 2, y: 20, anchor: "middle", size: 14, title)

        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = top + plotHeight - plotHeight * Double(step) / 4
            svg += "<line x1=\"\(format(left))\" y1=\"\(format(y))\" x2=\"\(format(width - right))\" y2=\"\(format(y))\" "
                + "stroke=\"#dddddd\"/>"
            svg += text(x: left - 6, y: y + 4, anchor: "end", size: 10, axisLabel(value))
        }
        svg += text(x: 12, y: top - 10, anchor: "start", size: 10, unit)

        for (groupIndex, group) in groups.enumerated() {
            let groupLeft = left + groupWidth * Double(groupIndex) + groupWidth * 0.15
            var stackBase = 0.0
            for (seriesIndex, value) in group.values.enumerated() {
                let barHeight = maximum > 0 ? plotHeight * value / maximum : 0
                let x = stacked ? groupLeft : groupLeft + barWidth * Double(seriesIndex)
                let y = top + plotHeight - barHeight - (stacked ? plotHeight * stackBase / max(maximum, 1e-300) : 0)
                let color = Self.palette[seriesIndex % Self.palette.count]
                svg += "<rect x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(barWidth))\" "
                    + "height=\"\(format(barHeight))\" fill=\"\(color)\"><title>"
                    + HTMLText.escape("\(group.label), \(series[seriesIndex]): \(axisLabel(value)) \(unit)")
                    + "</title></rect>"
                stackBase += value
            }
            svg += text(x: groupLeft + (stacked ? barWidth : barWidth * Double(barCount)) / 2, y: top + plotHeight + 16,
                        anchor: "middle", size: 10, group.label)
        }

        for (index, name) in series.enumerated() {
            let x = left + Double(index) * 150
            let y = height - 18
            svg += "<rect x=\"\(format(x))\" y=\"\(format(y - 9))\" width=\"10\" height=\"10\" "
                + "fill=\"\(Self.palette[index % Self.palette.count])\"/>"
            svg += text(x: x + 14, y: y, anchor: "start", size: 11, name)
        }
        return svg + "</svg>"
    }

    private func text(x: Double, y: Double, anchor: String, size: Int, _ content: String) -> String {
        "<text x=\"\(format(x))\" y=\"\(format(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\">"
            + HTMLText.escape(content) + "</text>"
    }

    /// Rounds the axis maximum up to 1, 2 or 5 times a power of ten.
    private func niceMaximum(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2.0, 5.0, 10.0] where value <= step * magnitude {
            return step * magnitude
        }
        return 10 * magnitude
    }

    private func axisLabel(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.2f", value)
    }

    private func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

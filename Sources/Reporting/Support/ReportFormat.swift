import CostModel

/// The output formats of `ehbridge report`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown = "md"
    case html
    case csv
    case json

    /// The file name extension.
    public var fileExtension: String { rawValue }
}


/// Renders estimates in any ``ReportFormat``.
public enum CostReport {
    public static func render(_ estimate: CostEstimate, format: ReportFormat) -> String {
        switch format {
        case .markdown: CostReportMarkdown.render(estimate)
        case .html: CostReportHTML.render(estimate)
        case .csv: CostReportCSV.render(estimate)
        case .json: CostReportJSON.render(estimate)
        }
    }
}

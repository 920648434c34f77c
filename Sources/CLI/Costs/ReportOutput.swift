import CostModel
import Foundation
import Reporting

/// The file output and text summary of cost reports, shared by the cost commands.
enum ReportOutput {
    /// Returns the report format that the extension of `path` names, such as `.html`.
    static func format(forPath path: String) throws(UsageError) -> ReportFormat {
        let fileExtension = (path as NSString).pathExtension.lowercased()
        guard let format = ReportFormat(rawValue: fileExtension == "markdown" ? "md" : fileExtension) else {
            throw UsageError("cannot tell the report format from `\(path)`; end it in .md, .html, .csv or .json.")
        }
        return format
    }

    /// Writes the report of `estimate` to `path`, creating its folder.
    static func write(_ estimate: CostEstimate, format: ReportFormat, to path: String) throws {
        try FileAccess.write(CostReport.render(estimate, format: format), to: path)
    }

    /// Returns the comparison, the warnings and the assumptions as plain-text lines.
    static func summaryLines(_ estimate: CostEstimate) -> [String] {
        var lines = CostComparisonText.lines(estimate)
        if !estimate.notes.warnings.isEmpty {
            lines += ["", "Warnings:"] + estimate.notes.warnings.map { "  - \($0)" }
        }
        lines += ["", "Assumptions:"] + estimate.notes.assumptions.map { "  - \($0)" }
        return lines
    }
}

import CostModel
import Foundation
import Reporting
import Storage
import Testing

@Suite struct CostReportGoldenTests {
    @Test func markdownMatchesGolden() throws {
        try ReportFixtures.expectGolden(CostReportMarkdown.render(try ReportFixtures.meterEstimate()), "meter-report.md")
    }

    @Test func csvMatchesGolden() throws {
        try ReportFixtures.expectGolden(CostReportCSV.render(try ReportFixtures.meterEstimate()), "meter-report.csv")
    }

    @Test func jsonMatchesGolden() throws {
        try ReportFixtures.expectGolden(CostReportJSON.render(try ReportFixtures.meterEstimate()), "meter-report.json")
    }

    @Test func chinaEstimateJSONMatchesGolden() throws {
        let settings = CostSettings(site: .china, azureCloud: .china, slsBilling: .payByIngestedData)
        let estimate = try ReportFixtures.assumedEstimate(settings: settings)
        try ReportFixtures.expectGolden(CostReportJSON.render(estimate), "estimate-china.json")
    }

    @Test func comparisonTextMatchesGolden() throws {
        let settings = CostSettings(unstatedTierMode: .graduated, eventHubsUnits: 2)
        let lines = CostComparisonText.lines(try ReportFixtures.assumedEstimate(settings: settings))
        try ReportFixtures.expectGolden(lines.joined(separator: "\n") + "\n", "comparison-intl.txt")
    }

    @Test func jsonParsesAndListsEveryLineField() throws {
        let output = CostReportJSON.render(try ReportFixtures.meterEstimate())
        let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let lines = try #require(object?["line_items"] as? [[String: Any]])

        #expect(!lines.isEmpty)
        for line in lines {
            for key in ["mode", "payer", "item_id", "quantity", "unit", "unit_price", "currency", "amount"] {
                #expect(line.keys.contains(key), "\(key)")
            }
        }
    }

    @Test func csvRowsHaveEveryColumn() throws {
        let output = CostReportCSV.render(try ReportFixtures.meterEstimate())
        let rows = output.components(separatedBy: "\r\n").dropLast()
        let header = try #require(rows.first)

        #expect(header.hasPrefix("record,scenario,mode,delivery,period,payer,item_id"))
        #expect(output.hasSuffix("\r\n"))
        for row in rows where !row.contains("\"") {
            #expect(row.split(separator: ",", omittingEmptySubsequences: false).count == 25, "\(row)")
        }
    }
}

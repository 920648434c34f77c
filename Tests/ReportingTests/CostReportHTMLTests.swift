import CostModel
import Foundation
import Reporting
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct CostReportHTMLTests {
    /// Collects element names and text while parsing.
    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var attributes: [String] = []
        var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append(name)
            self.attributes += attributes.keys
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }
    }

    private static func parse(_ html: String) throws -> Collector {
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "") at line \(parser.lineNumber)")
        return collector
    }

    @Test func htmlIsWellFormedAndSelfContained() throws {
        let html = CostReportHTML.render(try ReportFixtures.meterEstimate())
        let document = try Self.parse(html)

        #expect(html.hasPrefix("<!DOCTYPE html>\n<html"))
        #expect(document.elements.first == "html")
        #expect(document.elements.filter { $0 == "svg" }.count == 2)
        #expect(!document.elements.contains("script"))
        #expect(!document.elements.contains("link"))
        #expect(!document.elements.contains("img"))
        #expect(!document.attributes.contains("src"))
        #expect(!document.attributes.contains("href"))
    }

    @Test func htmlShowsTheComparisonNumbers() throws {
        let estimate = try ReportFixtures.meterEstimate()
        let document = try Self.parse(CostReportHTML.render(estimate))

        for scenario in estimate.scenarios {
            #expect(document.text.contains(scenario.name))
            for total in scenario.projection.totals {
                let figure = (total.isComplete ? "" : "≥ ") + DecimalText.fixed(total.amount, places: 2) + " USD"
                #expect(document.text.contains(figure), "\(scenario.name) \(total.payer): \(figure)")
            }
            for line in scenario.projection.lines where line.amount != nil && line.status == .priced {
                #expect(document.text.contains(DecimalText.fixed(line.amount!, places: 2) + " " + line.currency.rawValue))
            }
        }
        #expect(document.text.contains("2026-03-31"))
        #expect(document.text.contains("2026-04-01"))
        #expect(document.text.contains("Projected monthly cost per payer (USD)"))
    }

    @Test func htmlShowsTheMeasuredTotals() throws {
        let estimate = try ReportFixtures.meterEstimate()
        let document = try Self.parse(CostReportHTML.render(estimate))

        // The fixture's two days: 18,000 requests and 90,000 records in each mode.
        #expect(document.text.contains("Measured totals"))
        #expect(document.text.contains("18000"))
        #expect(document.text.contains("90000"))
    }

    @Test func htmlShowsMeasuredMonthsAndFreeQuotas() throws {
        let estimate = try ReportFixtures.meterEstimate()
        let document = try Self.parse(CostReportHTML.render(estimate))

        #expect(document.text.contains("Measured months"))
        #expect(document.text.contains("Free quotas applied"))
        // Every measured month's payer totals appear, as in the Markdown report.
        for scenario in estimate.scenarios {
            for period in scenario.observed {
                #expect(document.text.contains(period.period))
                for total in period.totals {
                    let figure = (total.isComplete ? "" : "≥ ") + DecimalText.fixed(total.amount, places: 2) + " "
                        + total.currency.rawValue
                    #expect(document.text.contains(figure), "\(scenario.name) \(period.period) \(total.payer): \(figure)")
                }
            }
        }
    }

    @Test func htmlEscapesText() throws {
        var estimate = try ReportFixtures.meterEstimate()
        estimate.priceDirectory = "Pricing<&>\"'"
        let document = try Self.parse(CostReportHTML.render(estimate))
        #expect(document.text.contains("Pricing<&>\"'"))
    }
}

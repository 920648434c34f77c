import Foundation
import Testing
@testable import CLI

@Suite struct EstimateCommandTests {
    private static func json(_ arguments: [String]) throws -> [String: Any] {
        let (code, output, errors) = CommandRunner.run(
            ["estimate", "--prices", CommandRunner.repositoryPricing, "--format", "json"] + arguments
        )
        #expect(code == .success, "\(errors)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test func jsonListsEveryLineItem() throws {
        let object = try Self.json(["--gb-per-day", "20"])
        let lines = try #require(object["line_items"] as? [[String: Any]])

        #expect(lines.count > 10)
        for line in lines {
            for key in ["mode", "payer", "item_id", "quantity", "unit", "unit_price", "currency", "amount"] {
                #expect(line.keys.contains(key), "\(key)")
            }
        }
        // 20 GB a day: tier 2 of CTDR's ingestion at 0.48 USD per GB-day, 30 days.
        let ingestion = try #require(lines.first {
            $0["item_id"] as? String == "ctdr.log_ingestion" && $0["mode"] as? String == "user-log-service"
        })
        #expect((ingestion["quantity"] as? NSNumber)?.intValue == 600)
        #expect((ingestion["unit_price"] as? NSNumber)?.doubleValue == 0.48)
        #expect((ingestion["amount"] as? NSNumber)?.doubleValue == 288)
        #expect(ingestion["currency"] as? String == "USD")
        #expect(ingestion["payer"] as? String == "ctdr")
    }

    @Test func optionsReachTheModel() throws {
        let object = try Self.json([
            "--gb-per-day", "20", "--sls-billing", "pay-by-ingested-data", "--retention-days", "90", "--site", "china",
            "--azure-cloud", "china", "--event-hubs-tier", "premium", "--event-hubs-units", "2", "--no-free-quotas",
        ])
        let settings = try #require(object["settings"] as? [String: Any])
        let lines = try #require(object["line_items"] as? [[String: Any]])
        let ids = Set(lines.filter { $0["mode"] as? String == "user-log-service" }.compactMap { $0["item_id"] as? String })

        #expect(settings["site"] as? String == "china")
        #expect(settings["event_hubs_units"] as? Int == 2)
        #expect(settings["free_quotas"] as? Bool == false)
        #expect(ids.contains("sls.pbi.raw_data"))
        #expect(ids.contains("eventhubs.premium.processing_units"))
        #expect(!ids.contains("sls.pbf.write_traffic"))
        let raw = try #require(lines.first { $0["item_id"] as? String == "sls.pbi.raw_data" })
        // 20 GB a day of LogGroup bytes for 30 days at 0.40 CNY.
        #expect((raw["amount"] as? NSNumber)?.doubleValue == 240)
        #expect(raw["currency"] as? String == "CNY")
        let warnings = try #require(object["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("ctdr.log_ingestion") })
    }

    @Test func textShowsComparison() {
        let (code, output, _) = CommandRunner.run(
            ["estimate", "--gb-per-day", "20", "--prices", CommandRunner.repositoryPricing]
        )
        #expect(code == .success)
        #expect(output.contains("Projected monthly cost per payer"))
        #expect(output.contains("dedicated-channel   user-log-service"))
        #expect(output.contains("Assumptions:"))
        #expect(output.contains("compression is 5:1"), "the default compression ratio")
    }

    @Test func usageErrorsExitWithTwo() {
        let cases: [[String]] = [
            ["estimate"],
            ["estimate", "--gb-per-day", "-1"],
            ["estimate", "--gb-per-day", "5", "--event-hubs-tier", "basic"],
            ["estimate", "--gb-per-day", "5", "--index", "fields"],
            ["estimate", "--gb-per-day", "5", "--retention-days", "30", "--hot-days", "3"],
            ["estimate", "--gb-per-day", "5", "--format", "pdf"],
            ["estimate", "--gb-per-day", "5", "--prices", "/nonexistent-ehbridge-prices"],
        ]
        for arguments in cases {
            let (code, _, errors) = CommandRunner.run(arguments)
            #expect(code == .usage, "\(arguments): \(errors)")
            #expect(!errors.isEmpty)
        }
    }

    @Test func usageErrorsNameTheProblem() {
        let cases: [([String], String)] = [
            (["--gb-per-day", "1e300"], "--gb-per-day `1e300` is out of range"),
            (["--gb-per-day", "2000000"], "--gb-per-day must be at most 1000000"),
            (["--gb-per-day", "5", "--index", "fields", "--indexed-fraction", "2"],
             "--indexed-fraction must be at most 1, not `2`"),
            (["--gb-per-day", "5", "--indexed-fraction", "0.5"], "--indexed-fraction applies only with --index fields"),
        ]
        for (arguments, expected) in cases {
            let (code, _, errors) = CommandRunner.run(["estimate", "--prices", CommandRunner.repositoryPricing] + arguments)
            #expect(code == .usage, "\(arguments)")
            #expect(errors.contains(expected), "\(arguments): \(errors)")
        }
        let (code, _, errors) = CommandRunner.run(
            ["estimate", "--prices", CommandRunner.repositoryPricing, "--gb-per-day", "5", "--index", "fields",
             "--indexed-fraction", "0"]
        )
        #expect(code == .success, "\(errors)")
    }
}

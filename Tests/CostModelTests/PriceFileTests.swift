import CostModel
import Foundation
import Storage
import Testing

@Suite struct PriceFileTests {
    @Test func repositoryPriceFilesLoad() throws {
        let book = try PricingFixtures.book()

        #expect(book.sheets.map { "\($0.service.rawValue)/\($0.site)" } == [
            "sls/china", "sls/intl", "ctdr/china", "ctdr/intl", "event-hubs/china", "event-hubs/global",
            "bandwidth/china", "bandwidth/global",
        ])
        for sheet in book.sheets where sheet.service == .sls || sheet.service == .ctdr {
            #expect(sheet.gigabyteBytes == 1_073_741_824, "\(sheet.path)")
        }
        for sheet in book.sheets where sheet.service == .eventHubs {
            #expect(sheet.tiersWithoutKafka == ["basic"], "\(sheet.path)")
        }
        for sheet in book.sheets {
            for item in sheet.items where item.isPriced {
                #expect(item.confidence != nil, "\(item.id) in \(sheet.path)")
                #expect(!item.source.isEmpty, "\(item.id) in \(sheet.path)")
            }
        }
    }

    @Test func sitesKeepTheirOwnPrices() throws {
        let book = try PricingFixtures.book()
        let international = try book.selection(for: CostSettings(site: .international))
        let china = try book.selection(for: CostSettings(site: .china, azureCloud: .china))

        #expect(international.item("sls.pbi.raw_data")?.item.price == .flat(Decimal(string: "0.061")!))
        #expect(international.item("sls.pbi.raw_data")?.sheet.currency == .usd)
        #expect(china.item("sls.pbi.raw_data")?.item.price == .flat(Decimal(string: "0.40")!))
        #expect(china.item("sls.pbi.raw_data")?.sheet.currency == .cny)
        #expect(china.item("ctdr.log_ingestion")?.item.price == .unknown)
        #expect(china.item("eventhubs.standard.throughput_units")?.sheet.taxIncluded == true)
        #expect(international.item("eventhubs.standard.throughput_units")?.item.confidence == .thirdParty)
    }

    @Test func payerWithTwoCurrenciesIsRejected() throws {
        // The Azure lines come from the Event Hubs file and the bandwidth file; a total cannot add USD and EUR.
        var book = try PricingFixtures.book()
        let index = try #require(book.sheets.firstIndex { $0.service == .bandwidth && $0.site == "global" })
        book.sheets[index].currency = Currency(rawValue: "EUR")

        #expect(throws: PriceFileError.self) { try CostEstimator(book: book, settings: CostSettings()) }
        do {
            _ = try CostEstimator(book: book, settings: CostSettings())
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems.first?.key == "currency")
            #expect(error.problems.first?.message.contains("bandwidth-global.yaml (EUR)") == true)
            #expect(error.problems.first?.message.contains("event-hubs-global.yaml (USD)") == true)
        }
        #expect(throws: Never.self) { try CostEstimator(book: try PricingFixtures.book(), settings: CostSettings()) }
    }

    @Test func unknownPricesWarnAndLeaveTotalsIncomplete() throws {
        let settings = CostSettings(site: .china, azureCloud: .china)
        let builder = try CostEstimateBuilder(book: try PricingFixtures.book(), settings: settings)

        let estimate = builder.estimate(assumed: AssumedTraffic(rawBytesPerDay: 5 * PricingFixtures.gigabyte))
        let dedicated = try #require(estimate.scenarios.first { $0.mode == .dedicatedChannel })
        let ctdr = try #require(dedicated.projection.total(for: .ctdr))

        #expect(ctdr.currency == .cny)
        #expect(ctdr.amount == 0)
        #expect(ctdr.unknownItems == ["ctdr.log_ingestion", "ctdr.log_storage"])
        #expect(!ctdr.isComplete)
        let line = try #require(dedicated.projection.lines.first { $0.itemID == "ctdr.log_ingestion" })
        #expect(line.amount == nil)
        #expect(line.status == .unknownPrice)
        #expect(estimate.notes.warnings.contains { $0.hasPrefix("CTDR Log Ingestion Traffic (ctdr.log_ingestion) has no known price") })
        #expect(estimate.notes.warnings.contains { $0.hasPrefix("Azure internet egress (bandwidth.internet_egress) has no known price") })
    }

    @Test func loaderReportsEveryProblem() {
        let text = """
            schema_version: 1
            vendor: test
            service: sls
            site: intl
            currency: usd
            gigabyte_bytes: 1073741824
            colour: blue
            items:
              - id: sls.a
                title: A
                meter: compressed_bytes
                unit: GB-day
                byte_basis: compressed
                price: 0.1
                source: s
                page_date: d
              - id: ctdr.b
                title: B
                meter: requests
                unit: 1M requests
                byte_basis: raw
                price: "0.2"
                confidence: official-current
                source: s
                page_date: d
              - id: sls.c
                title: C
                meter: raw_bytes
                unit: GB
                byte_basis: raw
                tiers:
                  - {up_to: 50, price: 1}
                  - {up_to: 10, price: 2}
                  - {price: 3}
                tier_mode: volume
                confidence: third-party
                source: s
                page_date: d
              - id: sls.a
                title: A again
                meter: raw_bytes
                unit: GB
                byte_basis: raw
                price: unknown
                source: s
                page_date: d
            """

        #expect {
            _ = try PriceSheetLoader.parse(text, path: "test.yaml")
        } throws: { error in
            guard let error = error as? PriceFileError else { return false }
            let keys = error.problems.map(\.key)
            return keys == [
                "currency", "items[0].unit", "items[0].confidence", "items[1].price", "items[1].id",
                "items[1].byte_basis", "items[2].tiers", "items[3].id", "colour",
            ]
        }
    }

    @Test func loaderReadsTiersAndQuotas() throws {
        let text = """
            schema_version: 1
            vendor: test
            service: bandwidth
            site: global
            currency: USD
            gigabyte_bytes: 1_000_000_000
            minimum_line_amount: 0.01
            items:
              - id: bandwidth.egress
                title: Egress
                meter: kafka_fetch_bytes
                unit: GB
                byte_basis: wire
                tiers:
                  - {up_to: 100, price: 0}
                  - {price: 0.087}
                tier_mode: graduated
                confidence: third-party
                source: somewhere
                page_date: 2026
            """

        let sheet = try PriceSheetLoader.parse(text, path: "bandwidth.yaml")
        let item = try #require(sheet.item("bandwidth.egress"))

        #expect(sheet.gigabyteBytes == 1_000_000_000)
        #expect(sheet.gigabyteDescription == "1 GB = 10⁹ bytes")
        #expect(sheet.rounding.minimumAmount == Decimal(string: "0.01"))
        #expect(item.price == .tiered([PriceTier(upTo: 100, price: 0), PriceTier(upTo: nil, price: Decimal(string: "0.087")!)]))
        #expect(item.tierMode == .graduated)
        #expect(item.tierPeriod == .month)
        #expect(item.byteBasis == .wire)
    }

    @Test func rulesSelectItemsBySettings() throws {
        let rules = try PricingFixtures.book().rules
        let feature = rules.rules(for: .userLogService, settings: CostSettings(slsBilling: .payByFeature)).map(\.itemID)
        let ingested = rules.rules(for: .userLogService, settings: CostSettings(slsBilling: .payByIngestedData)).map(\.itemID)
        let premium = rules.rules(for: .dedicatedChannel, settings: CostSettings(eventHubsTier: .premium)).map(\.itemID)

        #expect(feature.contains("sls.pbf.write_traffic"))
        #expect(!feature.contains("sls.pbi.raw_data"))
        #expect(ingested.contains("sls.pbi.raw_data"))
        #expect(!ingested.contains("sls.pbf.index_traffic"))
        #expect(feature.first == "ctdr.log_ingestion")
        #expect(premium.contains("eventhubs.premium.processing_units"))
        #expect(!premium.contains("eventhubs.standard.ingress_events"))
        let included = rules.rules(for: .dedicatedChannel, settings: CostSettings()).filter { $0.includedIn != nil }
        #expect(included.map(\.itemID) == ["sls.pbf.write_traffic", "sls.pbf.index_traffic", "sls.pbf.requests"])
        #expect(included.allSatisfy { $0.payer == .ctdr })
    }

    @Test func rulesRejectUnknownPayer() {
        let text = """
            schema_version: 1
            modes:
              dedicated-channel:
                - {item: ctdr.log_ingestion, payer: microsoft}
              user-log-service: []
            """
        #expect {
            _ = try BillingRules.parse(text, path: "rules.yaml")
        } throws: { error in
            (error as? PriceFileError)?.problems.map(\.key) == ["modes.dedicated-channel[0].payer"]
        }
    }

    @Test func bookRejectsRuleWithoutItem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pricing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["billing-rules.yaml", "sls-intl.yaml", "ctdr-intl.yaml"] {
            try FileManager.default.copyItem(
                atPath: (PricingFixtures.repositoryPricing as NSString).appendingPathComponent(name),
                toPath: folder.appendingPathComponent(name).path
            )
        }
        let sls = folder.appendingPathComponent("sls-intl.yaml").path
        let text = try String(contentsOfFile: sls, encoding: .utf8)
        try text.replacingOccurrences(of: "id: sls.internet_read", with: "id: sls.internet_read_renamed")
            .write(toFile: sls, atomically: true, encoding: .utf8)

        #expect {
            _ = try PriceBook.load(directory: folder.path)
        } throws: { error in
            (error as? PriceFileError)?.problems.contains { $0.message.contains("sls.internet_read, which") } == true
        }
    }
}

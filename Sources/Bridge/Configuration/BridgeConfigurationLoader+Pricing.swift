import CostModel
import Foundation

extension BridgeConfigurationLoader {
    /// Reads the `pricing:` section. Every key is optional; see docs/configuration.example.yaml.
    func decodePricing(_ section: MappingReader) -> PricingConfiguration {
        defer { section.reportUnknownKeys() }
        var pricing = PricingConfiguration()

        if let prices = section.string("prices") {
            pricing.pricesDirectory = prices.hasPrefix("/") ? prices : section.reader.baseDirectory + "/" + prices
        }
        var settings = pricing.settings
        settings.site = section.choice("site", default: settings.site) ?? settings.site
        settings.slsBilling = section.choice("sls_billing", default: settings.slsBilling) ?? settings.slsBilling
        settings.freeQuotas = section.bool("free_quotas", default: settings.freeQuotas)
        settings.daysPerMonth = section.int("days_per_month", default: 30, range: 28...31, unit: "days")
        if let readBytes = gigabytesPerDay(section, key: "internet_read_gb_per_day") {
            settings.internetReadBytesPerDay = readBytes
        }
        pricing.egressSampleIntervalMilliseconds = section.int(
            "egress_sample_interval_ms", default: 60_000, range: 1_000...3_600_000, unit: "milliseconds"
        )

        if let ctdr = section.section("ctdr") {
            settings.ctdrIngestionBasis = ctdr.choice("ingestion_basis", default: settings.ctdrIngestionBasis)
                ?? settings.ctdrIngestionBasis
            settings.unstatedTierMode = ctdr.choice("tier_mode", default: settings.unstatedTierMode)
                ?? settings.unstatedTierMode
            ctdr.reportUnknownKeys()
        }
        if let azure = section.section("azure") {
            decodeAzure(azure, settings: &settings)
        }
        if let logstore = section.section("logstore") {
            decodeLogstore(logstore, pricing: &pricing)
        }
        pricing.settings = settings
        return pricing
    }

    private func decodeAzure(_ section: MappingReader, settings: inout CostSettings) {
        defer { section.reportUnknownKeys() }
        settings.azureCloud = section.choice("cloud", default: settings.azureCloud) ?? settings.azureCloud
        settings.azureEgressBilled = section.bool("egress_billed", default: settings.azureEgressBilled)

        if let tierName = section.string("event_hubs_tier") {
            if tierName == EventHubsTier.basicName {
                section.reader.report(section.keyPath("event_hubs_tier"), "is basic, which has no Kafka endpoint.",
                                      fix: "ehbridge reads Event Hubs over Kafka, which needs standard, premium or dedicated.")
            } else if let tier = EventHubsTier(rawValue: tierName) {
                settings.eventHubsTier = tier
            } else {
                section.reader.report(section.keyPath("event_hubs_tier"), "is `\(tierName)`, which is not a known tier.",
                                      fix: "Use standard, premium or dedicated.")
            }
        }
        let maxUnits = PricingConfiguration.maxUnits(settings.eventHubsTier)
        settings.eventHubsUnits = section.int("units", default: 1, range: 1...maxUnits, unit: "units")
    }

    private func decodeLogstore(_ section: MappingReader, pricing: inout PricingConfiguration) {
        defer { section.reportUnknownKeys() }
        pricing.indexMode = section.choice("index", default: pricing.indexMode) ?? pricing.indexMode
        pricing.indexFields = section.stringList("index_fields") ?? []
        let retention = section.int("retention_days", default: 30, range: 1...3650, unit: "days")
        let hot = section.int("hot_days", default: retention, range: 1...3650, unit: "days")
        // Absent or null: the data is never archived.
        var archive: Int?
        if section.contains("archive_after_days") {
            archive = section.int("archive_after_days", default: retention, range: 1...3650, unit: "days")
        } else {
            _ = section.node("archive_after_days")
        }
        pricing.storage = StoragePolicy(retentionDays: retention, hotDays: hot, archiveAfterDays: archive)
        pricing.activeShards = section.int("active_shards", default: 2, range: 1...1_024, unit: "shards")

        for problem in pricing.storage.settingProblems() {
            section.reader.report(section.keyPath(problem.setting.rawValue), problem.reason, fix: problem.fix)
        }
        if pricing.indexMode == .fields, pricing.indexFields.isEmpty {
            section.reader.report(section.keyPath("index_fields"), "is empty, but index is `fields`.",
                                  fix: "List the indexed field names, or set index to full-text or none.")
        }
        if pricing.indexMode != .fields, !pricing.indexFields.isEmpty {
            section.reader.report(section.keyPath("index_fields"), "is set, but index is `\(pricing.indexMode.rawValue)`.",
                                  fix: "Remove index_fields, or set index to fields.")
        }
    }

    /// Reads a non-negative decimal number of GB (1024³ bytes) per day and returns bytes per day.
    private func gigabytesPerDay(_ section: MappingReader, key: String) -> Int64? {
        guard let text = section.string(key) else { return nil }
        guard let gigabytes = DecimalText.parse(text), gigabytes >= 0, gigabytes <= 1_000_000 else {
            section.reader.report(section.keyPath(key), "is `\(text)`, which is not a number of GB from 0 to 1000000.",
                                  fix: "Write a decimal number such as 0.5 (GB of 1024³ bytes per day).")
            return nil
        }
        let bytes = DecimalText.rounded(gigabytes * 1_073_741_824, places: 0)
        return NSDecimalNumber(decimal: bytes).int64Value
    }
}

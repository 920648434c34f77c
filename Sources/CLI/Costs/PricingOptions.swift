import CostModel
import Foundation

/// The command-line options that choose price lists and billing settings, shared by `report` and `estimate`.
enum PricingOptions {
    static let specifications = [
        OptionSpecification("prices", .value(placeholder: "DIR"),
                            help: "The folder of price files (default: $EHBRIDGE_PRICING, ./Pricing, or next to ehbridge)."),
        OptionSpecification("site", .value(placeholder: "intl|china"), help: "The Alibaba Cloud site whose prices apply."),
        OptionSpecification("azure-cloud", .value(placeholder: "global|china"), help: "The Azure cloud whose prices apply."),
        OptionSpecification("sls-billing", .value(placeholder: "MODE"),
                            help: "pay-by-feature or pay-by-ingested-data: how the user-log-service Logstore bills."),
        OptionSpecification("ctdr-basis", .value(placeholder: "raw|normalized"),
                            help: "The bytes CTDR Log Ingestion Traffic counts (not stated by the vendor)."),
        OptionSpecification("ctdr-tier-mode", .value(placeholder: "volume|graduated"),
                            help: "How CTDR's ingestion tiers apply (not stated by the vendor)."),
        OptionSpecification("event-hubs-tier", .value(placeholder: "TIER"), help: "standard, premium or dedicated."),
        OptionSpecification("event-hubs-units", .value(placeholder: "N"),
                            help: "Event Hubs throughput, processing or capacity units held all month."),
        OptionSpecification("internet-read-gb-per-day", .value(placeholder: "X"),
                            help: "GB (1024³ bytes) per day read from the Logstore over public endpoints."),
        OptionSpecification("no-free-quotas", .flag, help: "Do not apply SLS free quotas (a resource plan is in use)."),
        OptionSpecification("no-egress", .flag, help: "Azure bills no egress (ehbridge runs inside Azure)."),
    ]

    /// Applies the options given in `arguments` to `settings`.
    static func apply(_ arguments: ParsedArguments, to settings: inout CostSettings) throws(UsageError) {
        settings.site = try choice(arguments, "site") ?? settings.site
        settings.azureCloud = try choice(arguments, "azure-cloud") ?? settings.azureCloud
        settings.slsBilling = try choice(arguments, "sls-billing") ?? settings.slsBilling
        settings.ctdrIngestionBasis = try choice(arguments, "ctdr-basis") ?? settings.ctdrIngestionBasis
        settings.unstatedTierMode = try choice(arguments, "ctdr-tier-mode") ?? settings.unstatedTierMode
        if let tier = arguments.value("event-hubs-tier") {
            guard tier != EventHubsTier.basicName else {
                throw UsageError("--event-hubs-tier basic has no Kafka endpoint, so ehbridge cannot read from it; "
                    + "use standard, premium or dedicated.")
            }
            settings.eventHubsTier = try choice(arguments, "event-hubs-tier") ?? settings.eventHubsTier
        }
        settings.eventHubsUnits = try arguments.positiveInteger("event-hubs-units") ?? settings.eventHubsUnits
        if let read = try decimal(arguments, "internet-read-gb-per-day", allowZero: true) {
            settings.internetReadBytesPerDay = NSDecimalNumber(
                decimal: DecimalText.rounded(read * 1_073_741_824, places: 0)
            ).int64Value
        }
        if arguments.isSet("no-free-quotas") { settings.freeQuotas = false }
        if arguments.isSet("no-egress") { settings.azureEgressBilled = false }
    }

    /// Loads the price book from `--prices`, `configured`, or the default places.
    ///
    /// - Throws: ``UsageError`` when no folder is found, and ``ConfigurationErrorReport`` listing the problems of
    ///   invalid price files; both exit with status 2.
    static func loadBook(_ arguments: ParsedArguments, configured: String?, context: CommandContext) throws -> PriceBook {
        guard let directory = arguments.value("prices") ?? configured
            ?? PriceBook.defaultDirectory(environment: context.environment)
        else {
            throw UsageError("no price folder found. Pass --prices DIR (the Pricing folder of the ehbridge sources) "
                + "or set EHBRIDGE_PRICING.")
        }
        do {
            return try PriceBook.load(directory: directory)
        } catch {
            throw ConfigurationErrorReport(description: error.description)
        }
    }

    /// Creates the estimate builder, turning a missing price file into a configuration report.
    static func builder(book: PriceBook, settings: CostSettings) throws -> CostEstimateBuilder {
        do {
            return try CostEstimateBuilder(book: book, settings: settings)
        } catch {
            throw ConfigurationErrorReport(description: error.description)
        }
    }

    static func choice<Choice: RawRepresentable & CaseIterable>(
        _ arguments: ParsedArguments, _ name: String
    ) throws(UsageError) -> Choice? where Choice.RawValue == String {
        guard let text = arguments.value(name) else { return nil }
        guard let value = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("--\(name) must be one of \(allowed), not `\(text)`.")
        }
        return value
    }

    /// The largest `--gb-per-day` the cost commands accept: 1 PB per day, far beyond one namespace's traffic.
    static let maximumGigabytesPerDay: Decimal = 1_000_000

    /// Reads `--gb-per-day`, raw Kafka GB (1024³ bytes) per day, up to ``maximumGigabytesPerDay``.
    static func gigabytesPerDay(_ arguments: ParsedArguments) throws(UsageError) -> Decimal? {
        try decimal(arguments, "gb-per-day", maximum: maximumGigabytesPerDay)
    }

    /// Reads a non-negative (or, without `allowZero`, positive) decimal option of at most `maximum`.
    static func decimal(
        _ arguments: ParsedArguments, _ name: String, allowZero: Bool = false, maximum: Decimal? = nil
    ) throws(UsageError) -> Decimal? {
        guard let text = arguments.value(name) else { return nil }
        let kind = allowZero ? "non-negative" : "positive"
        guard let value = DecimalText.parse(text) else {
            // Well-formed but beyond what Decimal holds, such as 1e300.
            if Double(text) != nil, text.allSatisfy({ "0123456789.eE+-_".contains($0) }) {
                throw UsageError("--\(name) `\(text)` is out of range; give a \(kind) number such as 12.5"
                    + (maximum.map { ", at most \($0)" } ?? "") + ".")
            }
            throw UsageError("--\(name) must be a \(kind) decimal number, such as 12.5, not `\(text)`.")
        }
        guard allowZero ? value >= 0 : value > 0 else {
            throw UsageError("--\(name) must be a \(kind) decimal number, such as 12.5, not `\(text)`.")
        }
        if let maximum, value > maximum {
            throw UsageError("--\(name) must be at most \(maximum), not `\(text)`.")
        }
        return value
    }
}

import CostModel
import Foundation
import Storage

/// Renders a ``CostEstimate`` as JSON for scripts.
///
/// `line_items` lists every line, projected and measured, each with its scenario, period, mode, payer, item id,
/// quantity (billed, in `unit`), unit price, currency and amount. Numbers are exact decimals; amounts are
/// rounded as billed, and `exact_amount` keeps the value before rounding. A null amount means an unknown price.
public enum CostReportJSON {
    public static func render(_ estimate: CostEstimate) -> String {
        var members: [(String, JSONValue)] = [
            ("report", .string("ehbridge cost estimate")),
            ("origin", origin(estimate.origin)),
            ("settings", settings(estimate.settings)),
            ("prices", .string(estimate.priceDirectory)),
            ("comparison", .array(comparison(estimate))),
            ("line_items", .array(estimate.scenarios.flatMap { scenario in
                ([scenario.projection] + scenario.observed).flatMap { period in
                    period.lines.map { line(scenario: scenario, $0) }
                }
            })),
        ]
        members.append(("scenarios", .array(estimate.scenarios.map(scenario))))
        members.append(("warnings", .array(estimate.notes.warnings.map(JSONValue.string))))
        members.append(("assumptions", .array(estimate.notes.assumptions.map(JSONValue.string))))
        members.append(("sources", .array(estimate.sources.map(source))))
        return JSONValue.object(members).rendered()
    }

    private static func origin(_ origin: CostEstimate.Origin) -> JSONValue {
        switch origin {
        case .assumptions:
            return .object([("kind", .string("assumptions"))])
        case .meter(let files, let range, let window):
            return .object([
                ("kind", .string("meter")),
                ("files", .array(files.map(JSONValue.string))),
                ("from_ms", range.startMilliseconds.map(JSONValue.integer) ?? .null),
                ("to_ms", range.endMilliseconds.map(JSONValue.integer) ?? .null),
                ("window_ms", .integer(window)),
            ])
        }
    }

    private static func settings(_ settings: CostSettings) -> JSONValue {
        .object([
            ("site", .string(settings.site.rawValue)),
            ("azure_cloud", .string(settings.azureCloud.rawValue)),
            ("sls_billing", .string(settings.slsBilling.rawValue)),
            ("ctdr_ingestion_basis", .string(settings.ctdrIngestionBasis.rawValue)),
            ("unstated_tier_mode", .string(settings.unstatedTierMode.rawValue)),
            ("event_hubs_tier", .string(settings.eventHubsTier.rawValue)),
            ("event_hubs_units", .integer(settings.eventHubsUnits)),
            ("azure_egress_billed", .bool(settings.azureEgressBilled)),
            ("internet_read_bytes_per_day", .integer(settings.internetReadBytesPerDay)),
            ("free_quotas", .bool(settings.freeQuotas)),
            ("days_per_month", .integer(settings.daysPerMonth)),
        ])
    }

    private static func comparison(_ estimate: CostEstimate) -> [JSONValue] {
        estimate.scenarios.flatMap { scenario in
            scenario.projection.totals.map { total in
                JSONValue.object([
                    ("scenario", .string(scenario.name)),
                    ("mode", .string(scenario.mode.rawValue)),
                    ("delivery", .string(scenario.delivery?.rawValue)),
                    ("payer", .string(total.payer.rawValue)),
                    ("currency", .string(total.currency.rawValue)),
                    ("amount", .money(total.amount)),
                    ("complete", .bool(total.isComplete)),
                    ("unknown_items", .array(total.unknownItems.map(JSONValue.string))),
                ])
            }
        }
    }

    private static func line(scenario: CostEstimate.Scenario, _ line: CostLineItem) -> JSONValue {
        .object([
            ("scenario", .string(scenario.name)),
            ("period", .string(line.period)),
            ("mode", .string(line.mode.rawValue)),
            ("delivery", .string(scenario.delivery?.rawValue)),
            ("payer", .string(line.payer.rawValue)),
            ("item_id", .string(line.itemID)),
            ("title", .string(line.title)),
            ("quantity", .decimal(line.billedQuantity)),
            ("used_quantity", .decimal(line.usedQuantity)),
            ("free_quantity", .decimal(line.freeQuantity)),
            ("unit", .string(line.unit)),
            ("unit_price", .decimal(line.unitPrice)),
            ("effective_unit_price", .decimal(line.effectiveUnitPrice)),
            ("currency", .string(line.currency.rawValue)),
            ("amount", line.amount.map(JSONValue.money) ?? .null),
            ("exact_amount", .decimal(line.exactAmount)),
            ("status", .string(ReportText.status(line))),
            ("confidence", .string(line.confidence?.rawValue)),
            ("byte_basis", .string(line.byteBasis.rawValue)),
            ("gigabyte", .string(line.gigabyte)),
            ("tiers", .string(line.tierNote)),
        ])
    }

    private static func scenario(_ scenario: CostEstimate.Scenario) -> JSONValue {
        .object([
            ("name", .string(scenario.name)),
            ("mode", .string(scenario.mode.rawValue)),
            ("delivery", .string(scenario.delivery?.rawValue)),
            ("window_ms", scenario.windowMilliseconds.map(JSONValue.integer) ?? .null),
            ("daily_volume", volume(scenario.dailyVolume)),
            ("measured", scenario.measured.map(measured) ?? .null),
            ("logstore", .object([
                ("retention_days", .integer(scenario.logstore.policy.retentionDays)),
                ("hot_days", .integer(scenario.logstore.policy.hotDays)),
                ("archive_after_days", scenario.logstore.policy.archiveAfterDays.map(JSONValue.integer) ?? .null),
                ("active_shards", .integer(scenario.logstore.activeShards)),
            ])),
            ("projection", period(scenario.projection)),
            ("measured_months", .array(scenario.observed.map(period))),
            ("daily_series", .array(scenario.observedDays.map { day in
                JSONValue.object([("day", .string(day.day.description)), ("volume", volume(day.volume)),
                                  ("active_shards", .integer(day.activeShards))])
            })),
            ("tier_arithmetic", .array(scenario.tiers.map(tier))),
        ])
    }

    private static func period(_ period: PeriodCost) -> JSONValue {
        .object([
            ("period", .string(period.period)),
            ("days", .integer(period.days)),
            ("totals", .array(period.totals.map { total in
                JSONValue.object([
                    ("payer", .string(total.payer.rawValue)),
                    ("currency", .string(total.currency.rawValue)),
                    ("amount", .money(total.amount)),
                    ("complete", .bool(total.isComplete)),
                ])
            })),
        ])
    }

    private static func measured(_ amounts: MeterAmounts) -> JSONValue {
        .object([
            ("accepted_requests", .integer(amounts.requests)),
            ("attempts", .integer(amounts.attempts)),
            ("records", .integer(amounts.records)),
            ("entries", .integer(amounts.entries)),
            ("raw_bytes", .integer(amounts.rawBytes)),
            ("normalized_bytes", .integer(amounts.normalizedBytes)),
            ("compressed_bytes", .integer(amounts.compressedBytes)),
        ])
    }

    private static func volume(_ volume: DailyVolume) -> JSONValue {
        .object([
            ("raw_bytes", .decimal(volume.rawBytes, maxPlaces: 3)),
            ("normalized_bytes", .decimal(volume.normalizedBytes, maxPlaces: 3)),
            ("compressed_bytes", .decimal(volume.compressedBytes, maxPlaces: 3)),
            ("indexed_bytes", .decimal(volume.indexedBytes, maxPlaces: 3)),
            ("stored_bytes", .decimal(volume.storedBytes, maxPlaces: 3)),
            ("requests", .decimal(volume.requests, maxPlaces: 3)),
            ("billable_events", .decimal(volume.billableEvents, maxPlaces: 3)),
            ("kafka_fetch_bytes", .decimal(volume.kafkaFetchBytes, maxPlaces: 3)),
        ])
    }

    private static func tier(_ tier: TierExplanation) -> JSONValue {
        .object([
            ("item_id", .string(tier.itemID)),
            ("tier_period", .string(tier.tierPeriod.rawValue)),
            ("unit", .string(tier.unit)),
            ("currency", .string(tier.currency.rawValue)),
            ("used_quantity", .decimal(tier.usedQuantity)),
            ("billed_quantity", .decimal(tier.billedQuantity)),
            ("tier_reached", .integer(tier.tierReached)),
            ("tier_range", .string(tier.tierRange)),
            ("volume_amount", .decimal(tier.volumeAmount)),
            ("graduated_amount", .decimal(tier.graduatedAmount)),
            ("applied_mode", .string(tier.appliedMode.rawValue)),
            ("mode_stated_by_vendor", .bool(tier.modeIsStated)),
            ("periods_per_month", .integer(tier.periodsPerMonth)),
        ])
    }

    private static func source(_ source: PriceSourceLine) -> JSONValue {
        .object([
            ("item_id", .string(source.itemID)),
            ("title", .string(source.title)),
            ("file", .string(source.file)),
            ("currency", .string(source.currency.rawValue)),
            ("price", .string(source.price)),
            ("unit", .string(source.unit)),
            ("gigabyte", .string(source.gigabyte)),
            ("byte_basis", .string(source.byteBasis.rawValue)),
            ("confidence", .string(source.confidence?.rawValue)),
            ("source", .string(source.source)),
            ("page_date", .string(source.pageDate)),
        ])
    }
}

import Foundation
import YAML

/// Reads one price file (YAML, see `Pricing/README.md`) into a ``PriceSheet`` and checks it.
public enum PriceSheetLoader {
    /// The layout version this build reads.
    public static let schemaVersion = 1

    /// Reads and checks the file at `path`.
    ///
    /// - Throws: ``PriceFileError`` listing every problem: unreadable or invalid YAML, missing or unknown keys,
    ///   prices that are not decimal numbers, a unit that does not fit the item's meter, tiers out of order, and
    ///   duplicate item ids.
    public static func load(path: String) throws(PriceFileError) -> PriceSheet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PriceFileError(path: path, problems: [
                PriceFileProblem(key: "(file)", line: nil, message: "cannot be read. Check the path and permissions."),
            ])
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses the text of a price file. `path` only names the file in errors and in the sheet.
    public static func parse(_ text: String, path: String) throws(PriceFileError) -> PriceSheet {
        let root: YAMLNode?
        do {
            root = try YAMLDocument.parse(text)
        } catch {
            throw PriceFileError(path: path, problems: [
                PriceFileProblem(key: "(file)", line: error.mark.line, message: error.description),
            ])
        }
        guard let root else {
            throw PriceFileError(path: path, problems: [
                PriceFileProblem(key: "(file)", line: nil, message: "is empty. Start from an existing price file."),
            ])
        }

        let reader = YAMLFieldReader()
        let sheet = decodeSheet(root, reader: reader, path: path)
        if let sheet, reader.problems.isEmpty { return sheet }
        throw PriceFileError(path: path, problems: reader.problems)
    }

    private static func decodeSheet(_ root: YAMLNode, reader: YAMLFieldReader, path: String) -> PriceSheet? {
        guard let top = reader.mapping(root, path: "") else { return nil }
        defer { top.reportUnknownKeys() }

        if let version = top.integer("schema_version", required: true, range: 1...1_000), version != schemaVersion {
            top.report("schema_version", "is \(version), but this ehbridge reads version \(schemaVersion).")
        }
        let vendor = top.string("vendor", required: true)
        let service: PriceService? = top.choice("service", required: true)
        let site = top.string("site", required: true)
        let currency = top.string("currency", required: true).map { Currency(rawValue: $0) }
        let gigabyteBytes = top.decimal("gigabyte_bytes", required: true)
        let region = top.string("region")
        let taxIncluded = top.bool("tax_included") ?? false
        let minimumLineAmount = top.decimal("minimum_line_amount")
        let tiersWithoutKafka = top.stringList("tiers_without_kafka") ?? []
        let itemNodes = top.sequence("items", required: true) ?? []

        if let gigabyteBytes, gigabyteBytes <= 0 {
            top.report("gigabyte_bytes", "must be positive, such as 1073741824 (1024³) or 1000000000 (10⁹).")
        }
        if let currency, currency.rawValue.count != 3 || currency.rawValue.uppercased() != currency.rawValue {
            top.report("currency", "is `\(currency)`. Write an ISO 4217 code such as USD or CNY.")
        }

        var items: [PriceItem] = []
        var seen = Set<String>()
        for (index, node) in itemNodes.enumerated() {
            guard let fields = reader.mapping(node, path: "items[\(index)]") else { continue }
            guard let item = decodeItem(fields, service: service) else { continue }
            if !seen.insert(item.id).inserted {
                fields.report("id", "repeats the id `\(item.id)`. Every item id must be unique in a file.")
            }
            items.append(item)
        }

        guard let vendor, let service, let site, let currency, let gigabyteBytes else { return nil }
        return PriceSheet(
            path: path, vendor: vendor, service: service, site: site, currency: currency,
            gigabyteBytes: gigabyteBytes, region: region, taxIncluded: taxIncluded,
            rounding: LineAmountRounding(minimumAmount: minimumLineAmount), tiersWithoutKafka: tiersWithoutKafka,
            items: items
        )
    }

    private static func decodeItem(_ fields: YAMLMappingFields, service: PriceService?) -> PriceItem? {
        defer { fields.reportUnknownKeys() }

        let id = fields.string("id", required: true)
        let title = fields.string("title", required: true)
        let meter: UsageMeter? = fields.choice("meter", required: true)
        let unitText = fields.string("unit", required: true)
        let byteBasis: ByteBasis? = fields.choice("byte_basis", required: true)
        let confidence: PriceConfidence? = fields.choice("confidence")
        let source = fields.string("source", required: true)
        let pageDate = fields.string("page_date", required: true)
        let note = fields.string("note")
        let tierPeriod: TierPeriod = fields.choice("tier_period") ?? .month
        let purchaseIncrement = fields.decimal("purchase_increment")
        let freePerMonth = fields.decimal("free_per_month")
        let billableFromAgeDays = fields.integer("billable_from_age_days", range: 0...3650) ?? 0
        let price = decodePrice(fields)
        let tierMode = decodeTierMode(fields)

        let unit = unitText.flatMap { PriceUnit(text: $0) }
        if let unitText, unit == nil {
            fields.report("unit", "is `\(unitText)`. Use GB, GB-day, GB-month, shard-day, `1M <things>` or `<unit>-hour`.")
        }
        if let id, let service, !id.hasPrefix(service.itemPrefix) {
            fields.report("id", "is `\(id)`, but items of the service \(service.rawValue) start with `\(service.itemPrefix)`.")
        }
        if let meter, let unit, meter.dimension != unit.dimension {
            fields.report("unit", "is \(unit.text), which does not measure the meter \(meter.rawValue) "
                + "(\(meter.dimension.rawValue)).")
        }
        if let meter, let byteBasis {
            let isByteMeter = meter.dimension == .bytes || meter.dimension == .byteDays
            if isByteMeter == (byteBasis == .none) {
                fields.report("byte_basis", isByteMeter
                    ? "is none, but the meter \(meter.rawValue) counts bytes. Say whether they are raw, compressed or wire bytes."
                    : "is \(byteBasis.rawValue), but the meter \(meter.rawValue) does not count bytes. Write none.")
            }
        }
        if let price, price != .unknown, confidence == nil {
            fields.report("confidence", "is missing. Tag a known price official-current, official-dated or third-party.")
        }
        if case .tiered = price, tierMode == nil, fields.string("tier_mode") == nil {
            fields.report("tier_mode", "is missing. Write volume, graduated or unstated for tiered prices.")
        }
        if tierPeriod == .day, freePerMonth != nil {
            fields.report("free_per_month", "cannot be combined with tier_period: day. Remove one of the two.")
        }
        for (key, value) in [("purchase_increment", purchaseIncrement), ("free_per_month", freePerMonth)] {
            if let value, value <= 0 {
                fields.report(key, "must be positive.")
            }
        }

        guard let id, let title, let meter, let unit, let byteBasis, let source, let pageDate, let price else {
            return nil
        }
        return PriceItem(
            id: id, title: title, meter: meter, unit: unit, price: price, tierMode: tierMode, tierPeriod: tierPeriod,
            purchaseIncrement: purchaseIncrement, freePerMonth: freePerMonth, billableFromAgeDays: billableFromAgeDays,
            byteBasis: byteBasis, confidence: confidence, source: source, pageDate: pageDate, note: note
        )
    }

    /// Reads `price: <decimal>`, `price: unknown` or a `tiers:` list; exactly one of the two keys.
    private static func decodePrice(_ fields: YAMLMappingFields) -> PriceItem.Price? {
        let priceScalar = fields.scalar("price", required: false)
        let tierNodes = fields.sequence("tiers")

        switch (priceScalar, tierNodes) {
        case (.some, .some):
            fields.report("price", "is given together with tiers. Keep one of the two.")
            return nil
        case (nil, nil):
            fields.report("price", "is missing. Write a decimal number, `unknown`, or a `tiers:` list.")
            return nil
        case (.some(let scalar), nil):
            if scalar.text == "unknown" { return .unknown }
            guard scalar.style == .plain, let value = DecimalText.parse(scalar.text), value >= 0 else {
                fields.report("price", "is `\(scalar.text)`. Write a decimal number such as 0.045, or `unknown`.",
                              line: scalar.mark.line)
                return nil
            }
            return .flat(value)
        case (nil, .some(let nodes)):
            return decodeTiers(nodes, fields: fields)
        }
    }

    private static func decodeTiers(_ nodes: [YAMLNode], fields: YAMLMappingFields) -> PriceItem.Price? {
        var tiers: [PriceTier] = []
        var valid = true
        for (index, node) in nodes.enumerated() {
            guard let tier = fields.reader.mapping(node, path: fields.keyPath("tiers[\(index)]")) else {
                valid = false
                continue
            }
            let upTo = tier.decimal("up_to")
            let price = tier.decimal("price", required: true)
            tier.reportUnknownKeys()
            guard let price else {
                valid = false
                continue
            }
            tiers.append(PriceTier(upTo: upTo, price: price))
        }
        guard valid else { return nil }

        guard !tiers.isEmpty, tiers.last?.upTo == nil, tiers.dropLast().allSatisfy({ $0.upTo != nil }) else {
            fields.report("tiers", "must end with one tier without up_to, and every other tier needs up_to.")
            return nil
        }
        let bounds = tiers.compactMap(\.upTo)
        guard zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }), bounds.allSatisfy({ $0 > 0 }) else {
            fields.report("tiers", "must have positive up_to bounds in ascending order.")
            return nil
        }
        return .tiered(tiers)
    }

    /// Reads `tier_mode`: `volume`, `graduated`, or `unstated` (nil: the vendor does not state it).
    private static func decodeTierMode(_ fields: YAMLMappingFields) -> TierMode? {
        guard let scalar = fields.scalar("tier_mode", required: false) else { return nil }
        if scalar.text == "unstated" { return nil }
        guard let mode = TierMode(rawValue: scalar.text) else {
            fields.report("tier_mode", "is `\(scalar.text)`, which is not one of: volume, graduated, unstated.",
                          line: scalar.mark.line)
            return nil
        }
        return mode
    }
}

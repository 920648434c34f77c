import Foundation

/// The origin of one price used by an estimate, for the sources list of a report.
public struct PriceSourceLine: Sendable, Equatable {
    public var itemID: String
    public var title: String
    /// The price file's name, such as `sls-intl.yaml`.
    public var file: String
    public var currency: Currency
    /// The price as text: a number, the tiers (`0.60 up to 10; 0.48 up to 50; …`) or `unknown`.
    public var price: String
    public var unit: String
    /// The GB of the sheet in words, or nil for items not priced by bytes.
    public var gigabyte: String?
    public var byteBasis: ByteBasis
    public var confidence: PriceConfidence?
    public var source: String
    public var pageDate: String

    public init(item: PriceItem, sheet: PriceSheet) {
        itemID = item.id
        title = item.title
        file = (sheet.path as NSString).lastPathComponent
        currency = sheet.currency
        switch item.price {
        case .flat(let value):
            price = DecimalText.plain(value, maxPlaces: 8)
        case .tiered(let tiers):
            price = tiers.map { tier in
                let bound = tier.upTo.map { " up to \(DecimalText.plain($0))" } ?? " above"
                return DecimalText.plain(tier.price, maxPlaces: 8) + bound
            }.joined(separator: "; ")
        case .unknown:
            price = "unknown"
        }
        unit = item.unit.text
        let byteMeter = item.meter.dimension == .bytes || item.meter.dimension == .byteDays
        gigabyte = byteMeter ? sheet.gigabyteDescription : nil
        byteBasis = item.byteBasis
        confidence = item.confidence
        source = item.source
        pageDate = item.pageDate
    }
}

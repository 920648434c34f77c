import Foundation

/// The service a price list covers.
public enum PriceService: String, Sendable, CaseIterable, Comparable {
    /// Alibaba Cloud Simple Log Service.
    case sls
    /// Security Center's Threat Analysis and Response (CTDR).
    case ctdr
    /// Azure Event Hubs.
    case eventHubs = "event-hubs"
    /// Azure bandwidth (outbound data transfer).
    case bandwidth

    /// The prefix of every item id of this service, such as `sls.`.
    public var itemPrefix: String {
        switch self {
        case .sls: "sls."
        case .ctdr: "ctdr."
        case .eventHubs: "eventhubs."
        case .bandwidth: "bandwidth."
        }
    }

    public static func < (lhs: PriceService, rhs: PriceService) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One price file: the prices of one service on one site, in one currency.
public struct PriceSheet: Sendable, Equatable {
    /// The file the sheet was read from.
    public var path: String
    /// Such as `alibaba-cloud` or `azure`.
    public var vendor: String
    public var service: PriceService
    /// `intl` or `china` for Alibaba Cloud, `global` or `china` for Azure.
    public var site: String
    public var currency: Currency
    /// Bytes in one GB of this sheet: 1,073,741,824 (1024³) for SLS, 1,000,000,000 for Azure.
    public var gigabyteBytes: Decimal
    /// The region the prices apply to, when they differ by region.
    public var region: String?
    /// Whether the prices include tax.
    public var taxIncluded: Bool
    public var rounding: LineAmountRounding
    /// Event Hubs tiers without a Kafka endpoint, such as `basic`; empty for other services.
    public var tiersWithoutKafka: [String]
    public var items: [PriceItem]

    public init(
        path: String, vendor: String, service: PriceService, site: String, currency: Currency,
        gigabyteBytes: Decimal, region: String? = nil, taxIncluded: Bool = false,
        rounding: LineAmountRounding = LineAmountRounding(), tiersWithoutKafka: [String] = [], items: [PriceItem]
    ) {
        self.path = path
        self.vendor = vendor
        self.service = service
        self.site = site
        self.currency = currency
        self.gigabyteBytes = gigabyteBytes
        self.region = region
        self.taxIncluded = taxIncluded
        self.rounding = rounding
        self.tiersWithoutKafka = tiersWithoutKafka
        self.items = items
    }

    /// Returns the item with this id, or nil.
    public func item(_ id: String) -> PriceItem? {
        items.first { $0.id == id }
    }

    /// The GB of this sheet in words, for reports.
    public var gigabyteDescription: String {
        switch gigabyteBytes {
        case 1_073_741_824: "1 GB = 1024³ bytes"
        case 1_000_000_000: "1 GB = 10⁹ bytes"
        default: "1 GB = \(DecimalText.plain(gigabyteBytes)) bytes"
        }
    }
}

/// The currency of a price list, as an ISO 4217 code. Amounts in different currencies are never added or
/// converted: totals are kept per currency.
public struct Currency: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// US dollars, used by Alibaba Cloud's international site and by global Azure.
    public static let usd = Currency(rawValue: "USD")
    /// Chinese yuan, used by Alibaba Cloud's China site and by Azure operated by 21Vianet.
    public static let cny = Currency(rawValue: "CNY")

    public static func < (lhs: Currency, rhs: Currency) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}

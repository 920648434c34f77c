/// How far a price can be trusted, as tagged in the price files.
public enum PriceConfidence: String, Sendable, CaseIterable, Comparable {
    /// From the vendor's own page, dated 2024 or later.
    case officialCurrent = "official-current"
    /// From the vendor's own page, older or undated.
    case officialDated = "official-dated"
    /// Not from the vendor: a placeholder until an official figure is found.
    case thirdParty = "third-party"

    public static func < (lhs: PriceConfidence, rhs: PriceConfidence) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The bytes a byte-priced item is charged on.
public enum ByteBasis: String, Sendable, CaseIterable {
    /// Uncompressed bytes.
    case raw
    /// Bytes after compression, as sent or stored.
    case compressed
    /// Bytes on the network, protocol framing included.
    case wire
    /// The item is not priced by bytes.
    case none
}

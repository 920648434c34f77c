/// The sender of the bill for a line item.
public enum Payer: String, Sendable, CaseIterable, Comparable {
    /// Security Center's Threat Analysis and Response (CTDR).
    case ctdr
    /// Simple Log Service.
    case sls
    /// Microsoft Azure (Event Hubs and bandwidth).
    case azure

    public var title: String {
        switch self {
        case .ctdr: "CTDR"
        case .sls: "SLS"
        case .azure: "Azure"
        }
    }

    public static func < (lhs: Payer, rhs: Payer) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

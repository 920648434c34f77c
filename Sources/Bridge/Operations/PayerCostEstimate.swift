import Foundation

/// One payer's share of the running cost estimate, as the cost model computes it from the meter, for the
/// `ehbridge_cost_estimate` gauge.
public struct PayerCostEstimate: Sendable, Equatable {
    /// The party that bills the amount, such as `ctdr` (Security Center), `sls` or `azure`.
    public var payer: String
    /// The ISO 4217 currency code of ``amount``, such as `USD`.
    public var currency: String
    /// An estimate, not a bill: the cost model's rules applied to what the meter recorded.
    public var amount: Decimal
    /// False when a line of the payer has no known price, so that ``amount`` is only a lower bound.
    public var isComplete: Bool

    public init(payer: String, currency: String, amount: Decimal, isComplete: Bool = true) {
        self.payer = payer
        self.currency = currency
        self.amount = amount
        self.isComplete = isComplete
    }
}

/// The warnings and assumptions of an estimate, each listed once, in the order they arose.
public struct CostNotes: Sendable, Equatable {
    /// Reasons a figure is incomplete or less certain, such as unknown prices or missing measurements.
    public private(set) var warnings: [String] = []
    /// Assumptions the estimate makes where the vendors or the meter give no figure.
    public private(set) var assumptions: [String] = []

    public init() {}

    public mutating func warn(_ text: String) {
        if !warnings.contains(text) { warnings.append(text) }
    }

    public mutating func assume(_ text: String) {
        if !assumptions.contains(text) { assumptions.append(text) }
    }

    public mutating func merge(_ other: CostNotes) {
        for warning in other.warnings { warn(warning) }
        for assumption in other.assumptions { assume(assumption) }
    }
}

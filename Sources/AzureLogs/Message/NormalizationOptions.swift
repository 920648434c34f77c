/// Settings of ``AzureLogNormalizer``.
public struct NormalizationOptions: Sendable, Equatable {
    /// Whether each record's entry gets the `ehb_` fields (time, category, resource id, operation, caller IP,
    /// level) after its source fields. The markers `ehb_time_source` and the `ehb_raw`/`ehb_parse_error`
    /// fields of unparsed input are written either way.
    public var derivedFields: Bool

    public init(derivedFields: Bool = true) {
        self.derivedFields = derivedFields
    }
}

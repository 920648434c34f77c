/// Settings of ``AzureLogNormalizer``. The defaults suit Azure diagnostic settings traffic: every derived
/// field, header tags, no sanitizers and no flow-tuple expansion.
public struct NormalizationOptions: Sendable, Equatable {
    /// The `ehb_` fields each record's entry gets after its source fields. The markers (`ehb_time_source`,
    /// `ehb_original_time`, `ehb_sanitized`, `ehb_truncated`) and the fields of raw entries are written
    /// whatever this contains, because without them an entry would misstate its data.
    public var derivedFields: DerivedFieldSet
    /// Repairs for known broken producers, tried only on input that strict JSON parsing rejects.
    public var sanitizers: SanitizerSet
    /// Per-value, per-entry and time limits of SLS, and the gzip size cap.
    public var limits: NormalizationLimits
    /// Whether NSG flow-log and VNet flow-log records become one entry per flow tuple instead of one entry
    /// per record. Off by default, because it multiplies the entry count (and the SLS write count).
    public var expandFlowTuples: Bool
    /// Whether Kafka headers become ``NormalizedMessage/tags``. A header that differs on every message (a
    /// trace id, for example) makes every message its own LogGroup when the pipeline groups by tags.
    public var headerTags: Bool

    public init(
        derivedFields: DerivedFieldSet = .all, sanitizers: SanitizerSet = [], limits: NormalizationLimits = .init(),
        expandFlowTuples: Bool = false, headerTags: Bool = true
    ) {
        self.derivedFields = derivedFields
        self.sanitizers = sanitizers
        self.limits = limits
        self.expandFlowTuples = expandFlowTuples
        self.headerTags = headerTags
    }
}

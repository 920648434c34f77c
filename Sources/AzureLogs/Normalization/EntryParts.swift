import Core

/// The parts of one entry before the added fields and the limits: its own contents, its time and the
/// derived values.
struct EntryParts {
    /// The record's contents (or the fields of a raw entry), in order, keys unique.
    var contents: [LogContent]
    /// Whether some key in ``contents`` starts with `ehb_`, so that an added field must check for a clash.
    var hasBridgePrefixedKey: Bool
    /// The entry time before the SLS time window is applied.
    var time: EntryTime
    /// The derived values of the record; nil for raw entries and when no derived field is selected.
    var derived: DerivedFieldValues?
    /// Keys whose string value starts with `{` but is not JSON.
    var unparsedJSONKeys: [String] = []
}

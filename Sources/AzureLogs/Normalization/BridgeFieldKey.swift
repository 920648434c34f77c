/// Keys of the contents the normalizer adds to entries. All start with `ehb_`, and a source field with the
/// same key keeps its value: the added content is then left out.
public enum BridgeFieldKey {
    /// The entry time as RFC 3339 text in UTC, with the source's fractional digits (up to 9).
    public static let time = "ehb_time"
    /// The source of the entry time when the record had no parseable time: `kafka` or `received`.
    public static let timeSource = "ehb_time_source"
    public static let category = "ehb_category"
    /// The resource id, lower-cased.
    public static let resourceId = "ehb_resource_id"
    public static let operation = "ehb_operation"
    /// The caller's IP address without a port.
    public static let callerIP = "ehb_caller_ip"
    /// One of `Critical`, `Error`, `Warning`, `Informational`, `Verbose`.
    public static let level = "ehb_level"
    /// The text of input that could not be read as a record.
    public static let raw = "ehb_raw"
    /// A short English description of why the input could not be read as a record.
    public static let parseError = "ehb_parse_error"
    /// The byte offset in the message value where reading stopped, in decimal.
    public static let parseErrorOffset = "ehb_parse_error_offset"
}

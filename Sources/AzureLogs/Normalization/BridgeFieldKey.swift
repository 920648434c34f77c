/// Keys of the contents the normalizer adds to entries, all starting with `ehb_`.
///
/// Record keys are matched with ASCII letters compared case-insensitively, `{"value": ..., "localizedValue":
/// ...}` objects count as their `value`, and empty strings count as absent. An added content without a value
/// is left out. A source field with the same key as an added content keeps its value, and the added content
/// is then left out.
public enum BridgeFieldKey {
    /// The entry time as RFC 3339 text in UTC, with the source's fractional digits (up to 9), for example
    /// `2026-03-01T10:00:00.1234567Z`. A Kafka or receive time has 3 digits.
    public static let time = "ehb_time"
    /// The source of the entry time when the record had no parseable time: `kafka` or `received`.
    public static let timeSource = "ehb_time_source"
    /// `SecurityAlert` when `AlertType` has a value (Defender for Cloud alerts); otherwise `category`, then
    /// `categoryValue`. The Activity Log values `Write`, `Delete` and `Action` are replaced by
    /// `properties.eventCategory` when it is present.
    public static let category = "ehb_category"
    /// `resourceId`, `_ResourceId`, `AzureResourceId`, then `targetResourceID` (VNet flow logs), lower-cased.
    public static let resourceId = "ehb_resource_id"
    /// `operationName`, then `OperationNameValue`; otherwise `<CsMethod> <CsUriStem>` from `properties` (App
    /// Service HTTP logs), for example `GET /api/orders`.
    public static let operation = "ehb_operation"
    /// The caller's IP address without a port, from `callerIpAddress` or a per-category fallback:
    /// `properties.CIp`, `properties.SourceIp`, the address after "from " in `properties.msg` of `AzureFirewall*`
    /// categories, `sourceIPs[0]` of the audit event in `properties.log`, `httpRequest.clientIpAddress`, then
    /// `ExtendedProperties["Client IP address"]`.
    public static let callerIP = "ehb_caller_ip"
    /// One of `Critical`, `Error`, `Warning`, `Informational`, `Verbose`, from `level` (1 to 5 or a name;
    /// `Information` counts as `Informational`), else from a Defender `Severity` (`Low`, `Medium`, `High`
    /// map to `Informational`, `Warning`, `Error`), else `Informational`.
    public static let level = "ehb_level"
    /// The text of input that could not be read as a record.
    public static let raw = "ehb_raw"
    /// A short English description of why the input could not be read as a record.
    public static let parseError = "ehb_parse_error"
    /// The byte offset in the message value where reading stopped, in decimal.
    public static let parseErrorOffset = "ehb_parse_error_offset"
}

/// Keys of the contents and tags the normalizer adds, all starting with `ehb_`.
///
/// Record keys are matched with ASCII letters compared case-insensitively, `{"value": ..., "localizedValue":
/// ...}` objects count as their `value`, and empty strings count as absent. An added content without a value
/// is left out. A source field with the same key as an added content keeps its value, and the added content
/// is then left out.
///
/// Derived fields (``DerivedFieldSet``) can be turned off; markers and the fields of raw entries are always
/// written.
public enum BridgeFieldKey {
    // MARK: Derived fields

    /// The entry time as RFC 3339 text in UTC, with the source's fractional digits (up to 9), for example
    /// `2026-03-01T10:00:00.1234567Z`. A Kafka or receive time has 3 digits.
    public static let time = "ehb_time"
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
    /// One of `Critical`, `Error`, `Warning`, `Informational`, `Verbose`, from `level` (1 to 5 or a word such
    /// as `Information`, `warn` or `debug`), else from a Defender `Severity` (`Low`, `Medium`, `High` map to
    /// `Informational`, `Warning`, `Error`), else `Informational`.
    public static let level = "ehb_level"
    /// The Kafka offset of the record (the Event Hubs sequence number), in decimal.
    public static let kafkaOffset = "ehb_kafka_offset"
    /// The Kafka record timestamp in milliseconds since the UNIX epoch, in decimal.
    public static let kafkaTimestamp = "ehb_kafka_timestamp"
    /// The top-level keys whose string value starts with `{` but is not valid JSON, comma-separated. Their
    /// values are kept as text.
    public static let unparsedJSON = "ehb_unparsed_json"

    // MARK: Markers

    /// The source of the entry time when it is not a time field of the record: `kafka` (no parseable time
    /// field) or `received` (no Kafka timestamp either, or a time outside the SLS window).
    public static let timeSource = "ehb_time_source"
    /// The record or Kafka time, as RFC 3339 text, that lay outside the SLS time window and was replaced by
    /// the receive time.
    public static let originalTime = "ehb_original_time"
    /// The repairs that made the input readable, comma-separated: `invalid_utf8`, `nul_bytes`,
    /// `lone_surrogates` (always on) and `single_quotes`, `control_characters` (opt-in sanitizers).
    public static let sanitized = "ehb_sanitized"
    /// The keys whose values were truncated to the SLS size limits, comma-separated. The full record then
    /// goes to the dead-letter store as well.
    public static let truncated = "ehb_truncated"

    // MARK: Raw entries

    /// The text of input that could not be read as a record. Binary input (a gzip value that does not
    /// inflate) is `base64:` followed by its base64 encoding.
    public static let raw = "ehb_raw"
    /// A short English description of why the input could not be read as a record.
    public static let parseError = "ehb_parse_error"
    /// The byte offset in the message value where reading stopped, in decimal.
    public static let parseErrorOffset = "ehb_parse_error_offset"

    // MARK: Tags

    /// The prefix of the tag made from each Kafka header: `ehb_header_` and the header name with every
    /// character other than `A-Z`, `a-z`, `0-9` and `_` replaced by `_`.
    public static let headerTagPrefix = "ehb_header_"
}

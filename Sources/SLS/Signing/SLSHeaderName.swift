/// Names of the HTTP headers that SLS PutLogs requests and responses use.
///
/// SLS-specific names are lowercase as the SDKs send them; HTTP header names are case-insensitive.
public enum SLSHeaderName {
    public static let authorization = "Authorization"
    public static let contentLength = "Content-Length"
    public static let contentMD5 = "Content-MD5"
    public static let contentType = "Content-Type"
    public static let date = "Date"
    public static let host = "Host"
    public static let userAgent = "User-Agent"

    /// The API version, always `0.6.0`.
    public static let apiVersion = "x-log-apiversion"
    /// The body size in bytes before compression.
    public static let bodyRawSize = "x-log-bodyrawsize"
    /// `lz4`, `zstd` or `deflate`; absent or empty for an uncompressed body.
    public static let compressType = "x-log-compresstype"
    /// `hmac-sha1` with signature v1.
    public static let signatureMethod = "x-log-signaturemethod"
    /// v4: the signed request time, `YYYYMMDDTHHMMSSZ`. v1: an unsigned RFC 1123 time that overrides `Date`.
    public static let logDate = "x-log-date"
    /// v4: the lowercase hex SHA-256 of the body.
    public static let contentSHA256 = "x-log-content-sha256"
    /// The STS security token of temporary credentials.
    public static let securityToken = "x-acs-security-token"
    /// Response: the request ID that SLS assigns, for support cases and logs.
    public static let requestID = "x-log-requestid"
    /// Response: the server's time in seconds since the Unix epoch, to correct clock skew.
    public static let serverTime = "x-log-time"
}

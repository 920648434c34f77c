/// The SLS request signature scheme.
public enum SignatureVersion: Sendable, Equatable {
    /// `LOG {AccessKeyId}:{Base64 HMAC-SHA1}`, with `Date` and `Content-MD5` in the signed string.
    case v1
    /// `SLS4-HMAC-SHA256`, whose signing key is derived for one day and one region (such as `cn-hangzhou`).
    case v4(region: String)
}

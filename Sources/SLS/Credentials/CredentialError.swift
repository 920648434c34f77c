/// A failure to obtain credentials. Descriptions name the source and the cause, never a secret or a response
/// body.
public enum CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The credentials file could not be read, for the reason given (the system error text).
    case fileUnreadable(path: String, reason: String)
    /// The file or the URL returned something that is not an STS credentials document.
    case invalidDocument(source: String, reason: String)
    /// The document's `Expiration` has passed (seconds since the Unix epoch).
    case expired(source: String, expiration: Int64)
    /// The credentials URL could not be reached or timed out.
    case requestFailed(url: String, reason: String)
    /// The credentials URL answered with a status other than 200.
    case httpStatus(url: String, status: Int)

    public var description: String {
        switch self {
        case .fileUnreadable(let path, let reason):
            "the STS credentials file \(path) cannot be read (\(reason)); check that the agent writes it and that "
                + "ehbridge may read it"
        case .invalidDocument(let source, let reason):
            "the credentials from \(source) are invalid: \(reason); expect a JSON object with AccessKeyId, "
                + "AccessKeySecret, SecurityToken and Expiration"
        case .expired(let source, let expiration):
            "the credentials from \(source) expired at \(SLSDate.rfc1123(expiration)); check that the agent "
                + "renews them"
        case .requestFailed(let url, let reason):
            "the request to the credentials URL \(url) failed: \(reason)"
        case .httpStatus(let url, let status):
            "the credentials URL \(url) returned HTTP \(status); check the URL and the RAM role name in it"
        }
    }
}

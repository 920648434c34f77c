/// A PutLogs request that got no HTTP response: the connection, the TLS handshake or the exchange failed, no
/// credentials could be obtained to sign it, or the client was shut down first.
///
/// The description names the failure and libcurl's message. It contains no credentials, because the request
/// URL carries none and libcurl's messages do not quote headers.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad cause, for retry decisions and metrics.
    public enum Kind: String, Sendable, Equatable {
        /// The connect timeout or the request timeout passed.
        case timeout
        /// The host name (or the proxy name) could not be resolved.
        case nameResolution
        /// The TCP connection could not be opened: refused, unreachable or reset during connect.
        case connect
        /// The TLS handshake or the certificate check failed.
        case tls
        /// Sending or receiving failed after the connection opened, or the response was not valid HTTP.
        case exchange
        /// The client was shut down before the request finished; libcurl did not report an error.
        case cancelled
        /// No credentials could be obtained to sign the request (the STS file or the credentials URL failed), so
        /// it was never sent.
        case credentials
        /// Any other libcurl error, such as a bad option or an out-of-memory condition.
        case other
    }

    public var kind: Kind
    /// The libcurl result code (`CURLcode`), or nil when libcurl never ran the request (cancelled, or no easy
    /// handle could be created).
    public var curlCode: Int?
    /// libcurl's text for the code (`curl_easy_strerror`), or a description of the cancellation.
    public var curlMessage: String
    /// libcurl's detailed message for this transfer (its error buffer), such as
    /// `Failed to connect to 127.0.0.1 port 9: Connection refused`; empty when libcurl gave none.
    public var detail: String

    public init(kind: Kind, curlCode: Int?, curlMessage: String, detail: String = "") {
        self.kind = kind
        self.curlCode = curlCode
        self.curlMessage = curlMessage
        self.detail = detail
    }

    public var isTimeout: Bool { kind == .timeout }

    public var description: String {
        var text = "SLS request failed before a response (\(kind.rawValue)"
        if let curlCode { text += ", libcurl code \(curlCode)" }
        text += "): \(curlMessage)"
        if !detail.isEmpty, detail != curlMessage { text += ": \(detail)" }
        return text
    }

    /// A request that was not sent because ``CredentialProvider/credentials()`` threw `error`.
    static func credentialsUnavailable(_ error: CredentialError) -> TransportError {
        TransportError(kind: .credentials, curlCode: nil, curlMessage: error.description)
    }

    static let shutDown = TransportError(
        kind: .cancelled, curlCode: nil, curlMessage: "the SLS client was shut down before the request finished"
    )
}

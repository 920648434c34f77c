import Core
import Foundation
/// An HTTP endpoint that returns an STS credentials document (see ``STSCredentialDocument``), such as the ECS
/// instance metadata path of a RAM role. There is no default address: the operator configures the URL.
public struct CredentialsURLSource: CredentialSource {
    /// The full `http://` or `https://` URL.
    public var url: String
    /// The time allowed to open the connection, in milliseconds.
    public var connectTimeoutMilliseconds: Int
    /// The time allowed for the whole request, in milliseconds.
    public var timeoutMilliseconds: Int
    /// The largest response body accepted, in bytes; STS documents are about 1 KiB.
    public static let maxBodyBytes = 64 * 1024

    public init(url: String, connectTimeoutMilliseconds: Int = 2_000, timeoutMilliseconds: Int = 5_000) {
        self.url = url
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public var description: String { "credentials URL \(displayURL)" }

    /// The URL without user information and query, which may carry credentials, for logs and errors.
    public var displayURL: String {
        guard var components = URLComponents(string: url) else { return "<unparsable URL>" }
        if components.user != nil || components.password != nil {
            components.user = SecretRedactor.placeholder
            components.password = nil
        }
        if components.query != nil { components.query = SecretRedactor.placeholder }
        return components.string ?? "<unparsable URL>"
    }

    public func currentVersion() -> CredentialSourceVersion? { nil }

    public func fetch() throws(CredentialError) -> FetchedCredentials {
        let response: CurlBlockingGet.Response
        do {
            response = try CurlBlockingGet.fetch(
                url, headers: [("Accept", "application/json")], connectTimeoutMilliseconds: connectTimeoutMilliseconds,
                timeoutMilliseconds: timeoutMilliseconds, maxBodyBytes: Self.maxBodyBytes
            )
        } catch {
            throw .requestFailed(url: displayURL, reason: error.description)
        }
        guard response.status == 200 else {
            throw .httpStatus(url: displayURL, status: response.status)
        }
        let document = try STSCredentialDocument.parse(response.body, source: description)
        return FetchedCredentials(document: document, version: nil)
    }

    public func validate() -> [String] {
        var problems: [String] = []
        let lowercased = url.lowercased()
        if !(lowercased.hasPrefix("http://") || lowercased.hasPrefix("https://")) || url.count <= "https://".count {
            problems.append("credentials_url \"\(displayURL)\" is not an http:// or https:// URL; give the full URL of the "
                + "credentials endpoint")
        }
        if connectTimeoutMilliseconds <= 0 || timeoutMilliseconds <= 0 {
            problems.append("credentials URL timeouts must be positive numbers of milliseconds")
        }
        return problems
    }
}

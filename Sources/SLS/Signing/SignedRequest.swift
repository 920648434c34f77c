import Core

/// An HTTP request ready to send: method, path, query, every header including `Authorization`, and body.
///
/// `description`, `debugDescription` and `dump` replace the values of `Authorization` and
/// `x-acs-security-token` with a placeholder, so a logged request reveals no credential.
public struct SignedRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var method: String
    /// The path as sent, without the query.
    public var path: String
    /// Raw (decoded) query names and values; ``pathWithQuery`` percent-encodes them.
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    /// The bytes on the wire, after compression.
    public var body: [UInt8]

    public init(
        method: String, path: String, query: [(name: String, value: String)],
        headers: [(name: String, value: String)], body: [UInt8]
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Returns the value of the first header named `name`, compared case-insensitively, or nil.
    public func headerValue(_ name: String) -> String? {
        let target = name.lowercased()
        return headers.first { $0.name.lowercased() == target }?.value
    }

    /// The request target for the HTTP request line: the path, then `?` and the query pairs with names and
    /// values percent-encoded as RFC 3986 unreserved characters, when there is a query.
    public var pathWithQuery: String {
        guard !query.isEmpty else { return path }
        let pairs = query.map { "\(SignatureV4.percentEncode($0.name))=\(SignatureV4.percentEncode($0.value))" }
        return path + "?" + pairs.joined(separator: "&")
    }

    public var description: String {
        let headerText = redactedHeaders.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        return "SignedRequest(\(method) \(pathWithQuery), headers: [\(headerText)], body: \(body.count) bytes)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "method": method,
            "pathWithQuery": pathWithQuery,
            "headers": redactedHeaders.map { "\($0.name): \($0.value)" },
            "bodyBytes": body.count,
        ])
    }

    private var redactedHeaders: [(name: String, value: String)] {
        headers.map { header in
            switch header.name.lowercased() {
            case "authorization", SLSHeaderName.securityToken:
                (header.name, SecretRedactor.placeholder)
            default:
                header
            }
        }
    }
}

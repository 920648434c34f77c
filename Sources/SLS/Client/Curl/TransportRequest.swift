/// One HTTP exchange for the libcurl transport, free of SLS concepts.
struct TransportRequest: Sendable {
    var method: String
    /// The full URL, query included and percent-encoded.
    var url: String
    /// Header fields to send. `Content-Length` is left out because libcurl derives it from the body.
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// A libcurl `CONNECT_TO` entry (`HOST:PORT:CONNECT-HOST:CONNECT-PORT`) that sends the connection elsewhere
    /// while the URL and `Host` keep their names; nil connects to the URL's host.
    var connectTo: String?
    /// A PEM file of CA certificates that replaces the system store for HTTPS; nil uses the system store.
    var caFile: String?
    var connectTimeoutMilliseconds: Int
    var requestTimeoutMilliseconds: Int
}

/// The HTTP response to a ``TransportRequest``.
struct TransportResponse: Sendable {
    var status: Int
    /// Header fields of the final response (interim `100 Continue` headers are dropped), names as received.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// Returns the value of the first header with this name, compared case-insensitively.
    func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

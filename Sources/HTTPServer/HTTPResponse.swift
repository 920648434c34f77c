/// A handler's response: a status, header fields and a body.
///
/// The server adds `Content-Length` from the body, and `Date` unless the handler sets one. A `Connection: close`
/// field closes the connection after the response; otherwise HTTP/1.1 connections stay open.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A marker that makes the server close the connection without sending any response, as a crashed or
    /// overloaded peer would; for fault injection in tests.
    public static let closeConnection = HTTPResponse(status: 0)

    /// True for ``closeConnection``.
    public var closesConnectionWithoutResponse: Bool { status == 0 }

    /// A response with a UTF-8 text body and the given content type.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), text: String,
                contentType: String = "text/plain; charset=utf-8") {
        var allHeaders = headers
        if !allHeaders.contains("Content-Type") {
            allHeaders.add(name: "Content-Type", value: contentType)
        }
        self.init(status: status, headers: allHeaders, body: Array(text.utf8))
    }
}

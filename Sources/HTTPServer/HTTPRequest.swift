/// One HTTP request as the server received it, body complete.
public struct HTTPRequest: Sendable {
    /// The method as sent, such as `POST`.
    public var method: String
    /// The request target exactly as sent on the request line, such as `/logstores/app/shards/route?key=a%20b`.
    public var target: String
    /// The path part of ``target`` before the `?`, still percent-encoded.
    public var rawPath: String
    /// The query part of ``target`` after the `?`, still percent-encoded; empty when there is none.
    public var rawQuery: String
    /// The query parameters in order, names and values percent-decoded and with `+` read as a space.
    public var queryItems: [HTTPQueryItem]
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Identifies the TCP connection that carried the request: requests on one keep-alive connection share it.
    /// Numbers start at 1 for each server and are never reused.
    public var connectionID: UInt64
    /// The HTTP version from the request line, such as `HTTP/1.1`.
    public var version: String

    public init(
        method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        connectionID: UInt64 = 0, version: String = "HTTP/1.1"
    ) {
        self.method = method
        self.target = target
        let parsed = RequestTarget(target)
        self.rawPath = parsed.rawPath
        self.rawQuery = parsed.rawQuery
        self.queryItems = parsed.queryItems
        self.headers = headers
        self.body = body
        self.connectionID = connectionID
        self.version = version
    }

    /// ``rawPath`` with percent-encoded bytes decoded; `+` stays a plus sign.
    public var path: String { RequestTarget.percentDecode(rawPath, plusAsSpace: false) }

    /// Returns the value of the first query parameter with this name, or nil.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }
}

/// One query parameter, decoded.
public struct HTTPQueryItem: Sendable, Equatable {
    public var name: String
    /// The value; empty both for `name=` and for a bare `name`.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

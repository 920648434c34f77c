/// Settings of an ``HTTPServer``.
public struct HTTPServerConfiguration: Sendable {
    /// The threading model that runs request handlers.
    public enum Threading: Sendable, Equatable {
        /// A fixed pool of threads, each polling its share of the connections (epoll on Linux). A handler that
        /// blocks delays every connection of its thread, so handlers must return quickly.
        case threadPool(size: Int)
        /// One thread per connection. A slow handler delays only its own connection.
        case threadPerConnection
    }

    /// The numeric address to bind: an IPv4 address such as `127.0.0.1` or an IPv6 address such as `::1`.
    /// Host names are not resolved.
    public var host: String
    /// The TCP port; 0 lets the operating system pick a free port, readable from ``HTTPServer/port`` after start.
    public var port: UInt16
    public var threading: Threading
    /// The largest request body accepted, in bytes. A larger body gets `413 Payload Too Large` without the
    /// handler being called.
    public var maxBodyBytes: Int
    /// Seconds an idle keep-alive connection stays open; 0 keeps it open until the client closes it.
    public var idleTimeoutSeconds: Int
    /// Memory per connection for the request line, headers and read buffer, in bytes. Requests whose headers
    /// do not fit get an error response from libmicrohttpd.
    public var connectionMemoryLimitBytes: Int
    /// The largest number of connections open at once; further clients wait in the listen backlog.
    public var maxConnections: Int
    /// Serves HTTPS with this certificate and key when set; nil serves plain HTTP.
    public var tls: HTTPServerTLS?

    public init(
        host: String = "127.0.0.1",
        port: UInt16 = 0,
        threading: Threading = .threadPool(size: 2),
        maxBodyBytes: Int = 1024 * 1024,
        idleTimeoutSeconds: Int = 60,
        connectionMemoryLimitBytes: Int = 64 * 1024,
        maxConnections: Int = 256,
        tls: HTTPServerTLS? = nil
    ) {
        self.host = host
        self.port = port
        self.threading = threading
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.connectionMemoryLimitBytes = connectionMemoryLimitBytes
        self.maxConnections = maxConnections
        self.tls = tls
    }

    /// Checks every setting and returns one message per problem, naming the setting and the fix.
    public func validate() -> [String] {
        var problems: [String] = []
        if case .threadPool(let size) = threading, size < 1 {
            problems.append("threading: the thread pool size is \(size); use 1 or more")
        }
        if maxBodyBytes < 0 {
            problems.append("maxBodyBytes is \(maxBodyBytes); use 0 or more bytes")
        }
        if idleTimeoutSeconds < 0 {
            problems.append("idleTimeoutSeconds is \(idleTimeoutSeconds); use 0 (no timeout) or more seconds")
        }
        if connectionMemoryLimitBytes < 4096 {
            problems.append("connectionMemoryLimitBytes is \(connectionMemoryLimitBytes); use at least 4096 bytes")
        }
        if maxConnections < 1 {
            problems.append("maxConnections is \(maxConnections); use 1 or more")
        }
        if let tls {
            problems += tls.validate()
        }
        return problems
    }
}

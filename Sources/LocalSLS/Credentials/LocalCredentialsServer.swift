import Core
import HTTPServer
import SLS

/// A credentials endpoint on loopback that returns STS documents in the form of the ECS instance metadata
/// service, for tests of the credentials URL. It serves `GET {path}` only.
///
/// ```swift
/// let credentials = LocalCredentialsServer(logger: .disabled)
/// let port = try credentials.start()
/// credentials.setDocument(STSCredentialDocument(credentials: sts, expiration: now + 3600))
/// let url = credentials.url!  // http://127.0.0.1:{port}/latest/meta-data/ram/security-credentials/ehbridge-test
/// ```
public final class LocalCredentialsServer: Sendable {
    private struct State: Sendable {
        var document: STSCredentialDocument?
        /// HTTP statuses to respond with, in order, before serving the document again.
        var failures: [Int] = []
        var requestCount = 0
    }

    /// The path that returns the document.
    public let path: String
    private let host: String
    private let state = Locked(State())
    private let server: HTTPServer

    /// Creates a stopped server on `host` (a numeric loopback address) that serves `path`.
    public init(path: String = "/latest/meta-data/ram/security-credentials/ehbridge-test", host: String = "127.0.0.1",
                logger: Logger) {
        self.path = path
        self.host = host
        let state = self.state
        server = HTTPServer(configuration: HTTPServerConfiguration(host: host, port: 0), logger: logger) { request in
            Self.respond(to: request, path: path, state: state)
        }
    }

    /// Starts listening on a free port and returns it. Throws ``HTTPServerError``.
    @discardableResult
    public func start() throws(HTTPServerError) -> UInt16 {
        try server.start()
    }

    public func stop() {
        server.stop()
    }

    /// The URL of the document while running, else nil.
    public var url: String? {
        server.port.map { port in
            let address = host.contains(":") ? "[\(host)]" : host
            return "http://\(address):\(port)\(path)"
        }
    }

    /// Sets the document that later requests receive. With nil, requests get 404 until a document is set.
    public func setDocument(_ document: STSCredentialDocument?) {
        state.withLock { $0.document = document }
    }

    /// Responds to the next `count` requests with `status` and a plain-text body instead of the document.
    public func failNextRequests(status: Int, count: Int = 1) {
        state.withLock { $0.failures += Array(repeating: status, count: max(0, count)) }
    }

    /// The number of requests for the document path so far.
    public var requestCount: Int {
        state.withLock { $0.requestCount }
    }

    private static func respond(to request: HTTPRequest, path: String, state: Locked<State>) -> HTTPResponse {
        guard request.path == path else {
            return HTTPResponse(status: 404, text: "not found\n")
        }
        guard request.method == "GET" else {
            return HTTPResponse(status: 405, text: "use GET\n")
        }
        let (failure, document) = state.withLock { state -> (Int?, STSCredentialDocument?) in
            state.requestCount += 1
            if !state.failures.isEmpty {
                return (state.failures.removeFirst(), nil)
            }
            return (nil, state.document)
        }
        if let failure {
            return HTTPResponse(status: failure, text: "injected failure\n")
        }
        guard let document else {
            return HTTPResponse(status: 404, text: "no credentials are set\n")
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: 200, headers: headers, body: document.encoded())
    }
}

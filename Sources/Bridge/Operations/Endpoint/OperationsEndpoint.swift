import Core
import HTTPServer

/// The HTTP endpoint of a running bridge, served by libmicrohttpd on its own threads:
///
/// - `GET /metrics`: every metric in the Prometheus text format;
/// - `GET /healthz`: `200 ok` while the process serves requests;
/// - `GET /readyz`: `200 ready`, or `503` with one line per failed readiness rule.
///
/// Other paths get `404`, other methods `405`.
public final class OperationsEndpoint: Sendable {
    private let server: HTTPServer

    init(operations: BridgeOperations, host: String, port: UInt16, logger: Logger) {
        server = HTTPServer(
            configuration: HTTPServerConfiguration(
                host: host, port: port, threading: .threadPool(size: 1), maxBodyBytes: 0, idleTimeoutSeconds: 30,
                maxConnections: 32
            ),
            logger: logger,
            handler: { request in Self.respond(to: request, operations: operations) }
        )
    }

    /// Binds the address and returns the bound port. Throws ``HTTPServerError`` when the port is taken or
    /// the address is not a numeric address of this host.
    @discardableResult
    func start() throws(HTTPServerError) -> UInt16 {
        try server.start()
    }

    /// The bound port while running.
    public var port: UInt16? { server.port }

    /// Stops serving and closes every connection.
    public func stop() {
        server.stop()
    }

    /// Stops the endpoint and clears its port in `operations`.
    func stop(clearing operations: BridgeOperations) {
        stop()
        operations.endpointPortValue.withLock { $0 = nil }
    }

    static func respond(to request: HTTPRequest, operations: BridgeOperations) -> HTTPResponse {
        let routes = ["/metrics", "/healthz", "/readyz"]
        guard routes.contains(request.path) else {
            return HTTPResponse(status: 404, text: "not found; the endpoint serves \(routes.joined(separator: ", "))\n")
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            var headers = HTTPHeaders()
            headers.add(name: "Allow", value: "GET, HEAD")
            return HTTPResponse(status: 405, headers: headers, text: "method \(request.method) is not allowed; use GET\n")
        }
        switch request.path {
        case "/metrics":
            return HTTPResponse(status: 200, text: operations.prometheusText(), contentType: PrometheusTextFormat.contentType)
        case "/healthz":
            return HTTPResponse(status: 200, text: "ok\n")
        default:
            let report = operations.readiness()
            return HTTPResponse(status: report.isReady ? 200 : 503, text: report.text)
        }
    }
}

/// A failure to open the operations endpoint on an address the configuration names explicitly.
public struct OperationsEndpointError: Error, Sendable, CustomStringConvertible {
    public var address: String
    public var underlying: HTTPServerError

    public var description: String {
        "the operations endpoint could not listen on \(address): \(underlying). Choose a free port with "
            + "metrics.listen, or set metrics.enabled: false"
    }
}

import CMicroHTTPD
import Core

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An embedded HTTP/1.1 server over libmicrohttpd, for loopback services such as the local SLS server and the
/// metrics endpoint.
///
/// The handler runs on libmicrohttpd's threads, never on Swift's cooperative pool, and may be called from
/// several threads at once. Connections stay open between requests (keep-alive) until the client closes
/// them, the idle timeout passes, or a response carries `Connection: close`.
///
/// ```swift
/// let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), logger: logger) { request in
///     HTTPResponse(status: 200, text: "ok")
/// }
/// let port = try server.start()
/// defer { server.stop() }
/// ```
public final class HTTPServer: Sendable {
    /// Turns a complete request into a response. Must not call ``stop()``, which waits for handlers to return.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    public let configuration: HTTPServerConfiguration
    private let context: DaemonContext
    private let state = Locked<ServerState>(.notStarted)

    /// Creates a stopped server. `bodyTooLargeResponse` builds the response to a request whose body exceeds
    /// ``HTTPServerConfiguration/maxBodyBytes``; it receives the request with an empty body. The default is a
    /// plain-text `413`.
    public init(
        configuration: HTTPServerConfiguration,
        logger: Logger,
        bodyTooLargeResponse: @escaping Handler = HTTPServer.defaultBodyTooLargeResponse,
        handler: @escaping Handler
    ) {
        self.configuration = configuration
        self.context = DaemonContext(
            handler: handler, bodyTooLargeResponse: bodyTooLargeResponse,
            maxBodyBytes: configuration.maxBodyBytes, logger: logger
        )
    }

    public static let defaultBodyTooLargeResponse: Handler = { _ in
        HTTPResponse(status: 413, text: "request body too large\n")
    }

    /// The bound port while the server runs, else nil.
    public var port: UInt16? {
        state.withLock { state in
            if case .running(let daemon) = state { return daemon.port }
            return nil
        }
    }

    public var statistics: HTTPServerStatistics { context.statistics }

    /// Whether the linked libmicrohttpd can serve HTTPS (Debian builds it with GnuTLS).
    public static var supportsTLS: Bool {
        MHD_is_feature_supported(MHD_FEATURE.FEATURE_TLS) == .YES
    }

    /// Binds the address, starts libmicrohttpd's threads and returns the bound port.
    ///
    /// Throws ``HTTPServerError``: `invalidConfiguration` listing every problem (TLS requested from a libmicrohttpd
    /// without TLS support is one), `invalidAddress` for a host name,
    /// `socketFailed` when the port is taken or not permitted, `daemonStartFailed`, or `alreadyStarted` when
    /// called twice. A server starts once; after ``stop()`` create a new one.
    @discardableResult
    public func start() throws(HTTPServerError) -> UInt16 {
        let problems = configuration.validate()
        guard problems.isEmpty else { throw .invalidConfiguration(problems) }

        try state.withLock { (state) throws(HTTPServerError) in
            guard case .notStarted = state else { throw .alreadyStarted }
            state = .starting
        }

        let daemon: RunningDaemon
        do {
            daemon = try startDaemon()
        } catch {
            state.withLock { $0 = .notStarted }
            throw error
        }
        state.withLock { $0 = .running(daemon) }

        context.logger.info("HTTP server started", metadata: [
            "http.address": .string(configuration.host), "http.port": .int(daemon.port),
        ])
        return daemon.port
    }

    /// Stops accepting, closes every connection and waits for running handlers to return. Calling it again, or on
    /// a server that never started, does nothing.
    public func stop() {
        let daemon: RunningDaemon? = state.withLock { state in
            guard case .running(let daemon) = state else {
                if case .notStarted = state { state = .stopped }
                return nil
            }
            state = .stopped
            return daemon
        }
        guard let daemon else { return }

        MHD_stop_daemon(daemon.handle)
        // libmicrohttpd calls no callback after MHD_stop_daemon returns.
        daemon.retainedContext.release()
        daemon.tls?.release()
        context.logger.info("HTTP server stopped", metadata: ["http.port": .int(daemon.port)])
    }

    deinit {
        stop()
    }

    private func startDaemon() throws(HTTPServerError) -> RunningDaemon {
        let socket = try ListeningSocket.open(
            host: configuration.host, port: configuration.port, backlog: Int32(min(configuration.maxConnections, 1024))
        )
        let retainedContext = Unmanaged.passRetained(context)
        let closure = retainedContext.toOpaque()

        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_AUTO.rawValue
        var poolSize = 0
        switch configuration.threading {
        case .threadPool(let size):
            poolSize = size
        case .threadPerConnection:
            flags |= MHD_USE_THREAD_PER_CONNECTION.rawValue
        }
        if configuration.host.contains(":") {
            flags |= MHD_USE_IPv6.rawValue
        }

        var options: [MHD_OptionItem] = [
            MHD_OptionItem(option: MHD_OPTION.LISTEN_SOCKET, value: Int(socket.fileDescriptor), ptr_value: nil),
            MHD_OptionItem(option: MHD_OPTION.URI_LOG_CALLBACK, value: unsafeBitCast(uriLogCallback, to: Int.self),
                           ptr_value: closure),
            MHD_OptionItem(option: MHD_OPTION.NOTIFY_COMPLETED,
                           value: unsafeBitCast(requestCompletedCallback, to: Int.self), ptr_value: closure),
            MHD_OptionItem(option: MHD_OPTION.NOTIFY_CONNECTION,
                           value: unsafeBitCast(connectionNotifyCallback, to: Int.self), ptr_value: closure),
            MHD_OptionItem(option: MHD_OPTION.CONNECTION_MEMORY_LIMIT, value: configuration.connectionMemoryLimitBytes,
                           ptr_value: nil),
            MHD_OptionItem(option: MHD_OPTION.CONNECTION_TIMEOUT, value: configuration.idleTimeoutSeconds,
                           ptr_value: nil),
            MHD_OptionItem(option: MHD_OPTION.CONNECTION_LIMIT, value: configuration.maxConnections, ptr_value: nil),
        ]
        if poolSize > 1 {
            options.append(MHD_OptionItem(option: MHD_OPTION.THREAD_POOL_SIZE, value: poolSize, ptr_value: nil))
        }
        var tlsMaterial: TLSMaterial?
        if let tls = configuration.tls {
            guard Self.supportsTLS else {
                close(socket.fileDescriptor)
                retainedContext.release()
                throw .invalidConfiguration([
                    "tls: this libmicrohttpd was built without TLS support; install a build linked with GnuTLS",
                ])
            }
            let material = TLSMaterial(tls)
            flags |= MHD_USE_TLS.rawValue
            options.append(MHD_OptionItem(option: MHD_OPTION.HTTPS_MEM_KEY, value: 0, ptr_value: material.key))
            options.append(MHD_OptionItem(option: MHD_OPTION.HTTPS_MEM_CERT, value: 0, ptr_value: material.certificate))
            tlsMaterial = material
        }
        options.append(MHD_OptionItem(option: MHD_OPTION.END, value: 0, ptr_value: nil))

        // MHD_start_daemon is variadic, which Swift cannot call; the va_list form takes the same options.
        let handle = options.withUnsafeMutableBufferPointer { buffer in
            withVaList([MHD_OPTION.ARRAY.rawValue, buffer.baseAddress!, MHD_OPTION.END.rawValue]) { arguments in
                MHD_start_daemon_va(flags, 0, nil, nil, accessHandlerCallback, closure, arguments)
            }
        }
        guard let handle else {
            retainedContext.release()
            tlsMaterial?.release()
            close(socket.fileDescriptor)
            throw .daemonStartFailed(address: configuration.host, port: socket.port)
        }
        return RunningDaemon(handle: handle, port: socket.port, retainedContext: retainedContext, tls: tlsMaterial)
    }
}

private enum ServerState: Sendable {
    case notStarted
    case starting
    case running(RunningDaemon)
    case stopped
}

/// A started daemon. libmicrohttpd owns the listening socket and closes it in `MHD_stop_daemon`.
private struct RunningDaemon: @unchecked Sendable {
    // The handle is only passed to MHD_stop_daemon, which libmicrohttpd allows from any thread.
    let handle: OpaquePointer
    let port: UInt16
    let retainedContext: Unmanaged<DaemonContext>
    let tls: TLSMaterial?
}

/// C copies of the PEM certificate and key, kept until the daemon stops because libmicrohttpd keeps the pointers.
private struct TLSMaterial: @unchecked Sendable {
    // Only the thread that starts or stops the daemon touches the buffers.
    let key: UnsafeMutablePointer<CChar>
    let certificate: UnsafeMutablePointer<CChar>

    init(_ tls: HTTPServerTLS) {
        key = strdup(tls.privateKeyPEM.revealed())
        certificate = strdup(tls.certificateChainPEM)
    }

    /// Overwrites the key bytes before freeing both copies.
    func release() {
        memset(key, 0, strlen(key))
        free(key)
        free(certificate)
    }
}

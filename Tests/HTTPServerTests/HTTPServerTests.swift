import Core
import HTTPServer
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TestSupport

@Suite("HTTPServer")
struct HTTPServerTests {
    /// Starts a server on 127.0.0.1 port 0 that records each request and responds with `respond`.
    private func startServer(
        _ configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
        respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse = { _ in HTTPResponse(status: 200, text: "ok") }
    ) throws -> (server: HTTPServer, port: UInt16, received: Locked<[HTTPRequest]>) {
        let received = Locked<[HTTPRequest]>([])
        let server = HTTPServer(configuration: configuration, logger: .disabled) { request in
            received.withLock { $0.append(request) }
            return respond(request)
        }
        let port = try server.start()
        return (server, port, received)
    }

    @Test func startOnPortZeroReportsBoundPort() async throws {
        try await blocking {
            let (server, port, _) = try startServer()
            defer { server.stop() }

            #expect(port > 0)
            #expect(server.port == port)

            let connection = try RawHTTPConnection(port: port)
            try connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let response = try connection.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "ok")
        }
    }

    @Test func requestAndResponseRoundTrip() async throws {
        try await blocking {
            let (server, port, received) = try startServer { request in
                var headers = HTTPHeaders()
                headers.add(name: "X-Echo-Length", value: String(request.body.count))
                headers.add(name: "X-Multi", value: "one")
                headers.add(name: "X-Multi", value: "two")
                return HTTPResponse(status: 201, headers: headers, body: request.body.reversed())
            }
            defer { server.stop() }

            let body: [UInt8] = [0, 1, 2, 255, 254, 13, 10, 0x80]
            let connection = try RawHTTPConnection(port: port)
            try connection.send(
                "POST /logstores/app%20log/shards/route?key=a%2Bb&empty=&bare&space=x+y&utf=%C3%A9 HTTP/1.1\r\n"
                    + "Host: proj.127.0.0.1\r\nX-Log-ApiVersion: 0.6.0\r\nx-log-custom: first\r\n"
                    + "Content-Type: application/x-protobuf\r\nContent-Length: \(body.count)\r\n\r\n"
            )
            try connection.send(body)
            let response = try connection.readResponse()

            #expect(response.status == 201)
            #expect(response.body == body.reversed())
            #expect(response.header("X-Echo-Length") == "8")
            #expect(response.headers.filter { $0.name.lowercased() == "x-multi" }.map(\.value) == ["one", "two"])

            let request = try #require(received.withLock { $0.first })
            #expect(request.method == "POST")
            #expect(request.version == "HTTP/1.1")
            #expect(request.target == "/logstores/app%20log/shards/route?key=a%2Bb&empty=&bare&space=x+y&utf=%C3%A9")
            #expect(request.rawPath == "/logstores/app%20log/shards/route")
            #expect(request.path == "/logstores/app log/shards/route")
            #expect(request.rawQuery == "key=a%2Bb&empty=&bare&space=x+y&utf=%C3%A9")
            #expect(request.queryItems == [
                HTTPQueryItem(name: "key", value: "a+b"), HTTPQueryItem(name: "empty", value: ""),
                HTTPQueryItem(name: "bare", value: ""), HTTPQueryItem(name: "space", value: "x y"),
                HTTPQueryItem(name: "utf", value: "é"),
            ])
            #expect(request.queryValue("key") == "a+b")
            #expect(request.headers["x-log-apiversion"] == "0.6.0")
            #expect(request.headers["X-LOG-CUSTOM"] == "first")
            #expect(request.headers["host"] == "proj.127.0.0.1")
            #expect(request.body == body)
        }
    }

    @Test func keepAliveServesRequestsOnOneConnection() async throws {
        try await blocking {
            let (server, port, received) = try startServer()
            defer { server.stop() }

            let connection = try RawHTTPConnection(port: port)
            for index in 0..<3 {
                try connection.send("POST /r\(index) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello")
                let response = try connection.readResponse()
                #expect(response.status == 200)
            }

            let requests = received.withLock { $0 }
            #expect(requests.map(\.rawPath) == ["/r0", "/r1", "/r2"])
            #expect(Set(requests.map(\.connectionID)).count == 1)
            #expect(server.statistics.connectionsAccepted == 1)
            #expect(server.statistics.responsesSent == 3)
        }
    }

    @Test func separateConnectionsGetDistinctIDs() async throws {
        try await blocking {
            let (server, port, received) = try startServer(HTTPServerConfiguration(threading: .threadPerConnection))
            defer { server.stop() }

            let first = try RawHTTPConnection(port: port)
            let second = try RawHTTPConnection(port: port)
            try first.send("GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n")
            try second.send("GET /b HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try first.readResponse().status == 200)
            #expect(try second.readResponse().status == 200)

            let ids = received.withLock { $0.map(\.connectionID) }
            #expect(ids.count == 2)
            #expect(Set(ids).count == 2)
            #expect(server.statistics.connectionsAccepted == 2)
        }
    }

    @Test func bodyOverLimitWithContentLengthGets413() async throws {
        try await blocking {
            let (server, port, received) = try startServer(HTTPServerConfiguration(maxBodyBytes: 16))
            defer { server.stop() }

            let connection = try RawHTTPConnection(port: port)
            try connection.send("POST /big HTTP/1.1\r\nHost: localhost\r\nContent-Length: 17\r\n\r\n")
            let response = try connection.readResponse()

            #expect(response.status == 413)
            #expect(received.withLock { $0.isEmpty })
        }
    }

    @Test func bodyAtLimitIsAccepted() async throws {
        try await blocking {
            let (server, port, received) = try startServer(HTTPServerConfiguration(maxBodyBytes: 16))
            defer { server.stop() }

            let connection = try RawHTTPConnection(port: port)
            try connection.send("POST /exact HTTP/1.1\r\nHost: localhost\r\nContent-Length: 16\r\n\r\n0123456789abcdef")
            let response = try connection.readResponse()

            #expect(response.status == 200)
            #expect(received.withLock { $0.first?.body.count } == 16)
        }
    }

    @Test func chunkedBodyOverLimitGets413() async throws {
        try await blocking {
            let (server, port, received) = try startServer(HTTPServerConfiguration(maxBodyBytes: 16))
            defer { server.stop() }

            let connection = try RawHTTPConnection(port: port)
            try connection.send(
                "POST /chunked HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n"
            )
            let response = try connection.readResponse()

            #expect(response.status == 413)
            #expect(received.withLock { $0.isEmpty })
        }
    }

    @Test func customBodyTooLargeResponseIsUsed() async throws {
        try await blocking {
            let server = HTTPServer(
                configuration: HTTPServerConfiguration(maxBodyBytes: 4), logger: .disabled,
                bodyTooLargeResponse: { request in
                    HTTPResponse(status: 400, headers: ["X-Path": request.rawPath], text: "{\"errorCode\":\"TooLarge\"}")
                },
                handler: { _ in HTTPResponse(status: 200) }
            )
            let port = try server.start()
            defer { server.stop() }

            let connection = try RawHTTPConnection(port: port)
            try connection.send("POST /limited HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\n")
            let response = try connection.readResponse()

            #expect(response.status == 400)
            #expect(response.header("X-Path") == "/limited")
            #expect(response.text == "{\"errorCode\":\"TooLarge\"}")
        }
    }

    @Test func handlerDateHeaderIsKept() async throws {
        try await blocking {
            let (server, port, _) = try startServer { _ in
                HTTPResponse(status: 200, headers: ["Date": "Mon, 03 Jan 2010 08:33:47 GMT"])
            }
            defer { server.stop() }

            let connection = try RawHTTPConnection(port: port)
            try connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let response = try connection.readResponse()

            #expect(response.headers.filter { $0.name.lowercased() == "date" }.map(\.value)
                == ["Mon, 03 Jan 2010 08:33:47 GMT"])
        }
    }

    @Test func connectionCloseHeaderClosesConnection() async throws {
        try await blocking {
            let (server, port, _) = try startServer { _ in HTTPResponse(status: 200, headers: ["Connection": "close"]) }
            defer { server.stop() }

            let connection = try RawHTTPConnection(port: port)
            try connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try connection.readResponse().status == 200)
            #expect(try connection.isClosedByPeer())
        }
    }

    @Test func stopIsIdempotentAndClosesPort() async throws {
        try await blocking {
            let (server, port, _) = try startServer()

            server.stop()
            server.stop()

            #expect(server.port == nil)
            #expect(throws: RawHTTPConnection.Failure.self) { try RawHTTPConnection(port: port) }
        }
    }

    @Test func stopWithoutStartDoesNothing() async throws {
        try await blocking {
            let server = HTTPServer(configuration: HTTPServerConfiguration(), logger: .disabled) { _ in
                HTTPResponse(status: 200)
            }
            server.stop()
            #expect(server.port == nil)
        }
    }

    @Test func secondStartThrowsAlreadyStarted() async throws {
        try await blocking {
            let (server, _, _) = try startServer()
            defer { server.stop() }

            #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
        }
    }

    @Test func portInUseThrowsSocketFailed() async throws {
        try await blocking {
            let (server, port, _) = try startServer()
            defer { server.stop() }

            let second = HTTPServer(configuration: HTTPServerConfiguration(port: port), logger: .disabled) { _ in
                HTTPResponse(status: 200)
            }
            #expect(throws: HTTPServerError.socketFailed(operation: "bind", address: "127.0.0.1", port: port,
                                                         errno: EADDRINUSE)) {
                try second.start()
            }
        }
    }

    @Test func hostNameThrowsInvalidAddress() async throws {
        try await blocking {
            let server = HTTPServer(configuration: HTTPServerConfiguration(host: "localhost"), logger: .disabled) { _ in
                HTTPResponse(status: 200)
            }
            #expect(throws: HTTPServerError.invalidAddress("localhost")) { try server.start() }
        }
    }

    @Test func invalidConfigurationListsEveryProblem() async throws {
        try await blocking {
            let configuration = HTTPServerConfiguration(
                threading: .threadPool(size: 0), maxBodyBytes: -1, idleTimeoutSeconds: -1, maxConnections: 0
            )
            #expect(configuration.validate().count == 4)

            let server = HTTPServer(configuration: configuration, logger: .disabled) { _ in HTTPResponse(status: 200) }
            #expect(throws: HTTPServerError.invalidConfiguration(configuration.validate())) { try server.start() }
        }
    }

    @Test(.enabled(if: ipv6LoopbackAvailable())) func ipv6LoopbackServes() async throws {
        try await blocking {
            let (server, port, received) = try startServer(HTTPServerConfiguration(host: "::1"))
            defer { server.stop() }

            let connection = try RawHTTPConnection(host: "::1", port: port)
            try connection.send("GET /six HTTP/1.1\r\nHost: [::1]\r\n\r\n")
            #expect(try connection.readResponse().status == 200)
            #expect(received.withLock { $0.first?.rawPath } == "/six")
        }
    }

    @Test func threadPoolServesConcurrentConnections() async throws {
        try await blocking {
            let (server, port, received) = try startServer(HTTPServerConfiguration(threading: .threadPool(size: 3)))
            defer { server.stop() }

            let connections = try (0..<4).map { _ in try RawHTTPConnection(port: port) }
            for (index, connection) in connections.enumerated() {
                try connection.send("GET /c\(index) HTTP/1.1\r\nHost: localhost\r\n\r\n")
            }
            for connection in connections {
                #expect(try connection.readResponse().status == 200)
            }
            #expect(received.withLock { Set($0.map(\.rawPath)) } == ["/c0", "/c1", "/c2", "/c3"])
        }
    }
}

/// True when this machine can bind the IPv6 loopback address (containers sometimes run without IPv6).
private func ipv6LoopbackAvailable() -> Bool {
    let descriptor = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    inet_pton(AF_INET6, "::1", &address.sin6_addr)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
        }
    }
}

import CMicroHTTPD
import Core

/// The Swift side of one libmicrohttpd daemon: what its C callbacks reach through their closure pointer.
///
/// libmicrohttpd calls into it from its own threads, never from Swift's cooperative pool.
final class DaemonContext: Sendable {
    let handler: HTTPServer.Handler
    let bodyTooLargeResponse: HTTPServer.Handler
    let maxBodyBytes: Int
    let logger: Logger

    private let connections = Locked(ConnectionRegistry())

    init(handler: @escaping HTTPServer.Handler, bodyTooLargeResponse: @escaping HTTPServer.Handler,
         maxBodyBytes: Int, logger: Logger) {
        self.handler = handler
        self.bodyTooLargeResponse = bodyTooLargeResponse
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    var statistics: HTTPServerStatistics {
        connections.withLock { registry in
            HTTPServerStatistics(
                connectionsAccepted: registry.nextID - 1,
                connectionsOpen: registry.openConnections.count,
                responsesSent: registry.responsesSent
            )
        }
    }

    func connectionOpened(_ connection: OpaquePointer) {
        connections.withLock { registry in
            registry.openConnections[Self.key(connection)] = registry.nextID
            registry.nextID += 1
        }
    }

    func connectionClosed(_ connection: OpaquePointer) {
        _ = connections.withLock { registry in
            registry.openConnections.removeValue(forKey: Self.key(connection))
        }
    }

    /// Returns the number of the connection, or 0 if libmicrohttpd did not report it as open.
    func connectionID(of connection: OpaquePointer) -> UInt64 {
        connections.withLock { $0.openConnections[Self.key(connection)] ?? 0 }
    }

    func countResponse() {
        connections.withLock { $0.responsesSent += 1 }
    }

    private static func key(_ connection: OpaquePointer) -> UInt {
        UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(connection)))
    }
}

/// Open connections by the address of their libmicrohttpd handle. An address can be reused after a close, so
/// each open gets a fresh number.
struct ConnectionRegistry: Sendable {
    var openConnections: [UInt: UInt64] = [:]
    var nextID: UInt64 = 1
    var responsesSent: UInt64 = 0
}

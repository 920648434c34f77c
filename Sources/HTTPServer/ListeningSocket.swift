#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bound, listening TCP socket, created here so that the port the system picked for port 0 can be read
/// before libmicrohttpd takes the socket over.
struct ListeningSocket {
    let fileDescriptor: Int32
    let port: UInt16

    /// Binds `host:port` and starts listening. Throws ``HTTPServerError/invalidAddress(_:)`` for a host that is
    /// not a numeric address and ``HTTPServerError/socketFailed(operation:address:port:errno:)`` otherwise.
    static func open(host: String, port: UInt16, backlog: Int32) throws(HTTPServerError) -> ListeningSocket {
        var storage = sockaddr_storage()
        let family: Int32
        let length: socklen_t
        if let address = ipv4Address(host, port: port) {
            family = AF_INET
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { raw in raw.storeBytes(of: address, as: sockaddr_in.self) }
        } else if let address = ipv6Address(host, port: port) {
            family = AF_INET6
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { raw in raw.storeBytes(of: address, as: sockaddr_in6.self) }
        } else {
            throw .invalidAddress(host)
        }

        #if canImport(Glibc)
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let descriptor = socket(family, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else {
            throw .socketFailed(operation: "socket", address: host, port: port, errno: errno)
        }

        var enable: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &enable, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 {
            // Listen on IPv6 only, so that `::1` does not also claim the IPv4 port.
            _ = setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &enable, socklen_t(MemoryLayout<Int32>.size))
        }

        let bound = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw .socketFailed(operation: "bind", address: host, port: port, errno: code)
        }
        guard listen(descriptor, backlog) == 0 else {
            let code = errno
            close(descriptor)
            throw .socketFailed(operation: "listen", address: host, port: port, errno: code)
        }

        guard let boundPort = localPort(of: descriptor) else {
            let code = errno
            close(descriptor)
            throw .socketFailed(operation: "getsockname", address: host, port: port, errno: code)
        }
        return ListeningSocket(fileDescriptor: descriptor, port: boundPort)
    }

    private static func ipv4Address(_ host: String, port: UInt16) -> sockaddr_in? {
        var address = sockaddr_in()
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        return address
    }

    private static func ipv6Address(_ host: String, port: UInt16) -> sockaddr_in6? {
        var address = sockaddr_in6()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard inet_pton(AF_INET6, bare, &address.sin6_addr) == 1 else { return nil }
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        return address
    }

    private static func localPort(of descriptor: Int32) -> UInt16? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        let family = Int32(storage.ss_family)
        return withUnsafeBytes(of: &storage) { raw -> UInt16? in
            switch family {
            case AF_INET: UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port)
            case AF_INET6: UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port)
            default: nil
            }
        }
    }
}

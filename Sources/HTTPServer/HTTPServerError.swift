#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to start an ``HTTPServer``.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration has problems, one message each.
    case invalidConfiguration([String])
    /// The host is not a numeric IPv4 or IPv6 address.
    case invalidAddress(String)
    /// A socket call failed; `errno` is the system error number.
    case socketFailed(operation: String, address: String, port: UInt16, errno: Int32)
    /// libmicrohttpd did not start the daemon, for example because it could not create its threads. It reports
    /// no reason to the caller.
    case daemonStartFailed(address: String, port: UInt16)
    /// ``HTTPServer/start()`` was called on a server that is running or was stopped; create a new server instead.
    case alreadyStarted

    public var description: String {
        switch self {
        case .invalidConfiguration(let problems):
            return "invalid HTTP server configuration: " + problems.joined(separator: "; ")
        case .invalidAddress(let host):
            return "invalid listen address \"\(host)\": use a numeric IPv4 or IPv6 address such as 127.0.0.1 or ::1"
        case .socketFailed(let operation, let address, let port, let errno):
            return "\(operation) failed for \(Self.format(address, port)): \(Self.errorText(errno)) (errno \(errno))"
        case .daemonStartFailed(let address, let port):
            return "libmicrohttpd failed to start a server on \(Self.format(address, port))"
        case .alreadyStarted:
            return "the HTTP server was already started; create a new server to listen again"
        }
    }

    static func format(_ address: String, _ port: UInt16) -> String {
        address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }

    private static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "unknown error" }
        return String(cString: text)
    }
}

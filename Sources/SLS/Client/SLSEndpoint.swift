/// The destination of PutLogs requests: an SLS endpoint such as `cn-hangzhou.log.aliyuncs.com`, to which each request
/// prefixes its project (`my-project.cn-hangzhou.log.aliyuncs.com`).
///
/// With a ``connectAddress``, every connection goes to that address instead, while the URL and the `Host`
/// header keep `{project}.{host}`. Tests use it to reach a local SLS server on 127.0.0.1.
public struct SLSEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Scheme: String, Sendable, Equatable {
        case https
        case http

        var defaultPort: UInt16 { self == .https ? 443 : 80 }
    }

    /// The endpoint host name without scheme, project or port, such as `cn-hangzhou.log.aliyuncs.com`.
    public var host: String
    public var scheme: Scheme
    /// The TCP port; nil uses the scheme's default (443 or 80).
    public var port: UInt16?
    /// A numeric `address:port` (`127.0.0.1:18080`, `[::1]:18080`) that receives every connection in place of
    /// the resolved host; nil connects to `{project}.{host}` as resolved by DNS.
    public var connectAddress: String?

    public init(host: String, scheme: Scheme = .https, port: UInt16? = nil, connectAddress: String? = nil) {
        self.host = host
        self.scheme = scheme
        self.port = port
        self.connectAddress = connectAddress
    }

    /// Returns an endpoint that sends every request to a local server on `address:port`, over plain HTTP unless
    /// `scheme` is https, with `Host: {project}.{host}`. The default host name ends in `.test`, a top-level
    /// domain reserved for testing (RFC 2606), so a request that escaped the redirect could not reach a real
    /// service. With HTTPS the server certificate must name `{project}.{host}`.
    public static func local(port: UInt16, address: String = "127.0.0.1", host: String = "sls.test",
                             scheme: Scheme = .http) -> SLSEndpoint {
        let formattedAddress = address.contains(":") && !address.hasPrefix("[") ? "[\(address)]" : address
        return SLSEndpoint(host: host, scheme: scheme, connectAddress: "\(formattedAddress):\(port)")
    }

    /// Checks the endpoint and returns one message per problem.
    public func validate() -> [String] {
        var problems: [String] = []
        if host.isEmpty {
            problems.append("endpoint host is empty; use the region endpoint, such as cn-hangzhou.log.aliyuncs.com")
        } else if host.contains("://") || host.contains("/") {
            problems.append("endpoint host \"\(host)\" contains a scheme or path; give only the host name and set the scheme separately")
        } else if host.contains(":") {
            problems.append("endpoint host \"\(host)\" contains a port; set the port separately")
        }
        if let connectAddress, Self.splitAddress(connectAddress) == nil {
            problems.append("connect address \"\(connectAddress)\" is invalid; use address:port, such as 127.0.0.1:18080 or [::1]:18080")
        }
        return problems
    }

    /// Returns the host of a project's requests, with the port when it is not the scheme's default, as used in the URL
    /// and in `Host`.
    func projectHost(_ project: String) -> String {
        if let port, port != scheme.defaultPort {
            return "\(project).\(host):\(port)"
        }
        return "\(project).\(host)"
    }

    /// The endpoint host as the signer puts it into `Host` after the project: with the port when not default.
    var signingHost: String {
        if let port, port != scheme.defaultPort {
            return "\(host):\(port)"
        }
        return host
    }

    /// Returns the URL of a request, with each query value percent-encoded (RFC 3986 unreserved characters kept).
    func url(project: String, path: String, query: [(name: String, value: String)]) -> String {
        var url = "\(scheme.rawValue)://\(projectHost(project))\(path)"
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value))" }
                .joined(separator: "&")
        }
        return url
    }

    /// Returns libcurl's `CONNECT_TO` entry for ``connectAddress``. The source host and port are left empty, so
    /// the entry matches every request of this client and none can bypass it.
    var connectToEntry: String? {
        guard let connectAddress, let (address, port) = Self.splitAddress(connectAddress) else { return nil }
        return "::\(address):\(port)"
    }

    public var description: String {
        var text = "\(scheme.rawValue)://\(host)"
        if let port { text += ":\(port)" }
        if let connectAddress { text += " via \(connectAddress)" }
        return text
    }

    /// Returns where the requests of `project` go, as `validate` shows it: the project's host name, then the
    /// connect address if one is set.
    public func description(project: String) -> String {
        var text = "\(scheme.rawValue)://\(projectHost(project))"
        if let connectAddress { text += " via \(connectAddress)" }
        return text
    }

    /// Splits `127.0.0.1:80` or `[::1]:80` into the address as libcurl expects it (brackets kept) and the port.
    static func splitAddress(_ text: String) -> (address: String, port: UInt16)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let address = String(text[..<colon])
        guard !address.isEmpty, let port = UInt16(text[text.index(after: colon)...]), port > 0 else { return nil }
        if address.contains(":") && !(address.hasPrefix("[") && address.hasSuffix("]")) {
            return nil
        }
        return (address, port)
    }

    static func percentEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                encoded.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "%")))
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return encoded
    }
}

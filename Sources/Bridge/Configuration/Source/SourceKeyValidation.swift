import Foundation

/// Checks of `source:` values that librdkafka accepts when the consumer is configured but cannot use, such as a port
/// above 65535.
extension BridgeConfigurationLoader {
    /// Reports each bootstrap server that is not `host:port`.
    func checkBootstrapServers(_ servers: [(keyPath: String, value: String)], reader: ConfigReader) {
        for server in servers where !Self.isHostAndPort(server.value) {
            reader.report(server.keyPath, "is `\(server.value)`, which is not a host and a port from 1 to 65535.",
                          fix: "Write one server per list item as host:port, such as `<namespace>.servicebus.windows.net:9093`, `127.0.0.1:9092` or `[::1]:9092`.")
        }
    }

    /// Returns whether `text` is `host:port` with a port from 1 to 65535 in decimal digits. The host is a host name or
    /// IPv4 address (ASCII letters, digits, `.`, `_` and `-`), or an IPv6 address in brackets, as in `[::1]:9093`.
    static func isHostAndPort(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        let host = text[..<colon].utf8
        let port = text[text.index(after: colon)...].utf8

        let isDecimal = (1...5).contains(port.count) && port.allSatisfy(isASCIIDigit)
        guard isDecimal, let number = Int(Substring(port)), (1...65535).contains(number) else { return false }

        if host.first == UInt8(ascii: "["), host.last == UInt8(ascii: "]") {
            let address = host.dropFirst().dropLast()
            return address.contains(UInt8(ascii: ":"))
                && address.allSatisfy { isASCIIHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        return !host.isEmpty
            && host.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isASCIIDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isASCIIHexDigit(_ byte: UInt8) -> Bool {
        isASCIIDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIIDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}

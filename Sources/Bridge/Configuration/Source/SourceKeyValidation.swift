import Foundation

/// Checks of `source:` values that librdkafka accepts when the consumer is configured but cannot use, such as a port
/// above 65535 or a topic name that Kafka does not allow.
extension BridgeConfigurationLoader {
    /// The maximum length of a topic name in Apache Kafka, in characters. It is below
    /// ``EventHubsKafka/maxHubNameLength``, so it is the limit for an event hub read over Kafka.
    static let maxTopicNameLength = 249

    /// Reports each bootstrap server that is not `host:port`.
    func checkBootstrapServers(_ servers: [(keyPath: String, value: String)], reader: ConfigReader) {
        for server in servers where !Self.isHostAndPort(server.value) {
            reader.report(server.keyPath, "is `\(server.value)`, which is not a host and a port from 1 to 65535.",
                          fix: "Write each server as host:port, such as `<namespace>.servicebus.windows.net:9093`, `127.0.0.1:9092` or `[::1]:9092`.")
        }
    }

    /// Reports event hub names that are not valid Kafka topic names, and names given more than once.
    func checkHubNames(_ hubs: [(keyPath: String, value: String)], reader: ConfigReader) {
        var seen: Set<String> = []
        for hub in hubs {
            // decodeSource reports empty names itself.
            guard !hub.value.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            if !Self.isValidTopicName(hub.value) {
                reader.report(hub.keyPath, "is `\(hub.value)`, which is not a valid event hub (Kafka topic) name.",
                              fix: "Use 1 to \(Self.maxTopicNameLength) ASCII letters, digits, periods, underscores and hyphens, other than `.` or `..` alone, such as `insights-logs-auditevent`.")
            } else if !seen.insert(hub.value).inserted {
                reader.report(hub.keyPath, "names the event hub `\(hub.value)` a second time.",
                              fix: "Remove the repeated name.")
            }
        }
    }

    /// Returns whether `name` is a valid Kafka topic name: 1 to 249 ASCII letters, digits, `.`, `_` and `-`, and not
    /// `.` or `..`.
    static func isValidTopicName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...maxTopicNameLength).contains(bytes.count), name != ".", name != ".." else { return false }
        return bytes.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
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

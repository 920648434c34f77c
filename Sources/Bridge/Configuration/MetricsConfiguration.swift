/// The operations endpoint (`/metrics`, `/healthz`, `/readyz`) and the rules behind `/readyz`.
public struct MetricsConfiguration: Sendable, Equatable {
    /// When `/readyz` reports the bridge as not ready.
    public struct Readiness: Sendable, Equatable {
        /// Not ready when the consumer was not polled for this long, in milliseconds. A poll normally
        /// happens every 100 ms; rebalances and shutdown drains pause it for up to the drain timeout.
        public var maxPollGapMilliseconds: Int
        /// Not ready when a record read from Kafka has waited this long without being delivered or
        /// dead-lettered, in milliseconds. The wait counts from when the bridge read the record, not from when
        /// it was produced, so that a backlog at start does not count.
        public var maxUndeliveredAgeMilliseconds: Int

        public init(maxPollGapMilliseconds: Int = 60_000, maxUndeliveredAgeMilliseconds: Int = 300_000) {
            self.maxPollGapMilliseconds = maxPollGapMilliseconds
            self.maxUndeliveredAgeMilliseconds = maxUndeliveredAgeMilliseconds
        }
    }

    /// Whether the endpoint runs at all.
    public var enabled: Bool
    /// The numeric address to bind, `127.0.0.1` by default so that nothing outside the host can scrape.
    public var host: String
    /// The TCP port; 0 picks a free one (tests read it back from the endpoint).
    public var port: UInt16
    /// True when the address was configured explicitly: then a port that cannot be bound stops the start.
    /// With the default address, a taken port is logged as an error and the bridge runs without the endpoint.
    public var isListenAddressExplicit: Bool
    /// Milliseconds between librdkafka statistics documents, the source of consumer lag, throttle time and
    /// the assignment size.
    public var kafkaStatisticsIntervalMilliseconds: Int
    public var readiness: Readiness

    public init(
        enabled: Bool = true, host: String = "127.0.0.1", port: UInt16 = MetricsConfiguration.defaultPort,
        isListenAddressExplicit: Bool = false, kafkaStatisticsIntervalMilliseconds: Int = 60_000,
        readiness: Readiness = Readiness()
    ) {
        self.enabled = enabled
        self.host = host
        self.port = port
        self.isListenAddressExplicit = isListenAddressExplicit
        self.kafkaStatisticsIntervalMilliseconds = kafkaStatisticsIntervalMilliseconds
        self.readiness = readiness
    }

    /// The port of the endpoint when the configuration names none.
    public static let defaultPort: UInt16 = 9599

    /// No endpoint; the bridge still collects its metrics in memory (for the status line and tests).
    public static let disabled = MetricsConfiguration(enabled: false)

    /// `host:port`, with brackets around an IPv6 address.
    public var listenAddress: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Splits `127.0.0.1:9599` or `[::1]:9599` into a numeric address and a port, or returns nil.
    public static func parseListenAddress(_ text: String) -> (host: String, port: UInt16)? {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            guard isIPv6Address(host) else { return nil }
        } else {
            guard isIPv4Address(host) else { return nil }
        }
        return (host, port)
    }

    private static func isIPv4Address(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && UInt8(part) != nil
        }
    }

    private static func isIPv6Address(_ text: String) -> Bool {
        !text.isEmpty && text.contains(":")
            && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}

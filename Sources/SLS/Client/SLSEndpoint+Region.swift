extension SLSEndpoint {
    /// The form of an SLS endpoint host name.
    public enum Kind: Sendable, Equatable {
        /// `{region}.log.aliyuncs.com`, reachable from the internet.
        case `public`
        /// `{region}-intranet.log.aliyuncs.com` (also `-vpc` and `-share`), reachable from Alibaba Cloud networks
        /// of the region only.
        case `internal`
        /// `log-global.aliyuncs.com`, the transfer acceleration endpoint, which names no region.
        case accelerated
        /// Any other host, such as a private domain or a local test server.
        case custom
    }

    /// The domain under which SLS region endpoints live.
    static let regionDomainSuffix = ".log.aliyuncs.com"
    /// The host of the transfer acceleration endpoint.
    public static let acceleratedHost = "log-global.aliyuncs.com"
    /// Suffixes of the first label that mark an endpoint inside Alibaba Cloud. iLogtail's `GuessRegionByEndpoint`
    /// strips the same three.
    static let internalLabelSuffixes = ["-intranet", "-vpc", "-share"]

    /// The kind of endpoint that ``host`` names, compared case-insensitively.
    public var kind: Kind {
        let name = host.lowercased()
        if name == Self.acceleratedHost {
            return .accelerated
        }
        guard let label = Self.regionLabel(of: name) else {
            return .custom
        }
        return Self.internalLabelSuffixes.contains(where: { label.hasSuffix($0) }) ? .internal : .public
    }

    /// The region named by a public or internal endpoint, such as `cn-hangzhou` for both
    /// `cn-hangzhou.log.aliyuncs.com` and `cn-hangzhou-intranet.log.aliyuncs.com`. It is nil for the accelerated
    /// endpoint and for custom hosts, so signature v4 needs the region configured for those.
    public var derivedRegion: String? {
        guard let label = Self.regionLabel(of: host.lowercased()) else { return nil }
        for suffix in Self.internalLabelSuffixes where label.hasSuffix(suffix) {
            let region = String(label.dropLast(suffix.count))
            return region.isEmpty ? nil : region
        }
        return label
    }

    /// Returns the single label before `.log.aliyuncs.com`, or nil when the host has another form.
    private static func regionLabel(of host: String) -> String? {
        guard host.hasSuffix(regionDomainSuffix) else { return nil }
        let label = host.dropLast(regionDomainSuffix.count)
        guard !label.isEmpty, !label.contains(".") else { return nil }
        return String(label)
    }
}

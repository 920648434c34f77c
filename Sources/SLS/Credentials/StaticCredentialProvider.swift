/// Credentials fixed at start: a RAM user's AccessKey pair, or an STS token that the operator renews by
/// restarting.
public struct StaticCredentialProvider: CredentialProvider {
    public let fixedCredentials: SLSCredentials

    public init(_ credentials: SLSCredentials) {
        fixedCredentials = credentials
    }

    public var sourceDescription: String {
        fixedCredentials.securityToken == nil ? "static AccessKey" : "static AccessKey with STS token"
    }

    public func cachedCredentials() -> SLSCredentials? { fixedCredentials }

    public func credentials() throws(CredentialError) -> SLSCredentials { fixedCredentials }

    public func invalidate(_ rejected: SLSCredentials) {}

    /// False: an STS token given in the configuration is renewed only by a restart with a new one.
    public var canRenew: Bool { false }

    public func validate() -> [String] {
        var problems: [String] = []
        if fixedCredentials.accessKeyID.isEmpty {
            problems.append("credentials: the AccessKey ID is empty; set the ID of the RAM user or role that writes")
        }
        if fixedCredentials.accessKeySecret.isEmpty {
            problems.append("credentials: the AccessKey secret is empty; set the secret that belongs to the AccessKey ID")
        }
        if let token = fixedCredentials.securityToken, token.isEmpty {
            problems.append("credentials: the STS security token is empty; set it or remove it for a permanent AccessKey")
        }
        return problems
    }
}

import Core

/// An AccessKey pair, with the STS token when the pair is temporary.
///
/// `description`, `debugDescription` and `dump` show only the AccessKey ID; the secret and the token appear
/// as a placeholder.
public struct SLSCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessKeyID: String
    public var accessKeySecret: Secret
    /// The STS security token, sent as `x-acs-security-token`; nil for a permanent AccessKey.
    public var securityToken: Secret?

    public init(accessKeyID: String, accessKeySecret: Secret, securityToken: Secret? = nil) {
        self.accessKeyID = accessKeyID
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken
    }

    public var description: String {
        let token = securityToken == nil ? "none" : SecretRedactor.placeholder
        return "SLSCredentials(accessKeyID: \(accessKeyID), accessKeySecret: \(SecretRedactor.placeholder), "
            + "securityToken: \(token))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyID": accessKeyID,
            "accessKeySecret": SecretRedactor.placeholder,
            "securityToken": securityToken == nil ? "none" : SecretRedactor.placeholder,
        ])
    }
}

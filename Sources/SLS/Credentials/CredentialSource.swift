/// Where a ``RefreshingCredentialProvider`` reads temporary credentials from: a file or a URL.
public protocol CredentialSource: Sendable {
    /// The kind and the path or URL, for logs and errors; never a secret.
    var description: String { get }

    /// Returns a cheap fingerprint of the source's current content, such as a file's inode, size and modification
    /// time, or nil when the source has none. A fingerprint other than the one returned with the last fetch
    /// makes the provider fetch again before its credentials expire.
    func currentVersion() -> CredentialSourceVersion?

    /// Reads the credentials, blocking for up to the source's own timeout.
    ///
    /// - Throws: ``CredentialError`` when the source cannot be read or holds no valid document.
    func fetch() throws(CredentialError) -> FetchedCredentials

    /// Checks the settings and returns one message per problem, naming the setting and the fix.
    func validate() -> [String]
}

/// A fingerprint of a credential source's content; equal values mean unchanged content.
public struct CredentialSourceVersion: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    /// The modification time in nanoseconds since the Unix epoch.
    public var modificationNanoseconds: Int64

    public init(device: UInt64, inode: UInt64, size: Int64, modificationNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modificationNanoseconds = modificationNanoseconds
    }
}

/// The result of one fetch from a ``CredentialSource``.
public struct FetchedCredentials: Sendable {
    public var document: STSCredentialDocument
    /// The fingerprint of the content that was read, or nil when the source has none.
    public var version: CredentialSourceVersion?

    public init(document: STSCredentialDocument, version: CredentialSourceVersion?) {
        self.document = document
        self.version = version
    }
}

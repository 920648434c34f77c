#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An STS credentials file (see ``STSCredentialDocument``) that an external agent rewrites before the token
/// expires. Writing a new file and renaming it over the old one is safest: a reader never sees a partial file. A
/// partial or invalid file fails the read, and the provider keeps its current credentials until they expire.
public struct STSFileCredentialSource: CredentialSource {
    public var path: String
    /// The largest file accepted, in bytes; STS documents are about 1 KiB.
    public static let maxFileBytes = 64 * 1024

    public init(path: String) {
        self.path = path
    }

    public var description: String { "STS credentials file \(path)" }

    /// Returns the file's device, inode, size and modification time. A rewrite that keeps the size and reuses the
    /// inode within one tick of the kernel's coarse clock (a few milliseconds) looks unchanged. Such a file is read
    /// only when the cached credentials come within the refresh margin of expiry or are rejected.
    public func currentVersion() -> CredentialSourceVersion? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Self.version(of: info)
    }

    public func fetch() throws(CredentialError) -> FetchedCredentials {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .fileUnreadable(path: path, reason: Self.errorText(errno))
        }
        defer { close(descriptor) }

        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .fileUnreadable(path: path, reason: Self.errorText(errno))
        }
        guard Int(info.st_size) <= Self.maxFileBytes else {
            throw .invalidDocument(source: description, reason: "the file has \(info.st_size) bytes, more than "
                + "the \(Self.maxFileBytes) bytes an STS document may have")
        }

        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= Self.maxFileBytes {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fileUnreadable(path: path, reason: Self.errorText(errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer.prefix(count))
        }

        let document = try STSCredentialDocument.parse(bytes, source: description)
        return FetchedCredentials(document: document, version: Self.version(of: info))
    }

    public func validate() -> [String] {
        path.isEmpty ? ["credentials_file is empty; give the path of the STS credentials JSON file"] : []
    }

    private static func version(of info: stat) -> CredentialSourceVersion {
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return CredentialSourceVersion(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
            modificationNanoseconds: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec)
        )
    }

    private static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }
}

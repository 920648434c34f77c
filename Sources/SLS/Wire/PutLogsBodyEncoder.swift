import Core

/// Encodes LogGroups and compresses them into PutLogs requests, reusing its working memory from one request to
/// the next.
///
/// Encoding a batch needs two buffers of about the batch's size: the LogGroup protobuf and the compressor's
/// worst-case output. Allocating them for every request means fresh memory that the kernel must map and zero,
/// which cost more than the protobuf encoding itself in profiles of the bridge. This encoder keeps such buffer
/// pairs in a pool, one per caller running at the same time, and allocates only the compressed body, at its
/// exact size. Each pair grows to the largest batch it has encoded. The pool keeps at most
/// ``maximumIdleWorkspaces`` pairs, and beyond the first only while they fit in ``maximumIdleBytes``.
/// Thread-safe.
public final class PutLogsBodyEncoder: Sendable {
    /// The buffers one encoding uses. Only the thread that took it from the pool touches it.
    private final class Workspace: @unchecked Sendable {
        var logGroup: [UInt8] = []
        var compressed: [UInt8] = []

        var byteCount: Int { logGroup.count + compressed.count }
    }

    /// Idle buffer pairs and their bytes together.
    private struct Pool: Sendable {
        var workspaces: [Workspace] = []
        var byteCount = 0
    }

    /// The maximum number of buffer pairs kept between requests. More are allocated while more callers encode
    /// at once.
    public let maximumIdleWorkspaces: Int
    /// The bytes that idle buffer pairs may take together. The first idle pair is kept whatever its size.
    public let maximumIdleBytes: Int
    private let idle = Locked(Pool())

    /// - Parameters:
    ///   - maximumIdleWorkspaces: the default, 8, covers the six encodings at once seen over 32 partitions on two
    ///     cores (`make bench`). An encoding beyond the pool allocates a pair of buffers and drops it afterwards.
    ///   - maximumIdleBytes: the default, 16 MiB, keeps 8 pairs at the default `batching.max_bytes` (about
    ///     1.2 MB a pair) and one at its 10 MiB limit (about 20 MiB a pair).
    public init(maximumIdleWorkspaces: Int = 8, maximumIdleBytes: Int = 16 * 1024 * 1024) {
        self.maximumIdleWorkspaces = maximumIdleWorkspaces
        self.maximumIdleBytes = maximumIdleBytes
    }

    /// Returns whether a pair of `returningBytes` bytes stays in a pool that has `idleCount` pairs of `idleBytes`
    /// bytes in all.
    func keepsIdle(idleCount: Int, idleBytes: Int, returningBytes: Int) -> Bool {
        idleCount < maximumIdleWorkspaces && (idleCount == 0 || idleBytes + returningBytes <= maximumIdleBytes)
    }

    /// Returns the request for `group`: its LogGroup encoding compressed with `compression`.
    ///
    /// - Throws: ``SLSCompressionError`` when compression fails, which the built-in algorithms do not on input
    ///   below their size limits.
    public func request(
        project: String, logstore: String, group: LogGroup, compression: SLSCompression, hashKey: String? = nil
    ) throws(SLSCompressionError) -> PutLogsRequest {
        let reused = idle.withLock { pool -> Workspace? in
            guard let workspace = pool.workspaces.popLast() else { return nil }
            pool.byteCount -= workspace.byteCount
            return workspace
        }
        let workspace = reused ?? Workspace()
        defer {
            let bytes = workspace.byteCount
            idle.withLock { pool in
                if keepsIdle(idleCount: pool.workspaces.count, idleBytes: pool.byteCount, returningBytes: bytes) {
                    pool.workspaces.append(workspace)
                    pool.byteCount += bytes
                }
            }
        }

        let rawSize = LogGroupEncoder.encode(group, reusing: &workspace.logGroup)
        let body = try workspace.logGroup.withUnsafeBufferPointer { buffer throws(SLSCompressionError) in
            let raw = UnsafeBufferPointer(rebasing: buffer[0..<rawSize])
            return try SLSCompressor.compress(raw, using: compression, workspace: &workspace.compressed)
        }
        return PutLogsRequest(
            project: project, logstore: logstore, body: body, rawSize: rawSize, compression: compression,
            hashKey: hashKey
        )
    }
}

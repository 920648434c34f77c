import Core

/// Encodes LogGroups and compresses them into PutLogs requests, reusing its working memory from one request to
/// the next.
///
/// Encoding a batch needs two buffers of about the batch's size: the LogGroup protobuf and the compressor's
/// worst-case output. Allocating them for every request means fresh memory that the kernel must map and zero,
/// which cost more than the protobuf encoding itself in profiles of the bridge. This encoder keeps such buffer
/// pairs in a pool, one per caller running at the same time, and allocates only the compressed body, at its
/// exact size. The pool keeps at most ``maximumIdleWorkspaces`` pairs; each grows to the largest batch it has
/// encoded. Thread-safe.
public final class PutLogsBodyEncoder: Sendable {
    /// The buffers one encoding uses. Only the thread that took it from the pool touches it.
    private final class Workspace: @unchecked Sendable {
        var logGroup: [UInt8] = []
        var compressed: [UInt8] = []
    }

    /// The maximum number of buffer pairs kept between requests. More are allocated while more callers encode
    /// at once.
    public let maximumIdleWorkspaces: Int
    private let idle = Locked<[Workspace]>([])

    /// - Parameter maximumIdleWorkspaces: the default, 8, covers the six encodings at once seen over 32 partitions
    ///   on two cores (`make bench`). An encoding beyond the pool allocates a pair of buffers and drops it afterwards.
    public init(maximumIdleWorkspaces: Int = 8) {
        self.maximumIdleWorkspaces = maximumIdleWorkspaces
    }

    /// Returns the request for `group`: its LogGroup encoding compressed with `compression`.
    ///
    /// - Throws: ``SLSCompressionError`` when compression fails, which the built-in algorithms do not on input
    ///   below their size limits.
    public func request(
        project: String, logstore: String, group: LogGroup, compression: SLSCompression, hashKey: String? = nil
    ) throws(SLSCompressionError) -> PutLogsRequest {
        let workspace = idle.withLock { $0.popLast() } ?? Workspace()
        defer {
            idle.withLock { pool in
                if pool.count < maximumIdleWorkspaces {
                    pool.append(workspace)
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

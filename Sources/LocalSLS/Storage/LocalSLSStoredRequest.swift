import SLS

/// One accepted PutLogs request as the local server stored it.
public struct LocalSLSStoredRequest: Sendable {
    /// The `x-log-requestid` sent back.
    public var requestID: String
    public var project: String
    public var logstore: String
    public var shard: LocalSLSShardSelection
    /// The decoded body.
    public var logGroup: LogGroup
    public var compression: SLSCompression
    /// The body size on the wire, in bytes.
    public var compressedBytes: Int
    /// The body size after decompression (`x-log-bodyrawsize`), in bytes.
    public var rawBytes: Int
    public var accessKeyID: String
    public var signatureVersion: SignatureVersion
    /// The server clock when the request was accepted, in seconds since the epoch (clock offset included).
    public var receivedAt: Int64
    /// The HTTP connection that carried the request; equal numbers mean a reused connection.
    public var connectionID: UInt64
    public var userAgent: String?
}

/// Sums over the accepted requests of one project and Logstore.
public struct LocalSLSTotals: Sendable, Equatable {
    public var requests: Int
    public var logs: Int
    /// Body bytes on the wire.
    public var compressedBytes: Int
    /// Body bytes after decompression.
    public var rawBytes: Int

    public init(requests: Int = 0, logs: Int = 0, compressedBytes: Int = 0, rawBytes: Int = 0) {
        self.requests = requests
        self.logs = logs
        self.compressedBytes = compressedBytes
        self.rawBytes = rawBytes
    }
}

/// One response the local server sent, accepted or not.
public struct LocalSLSResponseRecord: Sendable, Equatable {
    public var requestID: String
    public var status: Int
    /// The SLS `errorCode`, or nil for an accepted request.
    public var errorCode: String?
    /// The project and Logstore, when the request got far enough to name them.
    public var project: String?
    public var logstore: String?
    /// True when an injected fault produced the response.
    public var injected: Bool
}

import SLS

/// One accepted PutLogs request as an acceptance observer of ``LocalSLSServer`` sees it.
public struct LocalSLSAcceptance: Sendable {
    public var project: String
    public var logstore: String
    /// The system clock when the server accepted the request, in milliseconds since the UNIX epoch. The server's
    /// clock offset is not applied.
    public var acceptedAtMilliseconds: Int64
    public var compression: SLSCompression
    /// The body size after decompression, as `x-log-bodyrawsize` states it, in bytes.
    public var rawSize: Int
    /// The body as received, still compressed.
    public var body: [UInt8]
}

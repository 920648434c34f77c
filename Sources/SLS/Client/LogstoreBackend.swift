/// Something that accepts PutLogs requests for Logstores: the libcurl ``SLSClient``, or a test double.
public protocol LogstoreBackend: Sendable {
    /// Sends one PutLogs request, one attempt (retries belong to the caller), and calls `completion`
    /// exactly once on an arbitrary thread.
    func putLogs(_ request: PutLogsRequest, completion: @escaping @Sendable (PutLogsResult) -> Void)

    /// Stops sending. Requests still queued or in flight complete with ``PutLogsFailure/transport(_:)`` and a
    /// cancelled ``TransportError``, and later requests fail the same way at once. SLS may already have stored
    /// a request that was in flight, so callers wait for their requests to complete before shutting down.
    func shutdown()
}

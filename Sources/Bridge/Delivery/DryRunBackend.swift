import SLS

/// A Logstore backend that accepts every request at once and sends nothing.
///
/// `dry-run` puts it in place of the SLS client: batches are still normalized, encoded and compressed
/// exactly as `run` does, so the metered byte counts are the ones a real run would produce.
public final class DryRunBackend: LogstoreBackend {
    public init() {}

    public func putLogs(_ request: PutLogsRequest, completion: @escaping @Sendable (PutLogsResult) -> Void) {
        completion(.accepted(PutLogsReceipt(requestID: nil, serverTime: nil)))
    }

    public func shutdown() {}
}

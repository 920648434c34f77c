import Dispatch
import SLS

/// Wraps the Logstore backend to time every PutLogs attempt and count its result, so that the delivery
/// stage needs no metrics code. Each attempt is one call: retries are counted as further attempts.
struct ObservedLogstoreBackend: LogstoreBackend {
    let base: any LogstoreBackend
    let onStart: @Sendable () -> Void
    /// Receives the request, its result and its duration in seconds, before the pipeline receives the result.
    let onFinish: @Sendable (PutLogsRequest, PutLogsResult, Double) -> Void

    func putLogs(_ request: PutLogsRequest, completion: @escaping @Sendable (PutLogsResult) -> Void) {
        let started = DispatchTime.now().uptimeNanoseconds
        onStart()
        base.putLogs(request) { [onFinish] result in
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000_000
            onFinish(request, result, seconds)
            completion(result)
        }
    }

    func shutdown() {
        base.shutdown()
    }
}

extension LogstoreBackend {
    /// The backend that sends the requests: this one, or the one an ``ObservedLogstoreBackend`` wraps. Code that
    /// needs the ``SLSClient`` itself (to correct its clock) looks here.
    var underlyingBackend: any LogstoreBackend {
        (self as? ObservedLogstoreBackend)?.base ?? self
    }
}

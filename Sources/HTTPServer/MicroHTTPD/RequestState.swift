/// One request while libmicrohttpd delivers it: created when the request line arrives, filled with headers
/// and body chunks, released when the request completes.
///
/// Only the thread that serves the connection touches it, so it needs no lock.
final class RequestState {
    let target: String
    let connectionID: UInt64
    var headers = HTTPHeaders()
    var headersRead = false
    var body: [UInt8] = []
    /// The body grew past the limit; the rest is discarded and the response is 413.
    var bodyTooLarge = false
    /// A response was queued before the body was complete.
    var responseQueued = false

    init(target: String, connectionID: UInt64) {
        self.target = target
        self.connectionID = connectionID
    }
}

import CCurl

/// A libcurl multi handle. Every method except ``wakeUp()`` must be called from the sender thread;
/// `curl_multi_wakeup` is the one multi call libcurl allows from any thread. The caller must order
/// ``wakeUp()`` before ``cleanup()``, as ``CurlMultiTransport`` does with its queue lock.
final class MultiHandle: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer

    /// Creates the handle with at most `maxConnections` open connections in total, per host, and in its cache.
    init(maxConnections: Int) {
        guard let handle = curl_multi_init() else {
            fatalError("curl_multi_init returned NULL: libcurl is out of memory or not initialized")
        }
        self.handle = handle
        _ = ehb_curl_multi_setopt_long(handle, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxConnections)
        _ = ehb_curl_multi_setopt_long(handle, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnections)
        _ = ehb_curl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, maxConnections)
        _ = ehb_curl_multi_setopt_long(handle, CURLMOPT_PIPELINING, Int(CURLPIPE_NOTHING))
    }

    func wakeUp() {
        _ = curl_multi_wakeup(handle)
    }

    func add(_ easy: UnsafeMutableRawPointer) -> CURLMcode {
        curl_multi_add_handle(handle, easy)
    }

    func remove(_ easy: UnsafeMutableRawPointer) {
        _ = curl_multi_remove_handle(handle, easy)
    }

    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(handle, &running)
    }

    /// Waits for socket activity, a libcurl timer or ``wakeUp()``, at most `timeoutMilliseconds`.
    func poll(timeoutMilliseconds: Int32) {
        _ = curl_multi_poll(handle, nil, 0, timeoutMilliseconds, nil)
    }

    /// Returns the next finished transfer and its result, or nil when none is left.
    func nextDone() -> (easy: UnsafeMutableRawPointer, code: CURLcode)? {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(handle, &remaining) {
            if message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle {
                return (easy, message.pointee.data.result)
            }
        }
        return nil
    }

    /// Frees the handle and closes its cached connections. No method may be called afterwards.
    func cleanup() {
        _ = curl_multi_cleanup(handle)
    }
}

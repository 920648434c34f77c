import CCurl

/// One HTTP GET with libcurl's easy interface, blocking the calling thread until the response or the timeout.
/// For the credentials URL, which is fetched rarely and off the sender thread.
enum CurlBlockingGet {
    /// The status and body of a response.
    struct Response {
        var status: Int
        var body: [UInt8]
    }

    /// Fetches `url` without proxy or redirects, reading at most `maxBodyBytes` of the body (a longer body fails).
    ///
    /// - Throws: ``TransportError`` when no complete response arrives, with `kind` naming the cause.
    static func fetch(
        _ url: String, headers: [(name: String, value: String)], connectTimeoutMilliseconds: Int,
        timeoutMilliseconds: Int, maxBodyBytes: Int
    ) throws(TransportError) -> Response {
        CurlGlobal.ensureInitialized()
        guard let easy = curl_easy_init() else {
            throw TransportError(kind: .other, curlCode: nil, curlMessage: "libcurl could not create an easy handle")
        }
        defer { curl_easy_cleanup(easy) }

        let sink = ResponseSink(maxBodyBytes: maxBodyBytes)
        var headerList: UnsafeMutablePointer<curl_slist>?
        for header in headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        defer { curl_slist_free_all(headerList) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        defer { errorBuffer.deallocate() }

        let userData = Unmanaged.passUnretained(sink).toOpaque()
        let results: [CURLcode] = [
            ehb_curl_easy_setopt_string(easy, CURLOPT_URL, url),
            ehb_curl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"),
            ehb_curl_easy_setopt_string(easy, CURLOPT_PROXY, ""),
            ehb_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1),
            ehb_curl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0),
            ehb_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1),
            ehb_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2),
            ehb_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMilliseconds),
            ehb_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, timeoutMilliseconds),
            ehb_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList),
            ehb_curl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer),
            ehb_curl_easy_setopt_write_function(easy, blockingGetWriteCallback),
            ehb_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, userData),
        ]
        if let failure = results.first(where: { $0 != CURLE_OK }) {
            throw CurlTransfer.error(for: failure, detail: "")
        }

        let code = curl_easy_perform(easy)
        guard code == CURLE_OK else {
            if sink.overflowed {
                throw TransportError(kind: .exchange, curlCode: Int(code.rawValue),
                                     curlMessage: "the response body is longer than \(maxBodyBytes) bytes")
            }
            throw CurlTransfer.error(for: code, detail: String(cString: errorBuffer))
        }
        var status = 0
        _ = ehb_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return Response(status: status, body: sink.body)
    }
}

/// The body of a response, filled by the write callback on the calling thread.
private final class ResponseSink {
    let maxBodyBytes: Int
    var body: [UInt8] = []
    var overflowed = false

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }
}

/// Appends a body chunk, or returns 0 (which makes libcurl fail the transfer) once the body is over the limit.
private let blockingGetWriteCallback: @convention(c) (
    UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
) -> Int = { data, size, count, userData in
    let total = size * count
    guard let data, let userData else { return total }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userData).takeUnretainedValue()
    guard sink.body.count + total <= sink.maxBodyBytes else {
        sink.overflowed = true
        return 0
    }
    data.withMemoryRebound(to: UInt8.self, capacity: total) { bytes in
        sink.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: total))
    }
    return total
}

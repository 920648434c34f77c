import CCurl

/// One request in flight on a libcurl easy handle: the buffers libcurl reads from and writes into, and the
/// completion to call.
///
/// Only the sender thread touches it. It stays alive, retained by the transport, for as long as libcurl may
/// call its callbacks, and it frees its header lists and error buffer when released.
final class CurlTransfer {
    /// Response bodies beyond this many bytes are cut; SLS error bodies are a few hundred bytes.
    static let maxResponseBodyBytes = 1024 * 1024

    let request: TransportRequest
    let completion: @Sendable (Result<TransportResponse, TransportError>) -> Void
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    fileprivate var responseHeaders: [(name: String, value: String)] = []
    fileprivate var responseBody: [UInt8] = []

    init(request: TransportRequest, completion: @escaping @Sendable (Result<TransportResponse, TransportError>) -> Void) {
        self.request = request
        self.completion = completion
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_slist_free_all(headerList)
        curl_slist_free_all(connectToList)
        errorBuffer.deallocate()
    }

    /// Sets every option of the request on a fresh or reset easy handle. Returns the first libcurl error.
    func configure(_ easy: UnsafeMutableRawPointer) -> TransportError? {
        for field in request.headers where field.name.lowercased() != "content-length" {
            headerList = curl_slist_append(headerList, "\(field.name): \(field.value)")
        }
        // An empty `Expect:` stops libcurl from waiting for `100 Continue` before large bodies.
        headerList = curl_slist_append(headerList, "Expect:")
        if let connectTo = request.connectTo {
            connectToList = curl_slist_append(connectToList, connectTo)
        }
        let userData = Unmanaged.passUnretained(self).toOpaque()

        var results: [CURLcode] = [
            ehb_curl_easy_setopt_string(easy, CURLOPT_URL, request.url),
            ehb_curl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"),
            // Proxy variables in the environment are ignored: the endpoint decides where requests go.
            ehb_curl_easy_setopt_string(easy, CURLOPT_PROXY, ""),
            ehb_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1),
            ehb_curl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1),
            ehb_curl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1),
            ehb_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMilliseconds),
            ehb_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.requestTimeoutMilliseconds),
            ehb_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList),
            ehb_curl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer),
            ehb_curl_easy_setopt_write_function(easy, curlWriteCallback),
            ehb_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, userData),
            ehb_curl_easy_setopt_header_function(easy, curlHeaderCallback),
            ehb_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, userData),
        ]
        // TLS: the peer certificate chain and the host name are always verified. libcurl does so by default; the
        // options are set anyway so that no build default or environment can turn verification off.
        results.append(ehb_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
        results.append(ehb_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2))
        if let caFile = request.caFile {
            results.append(ehb_curl_easy_setopt_string(easy, CURLOPT_CAINFO, caFile))
        }
        if connectToList != nil {
            results.append(ehb_curl_easy_setopt_slist(easy, CURLOPT_CONNECT_TO, connectToList))
        }
        if request.method == "GET" {
            // A plain GET: without this, the body options below would make libcurl add a form Content-Type,
            // which the signature does not cover.
            results.append(ehb_curl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
            guard let failure = results.first(where: { $0 != CURLE_OK }) else { return nil }
            return Self.error(for: failure, detail: "")
        }
        if request.method == "POST" {
            results.append(ehb_curl_easy_setopt_long(easy, CURLOPT_POST, 1))
        } else {
            results.append(ehb_curl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method))
        }
        results.append(ehb_curl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
        // libcurl copies the body, so the array need not outlive this call.
        if request.body.isEmpty {
            results.append(ehb_curl_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, ""))
        } else {
            results.append(request.body.withUnsafeBytes { bytes in
                ehb_curl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress)
            })
        }

        guard let failure = results.first(where: { $0 != CURLE_OK }) else { return nil }
        return Self.error(for: failure, detail: "")
    }

    /// Builds the outcome once libcurl reports the transfer done with `code`.
    func outcome(of easy: UnsafeMutableRawPointer, code: CURLcode) -> Result<TransportResponse, TransportError> {
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            return .failure(Self.error(for: code, detail: detail))
        }
        var status = 0
        _ = ehb_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(TransportResponse(status: status, headers: responseHeaders, body: responseBody))
    }

    static func error(for code: CURLcode, detail: String) -> TransportError {
        TransportError(kind: kind(of: code), curlCode: Int(code.rawValue), curlMessage: CurlGlobal.message(for: code),
                       detail: detail)
    }

    static func kind(of code: CURLcode) -> TransportError.Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .nameResolution
        case CURLE_COULDNT_CONNECT:
            return .connect
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_WEIRD_SERVER_REPLY,
             CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3:
            return .exchange
        default:
            return .other
        }
    }
}

private let curlWriteCallback: @convention(c) (
    UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
) -> Int = { data, size, count, userData in
    let total = size * count
    guard let data, let userData else { return total }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    let room = CurlTransfer.maxResponseBodyBytes - transfer.responseBody.count
    if room > 0 {
        data.withMemoryRebound(to: UInt8.self, capacity: total) { bytes in
            transfer.responseBody.append(contentsOf: UnsafeBufferPointer(start: bytes, count: min(room, total)))
        }
    }
    return total
}

/// Receives one header line at a time, status lines included. A status line starts a new response (after
/// `100 Continue` or a redirect), so the headers collected so far are dropped.
private let curlHeaderCallback: @convention(c) (
    UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
) -> Int = { data, size, count, userData in
    let total = size * count
    guard let data, let userData else { return total }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    let line = data.withMemoryRebound(to: UInt8.self, capacity: total) { bytes in
        String(decoding: UnsafeBufferPointer(start: bytes, count: total), as: UTF8.self)
    }
    if line.hasPrefix("HTTP/") {
        transfer.responseHeaders.removeAll()
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingWhitespace()
        transfer.responseHeaders.append((name, value))
    }
    return total
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" || last == "\n" || last == "\r\n" {
            text = text.dropLast()
        }
        return String(text)
    }
}

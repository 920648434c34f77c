import CCurl

/// libcurl's process-wide setup, run once before the first handle is created.
enum CurlGlobal {
    /// The result of `curl_global_init`; reading it runs the initialization once, thread-safely.
    static let initialization: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    static func ensureInitialized() {
        _ = initialization
    }

    /// Returns libcurl's text for a result code.
    static func message(for code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "unknown libcurl error" }
        return String(cString: text)
    }
}

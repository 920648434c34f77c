import Core

/// SLS signature version 1: Base64 HMAC-SHA1 of a string that covers the method, `Content-MD5`,
/// `Content-Type`, `Date`, the `x-log-*` and `x-acs-*` headers and the resource.
///
/// A client and a verifying server call the same functions with the headers as sent.
public enum SignatureV1 {
    /// The value of `x-log-signaturemethod` for version 1.
    public static let signatureMethod = "hmac-sha1"

    /// Builds the string to sign, pieces joined by `\n`: method, Content-MD5 (uppercase hex, "" without a
    /// body), Content-Type ("" if none), Date as sent, each canonical header as `name:value` followed by
    /// `\n`, then the canonical resource.
    ///
    /// The canonical headers are those named `x-log-*` or `x-acs-*`, lowercased, trimmed and sorted by name,
    /// except `x-log-date`. SLS does not sign `x-log-date` in version 1, and the Python SDK adds it only after
    /// signing. Other headers in `headers` are ignored.
    public static func stringToSign(
        method: String, contentMD5: String, contentType: String, date: String,
        headers: [(name: String, value: String)], path: String, query: [(name: String, value: String)]
    ) -> String {
        var text = "\(method)\n\(contentMD5)\n\(contentType)\n\(date)\n"
        for header in canonicalHeaders(headers) {
            text += "\(header.name):\(header.value)\n"
        }
        text += canonicalResource(path: path, query: query)
        return text
    }

    /// Returns the `x-log-*` and `x-acs-*` headers that version 1 signs, in signing order.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        HeaderCanonicalization.canonicalHeaders(headers) { name in
            (name.hasPrefix("x-log-") || name.hasPrefix("x-acs-")) && name != SLSHeaderName.logDate
        }
    }

    /// Returns the path, followed when there is a query by `?` and the `name=value` pairs sorted by name and
    /// joined by `&`. Names and values are the decoded (raw) text, not the percent-encoded form in the URL.
    public static func canonicalResource(path: String, query: [(name: String, value: String)]) -> String {
        guard !query.isEmpty else { return path }
        let pairs = HeaderCanonicalization.stableSortedByName(query).map { "\($0.name)=\($0.value)" }
        return path + "?" + pairs.joined(separator: "&")
    }

    /// Returns the Base64 HMAC-SHA1 of `stringToSign` under the AccessKey secret.
    public static func signature(accessKeySecret: Secret, stringToSign: String) -> String {
        let mac = Digest.hmacSHA1(key: Array(accessKeySecret.revealed().utf8), message: Array(stringToSign.utf8))
        return Digest.base64(mac)
    }

    /// Returns the `Authorization` value `LOG {AccessKeyId}:{signature}`.
    public static func authorization(accessKeyID: String, accessKeySecret: Secret, stringToSign: String) -> String {
        "LOG \(accessKeyID):\(signature(accessKeySecret: accessKeySecret, stringToSign: stringToSign))"
    }
}

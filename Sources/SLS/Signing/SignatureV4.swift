import Core

/// SLS signature version 4 (`SLS4-HMAC-SHA256`): a hex HMAC-SHA256, under a key derived for one day and one
/// region, of a string that covers a canonical request.
///
/// A client and a verifying server call the same functions with the headers as sent. A server passes the
/// received `x-log-content-sha256` as `payloadHash` instead of hashing the body, because the Go and Python
/// SDKs may send the empty-body hash with a non-empty body when body hashing is switched off.
public enum SignatureV4 {
    public static let algorithm = "SLS4-HMAC-SHA256"
    /// The lowercase hex SHA-256 of zero bytes, the payload hash of a request without a body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    private static let service = "sls"
    private static let terminator = "aliyun_v4_request"
    private static let secretPrefix = "aliyun_v4"

    /// Percent-encodes `text` as the SDKs encode v4 query values: the UTF-8 bytes of RFC 3986 unreserved
    /// characters (`A-Z a-z 0-9 - _ . ~`) stay, every other byte becomes `%XX` in uppercase hex, so a space
    /// becomes `%20`.
    public static func percentEncode(_ text: String) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// Returns the canonical query: pairs sorted by the raw name, each as `name=encodedValue`, or as `name`
    /// alone when the value is empty, joined by `&`. Names stay raw and values are percent-encoded, as the
    /// Go, Python and Java SDKs do.
    public static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        HeaderCanonicalization.stableSortedByName(query)
            .map { pair in
                let value = percentEncode(pair.value)
                return value.isEmpty ? pair.name : "\(pair.name)=\(value)"
            }
            .joined(separator: "&")
    }

    /// Returns the headers that version 4 signs, in signing order: `content-type`, `host`, and every `x-log-*`
    /// and `x-acs-*` header except `x-log-meta-*`, with lowercased names and trimmed values.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        HeaderCanonicalization.canonicalHeaders(headers) { name in
            if name.hasPrefix("x-log-meta-") { return false }
            return name == "content-type" || name == "host" || name.hasPrefix("x-log-") || name.hasPrefix("x-acs-")
        }
    }

    /// Builds the canonical request: method, path as sent (already percent-encoded), canonical query, each
    /// canonical header as `name:value` followed by `\n`, the `;`-joined signed header names and the payload
    /// hash, joined by `\n`.
    public static func canonicalRequest(
        method: String, path: String, query: [(name: String, value: String)],
        headers: [(name: String, value: String)], payloadHash: String
    ) -> String {
        let signed = canonicalHeaders(headers)
        var text = "\(method)\n\(path)\n\(canonicalQuery(query))\n"
        for header in signed {
            text += "\(header.name):\(header.value)\n"
        }
        text += "\n" + signed.map(\.name).joined(separator: ";") + "\n" + payloadHash
        return text
    }

    /// Returns the credential scope `{date}/{region}/sls/aliyun_v4_request`; `date` is `YYYYMMDD`.
    public static func scope(date: String, region: String) -> String {
        "\(date)/\(region)/\(service)/\(terminator)"
    }

    /// Builds the string to sign: the algorithm, `x-log-date` (`YYYYMMDDTHHMMSSZ`), the scope and the
    /// lowercase hex SHA-256 of the canonical request, joined by `\n`.
    public static func stringToSign(dateTime: String, scope: String, canonicalRequest: String) -> String {
        "\(algorithm)\n\(dateTime)\n\(scope)\n\(Digest.sha256HexLowercase(Array(canonicalRequest.utf8)))"
    }

    /// Derives the signing key by chaining HMAC-SHA256 from `"aliyun_v4" + secret` over the date, the
    /// region, `sls` and `aliyun_v4_request`.
    public static func signingKey(accessKeySecret: Secret, date: String, region: String) -> [UInt8] {
        var key = Digest.hmacSHA256(key: Array((secretPrefix + accessKeySecret.revealed()).utf8), message: Array(date.utf8))
        for part in [region, service, terminator] {
            key = Digest.hmacSHA256(key: key, message: Array(part.utf8))
        }
        return key
    }

    /// Returns the signature, the lowercase hex HMAC-SHA256 of the string to sign under the derived key.
    ///
    /// `dateTime` is the `x-log-date` value; its first 8 characters are the scope's date.
    public static func signature(
        accessKeySecret: Secret, region: String, dateTime: String, method: String, path: String,
        query: [(name: String, value: String)], headers: [(name: String, value: String)], payloadHash: String
    ) -> String {
        let date = String(dateTime.prefix(8))
        let request = canonicalRequest(method: method, path: path, query: query, headers: headers, payloadHash: payloadHash)
        let text = stringToSign(dateTime: dateTime, scope: scope(date: date, region: region), canonicalRequest: request)
        let key = signingKey(accessKeySecret: accessKeySecret, date: date, region: region)
        return Digest.hex(Digest.hmacSHA256(key: key, message: Array(text.utf8)), uppercase: false)
    }

    /// Returns the `Authorization` value
    /// `SLS4-HMAC-SHA256 Credential={AccessKeyId}/{scope},Signature={signature}`.
    ///
    /// `headers` must already contain `x-log-date` and `x-log-content-sha256`, since both are signed.
    public static func authorization(
        accessKeyID: String, accessKeySecret: Secret, region: String, dateTime: String, method: String, path: String,
        query: [(name: String, value: String)], headers: [(name: String, value: String)], payloadHash: String
    ) -> String {
        let signature = signature(
            accessKeySecret: accessKeySecret, region: region, dateTime: dateTime, method: method, path: path,
            query: query, headers: headers, payloadHash: payloadHash
        )
        let credentialScope = scope(date: String(dateTime.prefix(8)), region: region)
        return "\(algorithm) Credential=\(accessKeyID)/\(credentialScope),Signature=\(signature)"
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}

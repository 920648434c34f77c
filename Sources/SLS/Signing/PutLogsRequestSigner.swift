import Core

/// Turns a ``PutLogsRequest`` into a signed HTTP request.
public enum PutLogsRequestSigner {
    /// The `x-log-apiversion` value every SLS SDK sends.
    public static let apiVersion = "0.6.0"
    public static let contentType = "application/x-protobuf"

    /// Builds the full signed POST request.
    ///
    /// The headers come in this order:
    /// - `Host` (`{project}.{endpointHost}`), `Content-Type` (`application/x-protobuf`) and `Content-Length`
    ///   (body bytes on the wire);
    /// - v1 only: `Content-MD5` (unless the body is empty) and `Date`;
    /// - `x-log-apiversion` (`0.6.0`), `x-log-bodyrawsize` and `x-log-compresstype` (unless uncompressed);
    /// - v1 only: `x-log-signaturemethod` (`hmac-sha1`). v4 only: `x-log-content-sha256` and `x-log-date`;
    /// - `x-acs-security-token` when the credentials have a token, then `User-Agent` and `Authorization`.
    ///
    /// - Parameters:
    ///   - endpointHost: the regional endpoint without scheme, such as `cn-hangzhou.log.aliyuncs.com`; it may
    ///     carry a `:port`.
    ///   - nowSeconds: the request time in seconds since the Unix epoch; SLS rejects requests more than
    ///     15 minutes off its clock with `RequestTimeExpired`.
    public static func sign(
        _ request: PutLogsRequest, endpointHost: String, credentials: SLSCredentials, version: SignatureVersion,
        nowSeconds: Int64, userAgent: String
    ) -> SignedRequest {
        let method = "POST"
        let path = request.path
        let query = request.query
        var headers: [(name: String, value: String)] = [
            (SLSHeaderName.host, "\(request.project).\(endpointHost)"),
            (SLSHeaderName.contentType, contentType),
            (SLSHeaderName.contentLength, String(request.body.count)),
        ]

        let authorization: String
        switch version {
        case .v1:
            let contentMD5 = request.body.isEmpty ? "" : Digest.md5HexUppercase(request.body)
            let date = SLSDate.rfc1123(nowSeconds)
            if !contentMD5.isEmpty {
                headers.append((SLSHeaderName.contentMD5, contentMD5))
            }
            headers.append((SLSHeaderName.date, date))
            appendBodyHeaders(for: request, to: &headers)
            headers.append((SLSHeaderName.signatureMethod, SignatureV1.signatureMethod))
            appendSecurityToken(of: credentials, to: &headers)

            let stringToSign = SignatureV1.stringToSign(
                method: method, contentMD5: contentMD5, contentType: contentType, date: date, headers: headers,
                path: path, query: query
            )
            authorization = SignatureV1.authorization(
                accessKeyID: credentials.accessKeyID, accessKeySecret: credentials.accessKeySecret,
                stringToSign: stringToSign
            )

        case .v4(let region):
            let dateTime = SLSDate.iso8601Basic(nowSeconds)
            let payloadHash = Digest.sha256HexLowercase(request.body)
            appendBodyHeaders(for: request, to: &headers)
            headers.append((SLSHeaderName.contentSHA256, payloadHash))
            headers.append((SLSHeaderName.logDate, dateTime))
            appendSecurityToken(of: credentials, to: &headers)

            authorization = SignatureV4.authorization(
                accessKeyID: credentials.accessKeyID, accessKeySecret: credentials.accessKeySecret, region: region,
                dateTime: dateTime, method: method, path: path, query: query, headers: headers,
                payloadHash: payloadHash
            )
        }

        headers.append((SLSHeaderName.userAgent, userAgent))
        headers.append((SLSHeaderName.authorization, authorization))
        return SignedRequest(method: method, path: path, query: query, headers: headers, body: request.body)
    }

    private static func appendBodyHeaders(for request: PutLogsRequest, to headers: inout [(name: String, value: String)]) {
        headers.append((SLSHeaderName.apiVersion, apiVersion))
        headers.append((SLSHeaderName.bodyRawSize, String(request.rawSize)))
        if let compressType = request.compression.headerValue {
            headers.append((SLSHeaderName.compressType, compressType))
        }
    }

    private static func appendSecurityToken(of credentials: SLSCredentials, to headers: inout [(name: String, value: String)]) {
        if let token = credentials.securityToken, !token.isEmpty {
            headers.append((SLSHeaderName.securityToken, token.revealed()))
        }
    }
}

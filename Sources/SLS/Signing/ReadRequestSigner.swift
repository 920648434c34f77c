import Core

/// Signs SLS requests that carry no body, such as GetLogStore (`GET /logstores/{logstore}`), the read-only
/// call that connectivity checks use.
///
/// The headers follow the PutLogs signer without the body headers. They start with `Host` and, for v1,
/// `Date`. Both versions then send `x-log-apiversion` and `x-log-bodyrawsize: 0`. Version 1 adds
/// `x-log-signaturemethod`, and version 4 adds `x-log-content-sha256` (the empty-body hash) and `x-log-date`.
/// The STS token follows when there is one, then `User-Agent` and `Authorization`. There is no `Content-Type`
/// and no `Content-MD5`, so both are empty in the v1 string to sign.
public enum ReadRequestSigner {
    public static func sign(
        method: String, project: String, path: String, query: [(name: String, value: String)], endpointHost: String,
        credentials: SLSCredentials, version: SignatureVersion, nowSeconds: Int64, userAgent: String
    ) -> SignedRequest {
        var headers: [(name: String, value: String)] = [(SLSHeaderName.host, "\(project).\(endpointHost)")]
        let authorization: String
        switch version {
        case .v1:
            let date = SLSDate.rfc1123(nowSeconds)
            headers.append((SLSHeaderName.date, date))
            headers.append((SLSHeaderName.apiVersion, PutLogsRequestSigner.apiVersion))
            headers.append((SLSHeaderName.bodyRawSize, "0"))
            headers.append((SLSHeaderName.signatureMethod, SignatureV1.signatureMethod))
            appendSecurityToken(of: credentials, to: &headers)
            let stringToSign = SignatureV1.stringToSign(
                method: method, contentMD5: "", contentType: "", date: date, headers: headers, path: path, query: query
            )
            authorization = SignatureV1.authorization(
                accessKeyID: credentials.accessKeyID, accessKeySecret: credentials.accessKeySecret,
                stringToSign: stringToSign
            )

        case .v4(let region):
            let dateTime = SLSDate.iso8601Basic(nowSeconds)
            headers.append((SLSHeaderName.apiVersion, PutLogsRequestSigner.apiVersion))
            headers.append((SLSHeaderName.bodyRawSize, "0"))
            headers.append((SLSHeaderName.contentSHA256, SignatureV4.emptyPayloadHash))
            headers.append((SLSHeaderName.logDate, dateTime))
            appendSecurityToken(of: credentials, to: &headers)
            authorization = SignatureV4.authorization(
                accessKeyID: credentials.accessKeyID, accessKeySecret: credentials.accessKeySecret, region: region,
                dateTime: dateTime, method: method, path: path, query: query, headers: headers,
                payloadHash: SignatureV4.emptyPayloadHash
            )
        }
        headers.append((SLSHeaderName.userAgent, userAgent))
        headers.append((SLSHeaderName.authorization, authorization))
        return SignedRequest(method: method, path: path, query: query, headers: headers, body: [])
    }

    private static func appendSecurityToken(of credentials: SLSCredentials, to headers: inout [(name: String, value: String)]) {
        if let token = credentials.securityToken, !token.isEmpty {
            headers.append((SLSHeaderName.securityToken, token.revealed()))
        }
    }
}

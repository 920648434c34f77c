import Core
import HTTPServer
import SLS

/// Verification of the `Authorization` header, signature v1 (`LOG id:signature`) or v4 (`SLS4-HMAC-SHA256 ...`),
/// from the headers as received.
struct SignatureCheck: Sendable {
    /// The caller identified by a valid signature.
    struct Signer: Sendable, Equatable {
        var accessKeyID: String
        var version: SignatureVersion
    }

    /// The accepted keys by ID, replaceable while the server runs (to rotate STS credentials in tests).
    private let keys: Locked<[String: LocalSLSConfiguration.AccessKey]>

    /// The only region accepted in a v4 credential scope, or nil for any.
    private let region: String?

    init(accessKeys: [LocalSLSConfiguration.AccessKey], region: String? = nil) {
        keys = Locked(Self.index(accessKeys))
        self.region = region
    }

    /// Replaces the accepted keys. Requests already past the check are not affected.
    func replaceAccessKeys(_ accessKeys: [LocalSLSConfiguration.AccessKey]) {
        let indexed = Self.index(accessKeys)
        keys.withLock { $0 = indexed }
    }

    private static func index(_ accessKeys: [LocalSLSConfiguration.AccessKey]) -> [String: LocalSLSConfiguration.AccessKey] {
        var keys: [String: LocalSLSConfiguration.AccessKey] = [:]
        for key in accessKeys {
            keys[key.id] = key
        }
        return keys
    }

    /// Returns the signer, or throws `Unauthorized` (401: missing header, unknown key, wrong or expired STS token,
    /// the messages SLS uses for tokens), `SignatureNotMatch` (401) or `ParameterInvalid` (400: malformed header).
    /// `serverTime` (seconds since the Unix epoch) decides whether a token has expired.
    func verify(_ request: HTTPRequest, serverTime: Int64) throws(LocalSLSRejection) -> Signer {
        guard let authorization = request.headers["Authorization"], !authorization.isEmpty else {
            throw LocalSLSRejection(401, "Unauthorized", "the Authorization header is missing; sign the request")
        }

        let signer: Signer
        switch SLSAuthorization.parse(authorization) {
        case .v1(let id, let signature):
            signer = try verifyV1(request, accessKeyID: id, signature: signature)
        case .v4(let id, let date, let region, let signature):
            signer = try verifyV4(request, accessKeyID: id, date: date, region: region, signature: signature)
        case nil:
            throw LocalSLSRejection(400, "ParameterInvalid", "the Authorization header is neither "
                + "\"LOG {id}:{signature}\" nor \"SLS4-HMAC-SHA256 Credential=...,Signature=...\"")
        }

        try checkSecurityToken(request.headers["x-acs-security-token"], for: signer.accessKeyID, serverTime: serverTime)
        return signer
    }

    private func key(_ id: String) throws(LocalSLSRejection) -> LocalSLSConfiguration.AccessKey {
        guard let key = keys.withLock({ $0[id] }) else {
            throw LocalSLSRejection(401, "Unauthorized", "AccessKey ID \"\(id)\" is not known to this server")
        }
        return key
    }

    /// Checks the STS token of a request signed by `id`. The messages for an invalid and an expired token are the
    /// ones SLS returns with `Unauthorized`, so that clients that match them can be tested.
    private func checkSecurityToken(_ token: String?, for id: String, serverTime: Int64) throws(LocalSLSRejection) {
        let key = keys.withLock { $0[id] }
        switch (key?.securityToken, token) {
        case (nil, nil):
            return
        case (let expected?, let token?) where Self.constantTimeEqual(expected.revealed(), token):
            if let expiration = key?.expiration, serverTime >= expiration {
                throw LocalSLSRejection(401, "Unauthorized", Self.expiredTokenMessage)
            }
            return
        case (nil, _?):
            throw LocalSLSRejection(401, "Unauthorized", "AccessKey ID \"\(id)\" takes no security token")
        case (_?, nil):
            throw LocalSLSRejection(401, "Unauthorized", "the security token for AccessKey ID \"\(id)\" is missing")
        default:
            throw LocalSLSRejection(401, "Unauthorized", Self.invalidTokenMessage)
        }
    }

    /// The `errorMessage` of SLS for an expired STS token, with code `Unauthorized`.
    static let expiredTokenMessage = "The security token you provided has expired."
    /// The `errorMessage` of SLS for an STS token that does not belong to the AccessKey, with code `Unauthorized`.
    static let invalidTokenMessage = "The security token you provided is invalid."

    // MARK: - Version 1

    /// Rebuilds the v1 string to sign from the request as received: method, `Content-MD5`, `Content-Type`,
    /// `Date`, the `x-log-*` and `x-acs-*` headers except `x-log-date` (which the Python SDK adds after signing),
    /// and the decoded path and query.
    private func verifyV1(_ request: HTTPRequest, accessKeyID id: String,
                          signature: String) throws(LocalSLSRejection) -> Signer {
        let key = try key(id)
        let stringToSign = SignatureV1.stringToSign(
            method: request.method,
            contentMD5: request.headers["Content-MD5"] ?? "",
            contentType: request.headers["Content-Type"] ?? "",
            date: request.headers["Date"] ?? "",
            headers: Self.canonicalHeadersV1(request.headers),
            path: request.path,
            query: request.queryItems.map { (name: $0.name, value: $0.value) }
        )
        let expected = SignatureV1.signature(accessKeySecret: key.secret, stringToSign: stringToSign)
        guard Self.constantTimeEqual(expected, signature) else {
            throw LocalSLSRejection(401, "SignatureNotMatch", "the v1 signature does not match; check the AccessKey "
                + "secret and that signed headers are sent unchanged")
        }
        return Signer(accessKeyID: id, version: .v1)
    }

    /// Returns the received headers for the v1 string to sign, without `x-log-meta-*`, which the Python SDK
    /// leaves unsigned. ``SignatureV1`` picks the `x-log-*` and `x-acs-*` headers from the rest.
    static func canonicalHeadersV1(_ headers: HTTPHeaders) -> [(name: String, value: String)] {
        headers.fields
            .filter { !$0.name.lowercased().hasPrefix("x-log-meta-") }
            .map { (name: $0.name, value: $0.value) }
    }

    // MARK: - Version 4

    /// Rebuilds the v4 canonical request from the path as sent, the decoded query, the received `Content-Type`,
    /// `Host`, `x-log-*` and `x-acs-*` headers, and the payload hash from `x-log-content-sha256`. The hash is not
    /// compared with the body, because SDKs may send the empty-body hash when body hashing is off.
    private func verifyV4(_ request: HTTPRequest, accessKeyID id: String, date: String, region: String,
                          signature: String) throws(LocalSLSRejection) -> Signer {
        let key = try key(id)
        // NOTE: SLS documents no error for a scope in another region. The real service derives the key for its own
        // region, so such a request would fail the signature check, and this server names both regions.
        if let expectedRegion = self.region, region != expectedRegion {
            throw LocalSLSRejection(401, "SignatureNotMatch", "the v4 credential scope names region \(region), but "
                + "this endpoint is in \(expectedRegion); sign with region \(expectedRegion)")
        }
        let dateTime = request.headers["x-log-date"] ?? ""
        guard dateTime.hasPrefix(date) else {
            throw LocalSLSRejection(401, "SignatureNotMatch", "the credential date \(date) does not match "
                + "x-log-date \"\(dateTime)\"")
        }

        let expected = SignatureV4.signature(
            accessKeySecret: key.secret,
            region: region,
            dateTime: dateTime,
            method: request.method,
            path: request.rawPath,
            query: request.queryItems.map { (name: $0.name, value: $0.value) },
            headers: request.headers.fields.map { (name: $0.name, value: $0.value) },
            payloadHash: request.headers["x-log-content-sha256"] ?? ""
        )
        guard Self.constantTimeEqual(expected, signature.lowercased()) else {
            throw LocalSLSRejection(401, "SignatureNotMatch", "the v4 signature does not match; check the AccessKey "
                + "secret, the region and that signed headers are sent unchanged")
        }
        return Signer(accessKeyID: id, version: .v4(region: region))
    }

    /// Compares two strings in time that depends only on their lengths, so a caller cannot find a signature
    /// byte by byte from response times.
    static func constantTimeEqual(_ left: String, _ right: String) -> Bool {
        let leftBytes = Array(left.utf8)
        let rightBytes = Array(right.utf8)
        guard leftBytes.count == rightBytes.count else { return false }
        var difference: UInt8 = 0
        for index in leftBytes.indices {
            difference |= leftBytes[index] ^ rightBytes[index]
        }
        return difference == 0
    }
}

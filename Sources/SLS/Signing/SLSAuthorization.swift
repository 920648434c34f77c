/// The parts of an SLS `Authorization` header, for a server that verifies requests.
public enum SLSAuthorization: Sendable, Equatable {
    /// `LOG {accessKeyID}:{signature}`, with a Base64 signature.
    case v1(accessKeyID: String, signature: String)
    /// `SLS4-HMAC-SHA256 Credential={accessKeyID}/{date}/{region}/sls/aliyun_v4_request,Signature={signature}`,
    /// with `date` as `YYYYMMDD` and a hex signature.
    case v4(accessKeyID: String, date: String, region: String, signature: String)

    /// Parses an `Authorization` value; returns nil when it matches neither form.
    ///
    /// The v4 form accepts spaces after the comma. An empty AccessKey ID parses, because the Rust SDK's tests
    /// sign with one; a server finds no key for it.
    public static func parse(_ value: String) -> SLSAuthorization? {
        if value.hasPrefix("LOG ") {
            return parseV1(value.dropFirst(4))
        }
        if value.hasPrefix(SignatureV4.algorithm + " ") {
            return parseV4(value.dropFirst(SignatureV4.algorithm.count + 1))
        }
        return nil
    }

    private static func parseV1(_ credentials: Substring) -> SLSAuthorization? {
        guard let colon = credentials.firstIndex(of: ":") else { return nil }
        let signature = credentials[credentials.index(after: colon)...]
        guard !signature.isEmpty else { return nil }
        return .v1(accessKeyID: String(credentials[..<colon]), signature: String(signature))
    }

    private static func parseV4(_ parameters: Substring) -> SLSAuthorization? {
        var credential: Substring?
        var signature: Substring?
        for part in parameters.split(separator: ",", omittingEmptySubsequences: false) {
            let field = part.drop { $0 == " " }
            if field.hasPrefix("Credential=") {
                credential = field.dropFirst("Credential=".count)
            } else if field.hasPrefix("Signature=") {
                signature = field.dropFirst("Signature=".count)
            } else {
                return nil
            }
        }

        guard let credential, let signature, !signature.isEmpty else { return nil }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard scope.count == 5, scope[1].count == 8, !scope[2].isEmpty, scope[3] == "sls",
              scope[4] == "aliyun_v4_request"
        else { return nil }
        return .v4(
            accessKeyID: String(scope[0]), date: String(scope[1]), region: String(scope[2]),
            signature: String(signature)
        )
    }
}

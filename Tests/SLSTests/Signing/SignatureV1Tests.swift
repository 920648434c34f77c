import Core
import Testing
@testable import SLS

/// Vectors from the Go SDK (`signature_v4_test.go`, `TestSignV1Case1` and `TestSignV1Case2`) and the Rust SDK
/// (`sign/src/sign.rs`, `test_sign_case1` to `test_sign_case4`).
@Suite struct SignatureV1Tests {
    private static let goDate = "Mon, 3 Jan 2010 08:33:47 GMT"
    private static let rustDate = "Thu, 01 Jan 1970 00:00:00 GMT"
    private static let rustBody = Array("\n            {\"key\": \"value\"}\n        ".utf8)

    @Test func goSignatureGet() {
        let stringToSign = SignatureV1.stringToSign(
            method: "GET", contentMD5: "", contentType: "", date: Self.goDate,
            headers: [
                ("x-log-apiversion", "0.6.0"), ("x-log-signaturemethod", "hmac-sha1"), ("x-log-bodyrawsize", "0"),
                ("Date", Self.goDate),
            ],
            path: "/logstores", query: []
        )

        let authorization = SignatureV1.authorization(
            accessKeyID: "mockAccessKeyID", accessKeySecret: Secret("mockAccessKeySecret"), stringToSign: stringToSign
        )

        #expect(authorization == "LOG mockAccessKeyID:Rwm6cTKzoti4HWoe+GKcb6Kv07E=")
    }

    @Test func goSignaturePostWithProtobufBody() {
        let body = WireTestData.bytes(
            hex: "0a320a1e08f8b2939e0512160a07546573744b6579120b54657374436f6e74656e741a00220e31302e3233302e3230312e313137"
        )
        let contentMD5 = Digest.md5HexUppercase(body)

        let stringToSign = SignatureV1.stringToSign(
            method: "GET", contentMD5: contentMD5, contentType: "application/x-protobuf", date: Self.goDate,
            headers: [
                ("x-log-apiversion", "0.6.0"), ("x-log-signaturemethod", "hmac-sha1"), ("x-log-bodyrawsize", "50"),
                ("Content-MD5", contentMD5), ("Content-Type", "application/x-protobuf"), ("Content-Length", "50"),
                ("Date", Self.goDate),
            ],
            path: "/logstores/app_log", query: []
        )
        let authorization = SignatureV1.authorization(
            accessKeyID: "mockAccessKeyID", accessKeySecret: Secret("mockAccessKeySecret"), stringToSign: stringToSign
        )

        #expect(contentMD5 == "8D6881250FF5559F59BBDF04100F6E59")
        #expect(stringToSign == """
            GET
            8D6881250FF5559F59BBDF04100F6E59
            application/x-protobuf
            Mon, 3 Jan 2010 08:33:47 GMT
            x-log-apiversion:0.6.0
            x-log-bodyrawsize:50
            x-log-signaturemethod:hmac-sha1
            /logstores/app_log
            """)
        #expect(authorization == "LOG mockAccessKeyID:87xQWqFaOSewqRIma8kPjGYlXHc=")
    }

    @Test func rustCase1EmptyCredentials() {
        let stringToSign = SignatureV1.stringToSign(
            method: "GET", contentMD5: "", contentType: "", date: Self.rustDate,
            headers: [("x-log-apiversion", "0.6.0"), ("x-log-signaturemethod", "hmac-sha1"), ("content-length", "0")],
            path: "/", query: []
        )

        let authorization = SignatureV1.authorization(accessKeyID: "", accessKeySecret: Secret(""), stringToSign: stringToSign)

        #expect(authorization == "LOG :SApFTtfTFKHmzdEdaMe5TjNn+RQ=")
    }

    @Test func rustCase2QueryParameters() {
        let authorization = rustAuthorization(
            path: "/logstores/test-logstore", query: [("type", "log"), ("offset", "0"), ("line", "100")], token: nil
        )

        #expect(Digest.md5HexUppercase(Self.rustBody) == "CE688F8D1AC3ED309BA9BE0A5ABAFCE5")
        #expect(authorization == "LOG test-access-key-id:4pL2xZJERC3tPKtRiHh9+nMG3tI=")
    }

    @Test func rustCase3SecurityToken() {
        let authorization = rustAuthorization(
            path: "/logstores/test-logstore", query: [("type", "log"), ("offset", "0"), ("line", "100")],
            token: "test-security-token"
        )

        #expect(authorization == "LOG test-access-key-id:ZQt+0wIvpd+O9yIJKeKxZTJ2hv0=")
    }

    @Test func rustCase4RawCursorInResource() {
        let authorization = rustAuthorization(
            path: "/logstores/test/shards/2",
            query: [("type", "log"), ("count", "1000"), ("cursor", "MTczNzY2OTAzNjAxNzIxODQ1NA==")],
            token: "test-security-token"
        )

        #expect(authorization == "LOG test-access-key-id:K3rw5WXRe77aZ/meSyEa8NNUYFc=")
    }

    @Test func canonicalHeadersLowercaseTrimSortAndSkipLogDate() {
        let headers = SignatureV1.canonicalHeaders([
            ("X-Log-BodyRawSize", " 50\t"), ("x-log-date", "Sun, 03 Jan 2010 08:33:47 GMT"), ("x-acs-security-token", "t"),
            ("x-log-apiversion", "0.6.0"), ("Host", "p.example"), ("x-logger", "not an SLS header"),
        ])

        #expect(headers.map(\.name) == ["x-acs-security-token", "x-log-apiversion", "x-log-bodyrawsize"])
        #expect(headers.map(\.value) == ["t", "0.6.0", "50"])
    }

    @Test func canonicalResourceSortsRawQuery() {
        let resource = SignatureV1.canonicalResource(
            path: "/logstores/app_log/shards/route", query: [("key", "a b/c"), ("seqid", "7"), ("A", "1")]
        )

        #expect(resource == "/logstores/app_log/shards/route?A=1&key=a b/c&seqid=7")
    }

    private func rustAuthorization(path: String, query: [(name: String, value: String)], token: String?) -> String {
        var headers: [(name: String, value: String)] = [
            ("content-type", "application/json"), ("x-log-apiversion", "0.6.0"), ("x-log-signaturemethod", "hmac-sha1"),
        ]
        if let token {
            headers.append(("x-acs-security-token", token))
        }
        let stringToSign = SignatureV1.stringToSign(
            method: "POST", contentMD5: Digest.md5HexUppercase(Self.rustBody), contentType: "application/json",
            date: Self.rustDate, headers: headers, path: path, query: query
        )
        return SignatureV1.authorization(
            accessKeyID: "test-access-key-id", accessKeySecret: Secret("test-access-key"), stringToSign: stringToSign
        )
    }
}

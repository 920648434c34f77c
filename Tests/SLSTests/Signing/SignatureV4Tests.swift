import Core
import Testing
@testable import SLS

/// Vectors from the Go SDK's `signature_v4_test.go` (`TestSignV4Case1` to `TestSignV4Case6`).
@Suite struct SignatureV4Tests {
    private static let accessKeyID = "acsddda21dsd"
    private static let secret = Secret("zxasdasdasw2")
    private static let dateTime = "20220808T032330Z"
    private static let body = Array("adasd= -asd zcas".utf8)
    private static let baseQuery: [(name: String, value: String)] = [
        (" abc", "efg"), (" agc ", ""), ("", "efg"), ("A-bc", "eFg"),
    ]

    /// Returns the Go test's header map, in which only `x-log-test`, `x-acs-ppp` and `x-log-date` are signed,
    /// plus the `x-log-content-sha256` and `Content-Length` headers that the Go signer adds.
    private static func goHeaders(body: [UInt8]) -> [(name: String, value: String)] {
        [
            ("hello", "world"), ("hello-Text", "a12X- "), (" Ko ", ""), ("", "AA"), ("x-log-test", "het123"),
            ("x-acs-ppp", "dds"), ("x-log-date", dateTime),
            ("x-log-content-sha256", Digest.sha256HexLowercase(body)), ("Content-Length", String(body.count)),
        ]
    }

    private static func goAuthorization(
        region: String = "cn-hangzhou", method: String = "POST", path: String = "/logstores",
        query: [(name: String, value: String)] = baseQuery, headers: [(name: String, value: String)]? = nil,
        body: [UInt8] = body
    ) -> String {
        SignatureV4.authorization(
            accessKeyID: accessKeyID, accessKeySecret: secret, region: region, dateTime: dateTime, method: method,
            path: path, query: query, headers: headers ?? goHeaders(body: body),
            payloadHash: Digest.sha256HexLowercase(body)
        )
    }

    @Test func goCase1QueryAndExtraHeaders() {
        #expect(Self.goAuthorization() == "SLS4-HMAC-SHA256 Credential=acsddda21dsd/20220808/cn-hangzhou/sls/aliyun_v4_request,"
            + "Signature=a98f5632e93836e63839cd836a54055f480020a9364ca944e2d34f2eb9bf1bed")
    }

    @Test func goCase2NoQueryOtherRegion() {
        let headers: [(name: String, value: String)] = [
            ("x-log-date", Self.dateTime), ("x-log-content-sha256", Digest.sha256HexLowercase(Self.body)),
        ]

        let authorization = Self.goAuthorization(region: "cn-shanghai", query: [], headers: headers)

        #expect(authorization == "SLS4-HMAC-SHA256 Credential=acsddda21dsd/20220808/cn-shanghai/sls/aliyun_v4_request,"
            + "Signature=8a10a5e723cb2e75964816de660b2c16a58af8bc0261f7f0722d832468c76ce8")
    }

    @Test func goCase2Intermediates() {
        let payloadHash = Digest.sha256HexLowercase(Self.body)
        let headers: [(name: String, value: String)] = [("x-log-date", Self.dateTime), ("x-log-content-sha256", payloadHash)]

        let request = SignatureV4.canonicalRequest(
            method: "POST", path: "/logstores", query: [], headers: headers, payloadHash: payloadHash
        )
        let stringToSign = SignatureV4.stringToSign(
            dateTime: Self.dateTime, scope: SignatureV4.scope(date: "20220808", region: "cn-shanghai"),
            canonicalRequest: request
        )

        #expect(request == """
            POST
            /logstores

            x-log-content-sha256:\(payloadHash)
            x-log-date:20220808T032330Z

            x-log-content-sha256;x-log-date
            \(payloadHash)
            """)
        #expect(stringToSign.hasSuffix("\n4f73de14376f2e28bcf261b1ff31dfa8b23ed5166e3877f494bf3dcd523bd102"))
        #expect(stringToSign.hasPrefix("SLS4-HMAC-SHA256\n20220808T032330Z\n20220808/cn-shanghai/sls/aliyun_v4_request\n"))
    }

    @Test func goCase3EmptyBody() {
        let authorization = Self.goAuthorization(body: [])

        #expect(authorization.hasSuffix("Signature=5a66d8f8051983e0e9d08e0f960ef9252ef971eead5bb5c7acec8617a2eb2701"))
    }

    @Test func goCase4EmptyBodyGet() {
        let authorization = Self.goAuthorization(method: "GET", body: [])

        #expect(authorization.hasSuffix("Signature=d92741852500791d662a8d469ff61627c0559ecd86c3f59b7bf6772b6c62666a"))
    }

    @Test func goCase5ReservedCharactersInPathAndQuery() {
        let query = Self.baseQuery + [("abs-ij*asd/vc", "a~js+d ada"), ("a abAas123/vc", "a~jdad a2ADFs+d ada")]

        let authorization = Self.goAuthorization(path: "/logstores/hello/a+*~bb/cc", query: query)

        #expect(authorization.hasSuffix("Signature=2c204068e961a8813a6bcf7ac422f7fa6e9bf9a5da493e0165dfe100854d18ff"))
    }

    @Test func goCase6PercentEncoding() {
        #expect(SignatureV4.percentEncode("123abc!@#$%^&*()-=_+ ~|\\/")
            == "123abc%21%40%23%24%25%5E%26%2A%28%29-%3D_%2B%20~%7C%5C%2F")
        #expect(SignatureV4.percentEncode("!@#$%^&*()=-+ ~./_[()]%20你好\u{0}\u{0111}❤😓")
            == "%21%40%23%24%25%5E%26%2A%28%29%3D-%2B%20~.%2F_%5B%28%29%5D%2520%E4%BD%A0%E5%A5%BD%00%C4%91%E2%9D%A4%F0%9F%98%93")
    }

    @Test func canonicalQuerySortsRawNamesAndOmitsEmptyValues() {
        #expect(SignatureV4.canonicalQuery(Self.baseQuery) == "=efg& abc=efg& agc &A-bc=eFg")
    }

    @Test func canonicalHeadersSelectSignedNames() {
        let headers = SignatureV4.canonicalHeaders([
            ("Host", "p.example"), ("Content-Type", "application/x-protobuf"), ("Content-Length", "52"),
            ("Date", "Sun, 03 Jan 2010 08:33:47 GMT"), ("User-Agent", "ehbridge"), ("Authorization", "x"),
            ("x-log-meta-owner", "skip"), ("X-Log-Date", " 20220808T032330Z "), ("x-acs-security-token", "t"),
        ])

        #expect(headers.map(\.name) == ["content-type", "host", "x-acs-security-token", "x-log-date"])
        #expect(headers.last?.value == "20220808T032330Z")
    }

    @Test func signingKeyChangesWithDateAndRegion() {
        let key = SignatureV4.signingKey(accessKeySecret: Self.secret, date: "20220808", region: "cn-hangzhou")

        #expect(key.count == 32)
        #expect(key != SignatureV4.signingKey(accessKeySecret: Self.secret, date: "20220809", region: "cn-hangzhou"))
        #expect(key != SignatureV4.signingKey(accessKeySecret: Self.secret, date: "20220808", region: "cn-shanghai"))
    }
}

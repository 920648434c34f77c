import Core
import Testing
@testable import SLS

/// PutLogs requests for the 52-byte lz4 body of the 50-byte example LogGroup.
///
/// No SDK test covers PutLogs, so these vectors were computed, each by this code and by an independent Python
/// implementation (hashlib and hmac) with the same result. The `sign` tests use the correct weekday for
/// 3 January 2010 (a Sunday), unlike the `Mon, 03 Jan 2010` date string of the first two vectors.
@Suite struct PutLogsRequestSignerTests {
    private static let credentials = SLSCredentials(
        accessKeyID: "mockAccessKeyID", accessKeySecret: Secret("mockAccessKeySecret")
    )
    private static let stsCredentials = SLSCredentials(
        accessKeyID: "mockAccessKeyID", accessKeySecret: Secret("mockAccessKeySecret"),
        securityToken: Secret("mockSecurityToken")
    )
    private static let endpointHost = "cn-hangzhou.log.aliyuncs.com"
    private static let routeKey = "0123456789abcdef0123456789abcdef"
    /// 2010-01-03 08:33:47 UTC.
    private static let v1Time: Int64 = 1_262_507_627
    /// 2022-08-08 03:23:30 UTC.
    private static let v4Time: Int64 = 1_659_929_010

    private static func exampleRequest(hashKey: String? = nil) -> PutLogsRequest {
        PutLogsRequest(
            project: "test-project", logstore: "app_log", body: WireTestData.bytes(hex: WireTestData.exampleLZ4BlockHex),
            rawSize: 50, compression: .lz4, hashKey: hashKey
        )
    }

    // MARK: Computed v1 examples with the documentation's date string

    @Test(arguments: [
        ("/logstores/app_log/shards/lb", [] as [String], "/8mK9FhqHkUchXhq/6cxvH5TYiw="),
        ("/logstores/app_log/shards/route", ["5F"], "rhelOhYUYAiC6qu6WOjGMuwu6e4="),
    ])
    func v1ComputedExample(path: String, key: [String], expectedSignature: String) {
        let stringToSign = SignatureV1.stringToSign(
            method: "POST", contentMD5: "0DEDBC6304AD57E98EEF4DFD43735CD2", contentType: "application/x-protobuf",
            date: "Mon, 03 Jan 2010 08:33:47 GMT",
            headers: [
                ("x-log-apiversion", "0.6.0"), ("x-log-bodyrawsize", "50"), ("x-log-compresstype", "lz4"),
                ("x-log-signaturemethod", "hmac-sha1"),
            ],
            path: path, query: key.map { ("key", $0) }
        )

        let signature = SignatureV1.signature(accessKeySecret: Secret("mockAccessKeySecret"), stringToSign: stringToSign)

        #expect(signature == expectedSignature)
    }

    // MARK: sign, v1

    @Test func signV1SetsHeadersInOrder() {
        let signed = PutLogsRequestSigner.sign(
            Self.exampleRequest(), endpointHost: Self.endpointHost, credentials: Self.credentials, version: .v1,
            nowSeconds: Self.v1Time, userAgent: "ehbridge-test"
        )

        #expect(signed.method == "POST")
        #expect(signed.path == "/logstores/app_log/shards/lb")
        #expect(signed.query.isEmpty)
        #expect(signed.body == WireTestData.bytes(hex: WireTestData.exampleLZ4BlockHex))
        #expect(signed.headers.map(\.name) == [
            "Host", "Content-Type", "Content-Length", "Content-MD5", "Date", "x-log-apiversion", "x-log-bodyrawsize",
            "x-log-compresstype", "x-log-signaturemethod", "User-Agent", "Authorization",
        ])
        #expect(signed.headers.map(\.value) == [
            "test-project.cn-hangzhou.log.aliyuncs.com", "application/x-protobuf", "52",
            "0DEDBC6304AD57E98EEF4DFD43735CD2", "Sun, 03 Jan 2010 08:33:47 GMT", "0.6.0", "50", "lz4", "hmac-sha1",
            "ehbridge-test", "LOG mockAccessKeyID:IQP6V8WA3io4VTIgZQAoYv8UXOE=",
        ])
    }

    @Test func signV1RouteWithSecurityToken() {
        let signed = PutLogsRequestSigner.sign(
            Self.exampleRequest(hashKey: Self.routeKey), endpointHost: Self.endpointHost,
            credentials: Self.stsCredentials, version: .v1, nowSeconds: Self.v1Time, userAgent: "ehbridge-test"
        )

        #expect(signed.path == "/logstores/app_log/shards/route")
        #expect(signed.pathWithQuery == "/logstores/app_log/shards/route?key=\(Self.routeKey)")
        #expect(signed.headerValue("x-acs-security-token") == "mockSecurityToken")
        #expect(signed.headerValue("authorization") == "LOG mockAccessKeyID:8XtIhxNs3kTbKfUHcRmoUjK5/T4=")
    }

    @Test func signV1WithoutCompressionOmitsCompressType() throws {
        let request = try PutLogsRequest(
            project: "test-project", logstore: "app_log", group: WireTestData.exampleLogGroup, compression: .none
        )

        let signed = PutLogsRequestSigner.sign(
            request, endpointHost: Self.endpointHost, credentials: Self.credentials, version: .v1,
            nowSeconds: Self.v1Time, userAgent: "ehbridge-test"
        )

        #expect(signed.headerValue("x-log-compresstype") == nil)
        #expect(signed.headerValue("x-log-bodyrawsize") == "50")
        #expect(signed.headerValue("Content-Length") == "50")
    }

    // MARK: sign, v4

    @Test func signV4ComputedExample() {
        let signed = PutLogsRequestSigner.sign(
            Self.exampleRequest(), endpointHost: Self.endpointHost, credentials: Self.credentials,
            version: .v4(region: "cn-hangzhou"), nowSeconds: Self.v4Time, userAgent: "ehbridge-test"
        )

        #expect(signed.headers.map(\.name) == [
            "Host", "Content-Type", "Content-Length", "x-log-apiversion", "x-log-bodyrawsize", "x-log-compresstype",
            "x-log-content-sha256", "x-log-date", "User-Agent", "Authorization",
        ])
        #expect(signed.headerValue("x-log-content-sha256") == "897923398c7cabe8a112ec66425b05f38fa0a21702ead6f44d0bcd46e4cc8b3f")
        #expect(signed.headerValue("x-log-date") == "20220808T032330Z")
        #expect(signed.headerValue("Authorization") == "SLS4-HMAC-SHA256 "
            + "Credential=mockAccessKeyID/20220808/cn-hangzhou/sls/aliyun_v4_request,"
            + "Signature=5d4c5058cdb86a9b0b9bf18d79007ad65d0c5928dbd5987d57cf84aa9cce897e")
    }

    @Test func signV4RouteWithSecurityToken() {
        let signed = PutLogsRequestSigner.sign(
            Self.exampleRequest(hashKey: Self.routeKey), endpointHost: Self.endpointHost,
            credentials: Self.stsCredentials, version: .v4(region: "cn-hangzhou"), nowSeconds: Self.v4Time,
            userAgent: "ehbridge-test"
        )

        #expect(signed.headerValue("x-acs-security-token") == "mockSecurityToken")
        #expect(signed.headerValue("Authorization")?.hasSuffix(
            "Signature=578c184d5d9822d84e7220a321a591a4546fe876e54f81467449fbf0f232e620"
        ) == true)
    }

    @Test func signV4VerifiesWithServerSideFunctions() {
        let signed = PutLogsRequestSigner.sign(
            Self.exampleRequest(hashKey: Self.routeKey), endpointHost: Self.endpointHost,
            credentials: Self.stsCredentials, version: .v4(region: "cn-hangzhou"), nowSeconds: Self.v4Time,
            userAgent: "ehbridge-test"
        )
        let received = signed.headers.filter { $0.name != "Authorization" }

        let parsed = SLSAuthorization.parse(signed.headerValue("Authorization") ?? "")
        let expected = SignatureV4.signature(
            accessKeySecret: Secret("mockAccessKeySecret"), region: "cn-hangzhou",
            dateTime: signed.headerValue("x-log-date") ?? "", method: signed.method, path: signed.path,
            query: signed.query, headers: received, payloadHash: signed.headerValue("x-log-content-sha256") ?? ""
        )

        #expect(parsed == .v4(accessKeyID: "mockAccessKeyID", date: "20220808", region: "cn-hangzhou", signature: expected))
    }

    // MARK: Requests

    @Test func putLogsRequestFromGroupEncodesAndCompresses() throws {
        let request = try PutLogsRequest(
            project: "p", logstore: "s", group: WireTestData.exampleLogGroup, compression: .zstd, hashKey: "AB"
        )

        let raw = try SLSCompressor.decompress(request.body, using: .zstd, rawSize: request.rawSize)

        #expect(request.rawSize == 50)
        #expect(WireTestData.hex(raw) == WireTestData.exampleLogGroupHex)
        #expect(request.path == "/logstores/s/shards/route")
        #expect(request.query.map(\.name) == ["key"])
        #expect(request.query.map(\.value) == ["AB"])
    }

    @Test func pathWithQueryPercentEncodes() {
        let request = SignedRequest(method: "POST", path: "/logstores/s/shards/route", query: [("key", "a b+c")], headers: [], body: [])

        #expect(request.pathWithQuery == "/logstores/s/shards/route?key=a%20b%2Bc")
    }

    // MARK: Redaction

    @Test func signedRequestDescriptionHidesCredentials() {
        let signed = PutLogsRequestSigner.sign(
            Self.exampleRequest(), endpointHost: Self.endpointHost, credentials: Self.stsCredentials,
            version: .v1, nowSeconds: Self.v1Time, userAgent: "ehbridge-test"
        )
        var dumped = ""
        dump(signed, to: &dumped)

        for text in ["\(signed)", String(reflecting: signed), dumped] {
            #expect(!text.contains("mockSecurityToken"))
            #expect(!text.contains("mockAccessKeySecret"))
            #expect(!text.contains(signed.headerValue("Authorization") ?? "missing"))
            #expect(text.contains("x-log-bodyrawsize: 50"))
        }
    }

    @Test func credentialsDescriptionHidesSecrets() {
        var dumped = ""
        dump(Self.stsCredentials, to: &dumped)

        for text in ["\(Self.stsCredentials)", String(reflecting: Self.stsCredentials), dumped] {
            #expect(!text.contains("mockSecurityToken"))
            #expect(!text.contains("mockAccessKeySecret"))
            #expect(text.contains("mockAccessKeyID"))
        }
    }
}

import Testing
@testable import SLS

@Suite struct SLSAuthorizationTests {
    @Test func parseV1() {
        let parsed = SLSAuthorization.parse("LOG mockAccessKeyID:Rwm6cTKzoti4HWoe+GKcb6Kv07E=")

        #expect(parsed == .v1(accessKeyID: "mockAccessKeyID", signature: "Rwm6cTKzoti4HWoe+GKcb6Kv07E="))
    }

    @Test func parseV1WithEmptyAccessKeyID() {
        #expect(SLSAuthorization.parse("LOG :SApFTtfTFKHmzdEdaMe5TjNn+RQ=") == .v1(accessKeyID: "", signature: "SApFTtfTFKHmzdEdaMe5TjNn+RQ="))
    }

    @Test func parseV4() {
        let parsed = SLSAuthorization.parse(
            "SLS4-HMAC-SHA256 Credential=acsddda21dsd/20220808/cn-hangzhou/sls/aliyun_v4_request,"
                + "Signature=a98f5632e93836e63839cd836a54055f480020a9364ca944e2d34f2eb9bf1bed"
        )

        #expect(parsed == .v4(
            accessKeyID: "acsddda21dsd", date: "20220808", region: "cn-hangzhou",
            signature: "a98f5632e93836e63839cd836a54055f480020a9364ca944e2d34f2eb9bf1bed"
        ))
    }

    @Test func parseV4WithSpaceAfterComma() {
        let parsed = SLSAuthorization.parse(
            "SLS4-HMAC-SHA256 Credential=id/20220808/cn-shanghai/sls/aliyun_v4_request, Signature=abc"
        )

        #expect(parsed == .v4(accessKeyID: "id", date: "20220808", region: "cn-shanghai", signature: "abc"))
    }

    @Test(arguments: [
        "",
        "LOG",
        "LOG id",
        "LOG id:",
        "log id:sig",
        "Bearer token",
        "SLS4-HMAC-SHA256 Credential=id/20220808/cn-hangzhou/sls/aliyun_v4_request",
        "SLS4-HMAC-SHA256 Credential=id/20220808/cn-hangzhou/oss/aliyun_v4_request,Signature=abc",
        "SLS4-HMAC-SHA256 Credential=id/2022080/cn-hangzhou/sls/aliyun_v4_request,Signature=abc",
        "SLS4-HMAC-SHA256 Credential=id/20220808//sls/aliyun_v4_request,Signature=abc",
        "SLS4-HMAC-SHA256 Credential=id/20220808/cn-hangzhou/sls/aliyun_v4_request,Signature=",
        "SLS4-HMAC-SHA256 Credential=id/20220808/cn-hangzhou/sls/aliyun_v4_request,SignedHeaders=host,Signature=abc",
    ])
    func parseRejectsMalformedValue(value: String) {
        #expect(SLSAuthorization.parse(value) == nil)
    }
}

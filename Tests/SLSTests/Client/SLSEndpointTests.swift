import Core
@testable import SLS
import Testing

@Suite("SLSEndpoint and SLSClientConfiguration")
struct SLSEndpointTests {
    @Test func localEndpointUsesTestDomainAndConnectAddress() {
        let endpoint = SLSEndpoint.local(port: 18080)
        #expect(endpoint.host == "sls.test")
        #expect(endpoint.scheme == .http)
        #expect(endpoint.connectAddress == "127.0.0.1:18080")
        #expect(endpoint.validate().isEmpty)
    }

    @Test func localEndpointBracketsIPv6() {
        #expect(SLSEndpoint.local(port: 9, address: "::1").connectAddress == "[::1]:9")
    }

    @Test func validateRejectsSchemePortAndBadConnectAddress() {
        #expect(SLSEndpoint(host: "").validate().count == 1)
        #expect(SLSEndpoint(host: "https://cn-hangzhou.log.aliyuncs.com").validate().count == 1)
        #expect(SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com:443").validate().count == 1)
        #expect(SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com", connectAddress: "127.0.0.1").validate().count == 1)
        #expect(SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com", connectAddress: "::1:80").validate().count == 1)
        #expect(SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com", connectAddress: "[::1]:80").validate().isEmpty)
    }

    @Test func descriptionShowsSchemeHostAndRedirect() {
        let endpoint = SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com", scheme: .https, port: 8443,
                                   connectAddress: "127.0.0.1:9000")
        #expect(endpoint.description == "https://cn-hangzhou.log.aliyuncs.com:8443 via 127.0.0.1:9000")
    }

    @Test func configurationValidateListsEveryProblem() {
        let configuration = SLSClientConfiguration(
            endpoint: SLSEndpoint(host: ""),
            credentials: SLSCredentials(accessKeyID: "", accessKeySecret: Secret("")),
            signatureVersion: .v4(region: ""),
            connectTimeoutMilliseconds: 0,
            requestTimeoutMilliseconds: -1,
            maxConcurrentRequests: 0
        )
        let problems = configuration.validate()
        #expect(problems.count == 7)
    }

    @Test func defaultConfigurationIsValid() {
        let configuration = SLSClientConfiguration(
            endpoint: SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com"),
            credentials: SLSCredentials(accessKeyID: "id", accessKeySecret: Secret("secret-value"))
        )
        #expect(configuration.validate().isEmpty)
        #expect(configuration.signatureVersion == .v1)
    }

    @Test func urlEncodesQueryValuesAndKeepsDefaultPort() {
        let endpoint = SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com", scheme: .https, port: 443)
        let url = endpoint.url(project: "proj", path: "/logstores/audit/shards/route", query: [("key", "a b/+~é")])
        #expect(url == "https://proj.cn-hangzhou.log.aliyuncs.com/logstores/audit/shards/route?key=a%20b%2F%2B~%C3%A9")
        #expect(endpoint.signingHost == "cn-hangzhou.log.aliyuncs.com")
    }

    @Test func nonDefaultPortGoesIntoURLAndHost() {
        let endpoint = SLSEndpoint(host: "sls.test", scheme: .http, port: 8080)
        #expect(endpoint.url(project: "p", path: "/logstores/a/shards/lb", query: []) == "http://p.sls.test:8080/logstores/a/shards/lb")
        #expect(endpoint.signingHost == "sls.test:8080")
    }

    @Test func connectToEntryMatchesEveryHost() {
        #expect(SLSEndpoint.local(port: 18080).connectToEntry == "::127.0.0.1:18080")
        #expect(SLSEndpoint.local(port: 18080, address: "::1").connectToEntry == "::[::1]:18080")
        #expect(SLSEndpoint(host: "cn-hangzhou.log.aliyuncs.com").connectToEntry == nil)
    }

    @Test func resultMapsStatusHeadersAndBody() {
        let accepted = SLSClient.result(of: .success(TransportResponse(
            status: 200, headers: [("x-log-requestid", "5B0A6B60BB6EE39764D458B5"), ("x-log-time", "1700000000")],
            body: []
        )))
        #expect(accepted.receipt == PutLogsReceipt(requestID: "5B0A6B60BB6EE39764D458B5", serverTime: 1_700_000_000))

        let rejected = SLSClient.result(of: .success(TransportResponse(
            status: 403, headers: [("Date", "Mon, 03 Jan 2010 08:33:47 GMT"), ("X-Log-RequestId", "ABC")],
            body: Array(#"{"errorCode":"WriteQuotaExceed","errorMessage":"quota"}"#.utf8)
        )))
        #expect(rejected.serviceError?.code == "WriteQuotaExceed")
        #expect(rejected.serviceError?.requestID == "ABC")
        #expect(rejected.serverTime == 1_262_507_627)

        let failed = SLSClient.result(of: .failure(TransportError(kind: .connect, curlCode: 7, curlMessage: "x")))
        #expect(failed.transportError?.curlCode == 7)
    }

    @Test(arguments: [
        ("cn-hangzhou.log.aliyuncs.com", SLSEndpoint.Kind.public, "cn-hangzhou"),
        ("cn-hangzhou-intranet.log.aliyuncs.com", .internal, "cn-hangzhou"),
        ("ap-southeast-1-vpc.log.aliyuncs.com", .internal, "ap-southeast-1"),
        ("cn-shanghai-share.log.aliyuncs.com", .internal, "cn-shanghai"),
        ("CN-Beijing.Log.Aliyuncs.com", .public, "cn-beijing"),
        ("log-global.aliyuncs.com", .accelerated, nil),
        ("sls.test", .custom, nil),
        ("proj.cn-hangzhou.log.aliyuncs.com", .custom, nil),
        ("-intranet.log.aliyuncs.com", .internal, nil),
    ] as [(String, SLSEndpoint.Kind, String?)])
    func endpointKindAndRegionFollowHostForm(host: String, kind: SLSEndpoint.Kind, region: String?) {
        let endpoint = SLSEndpoint(host: host)
        #expect(endpoint.kind == kind)
        #expect(endpoint.derivedRegion == region)
    }

    @Test func validateRejectsV4RegionOtherThanEndpoints() {
        let configuration = SLSClientConfiguration(
            endpoint: SLSEndpoint(host: "cn-hangzhou-intranet.log.aliyuncs.com"),
            credentials: SLSCredentials(accessKeyID: "id", accessKeySecret: Secret("secret-value")),
            signatureVersion: .v4(region: "cn-shanghai")
        )
        let problems = configuration.validate()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("cn-hangzhou") == true)
    }

    @Test func validateAcceptsAnyV4RegionForAcceleratedEndpoint() {
        let configuration = SLSClientConfiguration(
            endpoint: SLSEndpoint(host: SLSEndpoint.acceleratedHost),
            credentials: SLSCredentials(accessKeyID: "id", accessKeySecret: Secret("secret-value")),
            signatureVersion: .v4(region: "eu-central-1")
        )
        #expect(configuration.validate().isEmpty)
    }

    @Test func validateRejectsUnreadableCAFileAndCAFileWithHTTP() {
        let configuration = SLSClientConfiguration(
            endpoint: SLSEndpoint(host: "sls.test", scheme: .http),
            tls: SLSClientConfiguration.TLS(caFile: "/nonexistent/ehbridge-ca.pem"),
            credentials: SLSCredentials(accessKeyID: "id", accessKeySecret: Secret("secret-value"))
        )
        let problems = configuration.validate()
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("plain HTTP") })
        #expect(problems.contains { $0.contains("/nonexistent/ehbridge-ca.pem") })
    }
}

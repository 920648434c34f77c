import Testing
import Core
@testable import SLS

@Suite struct SLSServiceErrorTests {
    @Test func parseValidJSONBody() {
        let body = Array(#"{"errorCode": "WriteQuotaExceed", "errorMessage": "Inflow Quota Exceed"}"#.utf8)

        let error = SLSServiceError.parse(httpStatus: 403, body: body, requestID: "5B0A6B60BB6EE39764D458B5")

        #expect(error == SLSServiceError(
            httpStatus: 403, code: "WriteQuotaExceed", message: "Inflow Quota Exceed", requestID: "5B0A6B60BB6EE39764D458B5"
        ))
        #expect(error.errorClass == .quotaExceeded)
    }

    @Test func parseIgnoresExtraFields() {
        let body = Array(#"{"httpCode":404,"errorCode":"LogStoreNotExist","errorMessage":"logstore app_log does not exist","requestId":"x"}"#.utf8)

        let error = SLSServiceError.parse(httpStatus: 404, body: body, requestID: nil)

        #expect(error.code == "LogStoreNotExist")
        #expect(error.message == "logstore app_log does not exist")
        #expect(error.requestID == nil)
    }

    @Test func parseWithoutErrorMessage() {
        let error = SLSServiceError.parse(httpStatus: 500, body: Array(#"{"errorCode":"ServerBusy"}"#.utf8), requestID: nil)

        #expect(error.code == "ServerBusy")
        #expect(error.message == "")
    }

    @Test func parseEmptyBodyUsesStatusCode() {
        let error = SLSServiceError.parse(httpStatus: 502, body: [], requestID: nil)

        #expect(error.code == "HTTP502")
        #expect(error.message == "empty response body")
        #expect(error.errorClass == .retryable)
    }

    @Test func parseHTMLBodyUsesStatusCodeAndExcerpt() {
        let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>"

        let error = SLSServiceError.parse(httpStatus: 502, body: Array(html.utf8), requestID: nil)

        #expect(error.code == "HTTP502")
        #expect(error.message.hasPrefix("response body is not an SLS error object: <html> <head><title>502 Bad Gateway"))
        #expect(!error.message.contains("\n"))
        #expect(!error.message.hasSuffix("…"))
    }

    @Test func parseLongBodyIsTruncated() {
        let body = Array(String(repeating: "x", count: 5_000).utf8)

        let error = SLSServiceError.parse(httpStatus: 413, body: body, requestID: nil)

        #expect(error.code == "HTTP413")
        #expect(error.message.hasSuffix(String(repeating: "x", count: 200) + "…"))
        #expect(error.message.count == "response body is not an SLS error object: ".count + 201)
        #expect(error.errorClass == .bodyTooLarge)
    }

    @Test func excerptDropsCutSecret() {
        let token = Secret("STS" + String(repeating: "q", count: 400))
        let body = #"{"message": "invalid security token "# + token.revealed() + #""}"#

        let error = SLSServiceError.parse(httpStatus: 400, body: Array(body.utf8), requestID: nil)

        #expect(error.message.hasSuffix("invalid security token <redacted>\"}"))
        #expect(!error.message.contains("STSqq"))
    }

    @Test(arguments: [
        #"["errorCode", "ServerBusy"]"#,
        #"{"errorCode": 500, "errorMessage": "x"}"#,
        #"{"errorCode": "", "errorMessage": "x"}"#,
        #"{"code": "ServerBusy"}"#,
        #"{"errorCode": "ServerBusy""#,
    ])
    func parseBodyWithoutUsableCodeUsesStatusCode(body: String) {
        let error = SLSServiceError.parse(httpStatus: 503, body: Array(body.utf8), requestID: "r")

        #expect(error.code == "HTTP503")
        #expect(error.requestID == "r")
    }

    @Test func responseBodyIsCompactSortedJSON() {
        let body = SLSServiceError.responseBody(code: "PostBodyInvalid", message: "invalid LogGroup / offset 3")

        #expect(String(decoding: body, as: UTF8.self)
            == #"{"errorCode":"PostBodyInvalid","errorMessage":"invalid LogGroup / offset 3"}"#)
    }

    @Test func responseBodyRoundTripsThroughParse() {
        let message = "quote \" backslash \\ newline \n unicode 日本 ✓"

        let error = SLSServiceError.parse(
            httpStatus: 400, body: SLSServiceError.responseBody(code: "InvalidKey", message: message), requestID: nil
        )

        #expect(error.code == "InvalidKey")
        #expect(error.message == message)
    }

    @Test func descriptionNamesStatusCodeRequestAndRemedy() {
        let error = SLSServiceError(
            httpStatus: 403, code: "ShardWriteQuotaExceed", message: "shard write quota exceeded", requestID: "ABC123"
        )

        #expect(error.description == "SLS request failed with HTTP 403 ShardWriteQuotaExceed: shard write quota exceeded "
            + "(request ID ABC123); retry with backoff and fewer concurrent requests")
    }
}

import Testing
@testable import SLS

@Suite struct SLSErrorClassTests {
    @Test(arguments: [
        // Transient failures.
        (500, "InternalServerError", SLSErrorClass.retryable),
        (503, "ServerBusy", .retryable),
        (500, "ServerBusy", .retryable),
        (408, "RequestTimeout", .retryable),
        (408, "HTTP408", .retryable),
        (502, "HTTP502", .retryable),
        (504, "", .retryable),
        (599, "SomethingNew", .retryable),
        (429, "", .retryable),
        (429, "TooManyRequests", .retryable),
        // Quotas.
        (403, "WriteQuotaExceed", .quotaExceeded),
        (403, "ShardWriteQuotaExceed", .quotaExceeded),
        (403, "ExceedQuota", .quotaExceeded),
        // Clock skew.
        (400, "RequestTimeExpired", .clockSkew),
        (400, "RequestTimeTooSkewed", .clockSkew),
        // Body size.
        (400, "PostBodyTooLarge", .bodyTooLarge),
        (413, "", .bodyTooLarge),
        (413, "HTTP413", .bodyTooLarge),
        // Operator action.
        (401, "Unauthorized", .needsOperator),
        (401, "SignatureNotMatch", .needsOperator),
        (401, "InvalidAccessKeyId", .needsOperator),
        (401, "MissAccessKeyId", .needsOperator),
        (403, "ProjectForbidden", .needsOperator),
        (404, "ProjectNotExist", .needsOperator),
        (404, "LogStoreNotExist", .needsOperator),
        (404, "ShardNotExist", .needsOperator),
        (401, "SomethingNew", .needsOperator),
        (403, "SomethingNew", .needsOperator),
        (404, "HTTP404", .needsOperator),
        (302, "HTTP302", .needsOperator),
        (200, "", .needsOperator),
        // Rejected data and client mistakes.
        (400, "PostBodyInvalid", .rejected),
        (400, "InvalidTimestamp", .rejected),
        (400, "InvalidEncoding", .rejected),
        (400, "InvalidKey", .rejected),
        (400, "PostBodyUncompressError", .rejected),
        (400, "InvalidSequenceId", .rejected),
        (400, "ParameterInvalid", .rejected),
        (400, "SomethingNew", .rejected),
        (400, "HTTP400", .rejected),
        (411, "MissingContentLength", .rejected),
        (415, "InvalidContentType", .rejected),
    ])
    func classifyMapsAnswer(httpStatus: Int, code: String, expected: SLSErrorClass) {
        #expect(SLSErrorClass.classify(httpStatus: httpStatus, code: code) == expected)
    }

    @Test func knownCodeDecidesBeforeStatus() {
        #expect(SLSErrorClass.classify(httpStatus: 500, code: "WriteQuotaExceed") == .quotaExceeded)
        #expect(SLSErrorClass.classify(httpStatus: 403, code: "ServerBusy") == .retryable)
        #expect(SLSErrorClass.classify(httpStatus: 400, code: "Unauthorized") == .needsOperator)
    }

    @Test func codesAreCaseSensitive() {
        // SLS spells codes in a fixed case; a differently spelled code falls back to the status.
        #expect(SLSErrorClass.classify(httpStatus: 400, code: "requesttimeexpired") == .rejected)
    }

    @Test func expiredTokenMessageMakesUnauthorizedRetryable() {
        let expired = "The security token you provided has expired."
        #expect(SLSErrorClass.classify(httpStatus: 401, code: "Unauthorized", message: expired) == .retryable)
        #expect(SLSErrorClass.classify(httpStatus: 401, code: "Unauthorized") == .needsOperator)
        #expect(SLSErrorClass.classify(httpStatus: 401, code: "Unauthorized",
                                       message: "The security token you provided is invalid.") == .needsOperator)
        #expect(SLSErrorClass.classify(httpStatus: 401, code: "SignatureNotMatch", message: expired) == .needsOperator)
    }

    @Test func serviceErrorFlagsExpiredToken() {
        let error = SLSServiceError(httpStatus: 401, code: "Unauthorized",
                                    message: "the security token you provided has expired", requestID: nil)
        #expect(error.isExpiredSecurityToken)
        #expect(error.errorClass == .retryable)
    }

    @Test func expiredFixedTokenNeedsOperator() {
        var error = SLSServiceError(httpStatus: 401, code: "Unauthorized",
                                    message: "The security token you provided has expired.", requestID: nil)
        error.credentialsRenewable = false
        #expect(error.errorClass == .needsOperator)
    }
}

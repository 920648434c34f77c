import Foundation
import Core

/// An error response from SLS: HTTP status, `errorCode`, `errorMessage` and the `x-log-requestid` header.
public struct SLSServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var httpStatus: Int
    public var code: String
    public var message: String
    /// The `x-log-requestid` response header, which SLS support needs; nil when the response had none.
    public var requestID: String?
    /// Whether the request's signer can obtain other credentials. When it cannot, an expired STS token needs an
    /// operator rather than a retry.
    public var credentialsRenewable = true

    /// The maximum number of characters that ``parse(httpStatus:body:requestID:)`` copies into the message from
    /// a body that is not an SLS error object.
    public static let maximumBodyExcerptCharacters = 200

    public init(httpStatus: Int, code: String, message: String, requestID: String?) {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    /// The retry class of this error.
    public var errorClass: SLSErrorClass {
        if isExpiredSecurityToken && !credentialsRenewable { return .needsOperator }
        return SLSErrorClass.classify(httpStatus: httpStatus, code: code, message: message)
    }

    /// Whether SLS rejected the request because its STS token expired: `Unauthorized` with the message
    /// "The security token you provided has expired", compared without case. A retry signed with fresh
    /// credentials can succeed.
    public var isExpiredSecurityToken: Bool {
        SLSErrorClass.isExpiredSecurityToken(code: code, message: message)
    }

    /// Parses an error response body, the JSON object `{"errorCode": "...", "errorMessage": "..."}`.
    ///
    /// When the body is empty, is not a JSON object, or has no non-empty string `errorCode` (a proxy's HTML
    /// page, for example), the code is `HTTP` followed by the status, such as `HTTP502`. The message then
    /// describes the body and contains up to ``maximumBodyExcerptCharacters`` characters of it, with control
    /// characters and line breaks replaced by spaces. A missing `errorMessage` gives an empty message.
    public static func parse(httpStatus: Int, body: [UInt8], requestID: String?) -> SLSServiceError {
        let statusCode = "HTTP\(httpStatus)"
        guard !body.isEmpty else {
            return SLSServiceError(
                httpStatus: httpStatus, code: statusCode, message: "empty response body", requestID: requestID
            )
        }

        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        guard let object, let code = object["errorCode"] as? String, !code.isEmpty else {
            return SLSServiceError(
                httpStatus: httpStatus, code: statusCode,
                message: "response body is not an SLS error object: \(excerpt(of: body))", requestID: requestID
            )
        }

        let message = object["errorMessage"] as? String ?? ""
        return SLSServiceError(httpStatus: httpStatus, code: code, message: message, requestID: requestID)
    }

    /// Returns the JSON error body that SLS sends, `{"errorCode":"…","errorMessage":"…"}`, for the local server.
    public static func responseBody(code: String, message: String) -> [UInt8] {
        let object = ["errorCode": code, "errorMessage": message]
        // JSONSerialization fails only for values JSON cannot represent, and Swift strings always can be.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return Array(data)
    }

    public var description: String {
        var text = "SLS request failed with HTTP \(httpStatus) \(code)"
        if !message.isEmpty {
            text += ": \(message)"
        }
        if let requestID {
            text += " (request ID \(requestID))"
        }
        return text + "; \(errorClass.remedy)"
    }

    /// How much of a body is searched for secrets before the excerpt is cut from it.
    private static let maximumRedactedBodyBytes = 64 * 1024

    private static func excerpt(of body: [UInt8]) -> String {
        // Redact before cutting: a secret that the excerpt would cut in two no longer matches whole. The
        // redactor still catches a cut copy, for secrets beyond the first 64 KiB.
        let leadingBytes = body.prefix(maximumRedactedBodyBytes)
        let text = SecretRedactor.shared.redact(String(decoding: leadingBytes, as: UTF8.self))
        let excerpt = text.prefix(maximumBodyExcerptCharacters)

        var cleaned = ""
        for character in excerpt {
            let isControl = character.unicodeScalars.contains { $0.properties.generalCategory == .control }
            cleaned.append(isControl ? " " : character)
        }

        let isTruncated = excerpt.count < text.count || leadingBytes.count < body.count
        return isTruncated ? cleaned + "…" : cleaned
    }
}

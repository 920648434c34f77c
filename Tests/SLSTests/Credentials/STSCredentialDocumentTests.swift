import Core
import Foundation
@testable import SLS
import Testing

@Suite("STSCredentialDocument")
struct STSCredentialDocumentTests {
    private func parse(_ json: String) throws(CredentialError) -> STSCredentialDocument {
        try STSCredentialDocument.parse(Array(json.utf8), source: "test document")
    }

    @Test func ecsDocumentParses() throws {
        let document = try parse("""
            {"AccessKeyId": "STS.NUgYrLnoC37mZZCNnAbez2E", "AccessKeySecret": "secret-from-ecs",
             "Expiration": "2017-11-01T05:20:01Z", "SecurityToken": "token-from-ecs",
             "LastUpdated": "2017-10-31T23:20:01Z", "Code": "Success"}
            """)

        #expect(document.credentials.accessKeyID == "STS.NUgYrLnoC37mZZCNnAbez2E")
        #expect(document.credentials.accessKeySecret.revealed() == "secret-from-ecs")
        #expect(document.credentials.securityToken?.revealed() == "token-from-ecs")
        #expect(document.expiration == 1_509_513_601)
    }

    @Test func documentWithoutExpirationAndCodeParses() throws {
        let document = try parse(#"{"AccessKeyId": "a", "AccessKeySecret": "b", "SecurityToken": "c"}"#)
        #expect(document.expiration == nil)
        #expect(document.credentials.accessKeyID == "a")
    }

    @Test(arguments: [
        (#"[1, 2]"#, "not a JSON object"),
        (#"{"AccessKeySecret": "b", "SecurityToken": "c"}"#, "AccessKeyId"),
        (#"{"AccessKeyId": "a", "AccessKeySecret": "", "SecurityToken": "c"}"#, "AccessKeySecret"),
        (#"{"AccessKeyId": "a", "AccessKeySecret": "b"}"#, "SecurityToken"),
        (#"{"AccessKeyId": "a", "AccessKeySecret": "b", "SecurityToken": "c", "Code": "Failed"}"#, "Code"),
        (#"{"AccessKeyId": "a", "AccessKeySecret": "b", "SecurityToken": "c", "Expiration": "tomorrow"}"#, "tomorrow"),
        (#"{"AccessKeyId": "a", "AccessKeySecret": "b", "SecurityToken": "c", "Expiration": 5}"#, "Expiration"),
    ])
    func invalidDocumentNamesProblem(json: String, expectedFragment: String) {
        do {
            _ = try parse(json)
            Issue.record("expected an error for \(json)")
        } catch {
            guard case .invalidDocument(let source, let reason) = error else {
                Issue.record("expected invalidDocument, got \(error)")
                return
            }
            #expect(source == "test document")
            #expect(reason.contains(expectedFragment), "reason: \(reason)")
        }
    }

    @Test func errorNeverQuotesSecretValues() {
        do {
            _ = try parse(#"{"AccessKeyId": "a", "AccessKeySecret": "very-secret-value", "SecurityToken": 7}"#)
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("very-secret-value"))
        }
    }

    @Test(arguments: [
        ("2017-11-01T05:20:01Z", Int64(1_509_513_601)),
        ("2017-11-01T05:20:01.123Z", 1_509_513_601),
        ("2017-11-01T13:20:01+08:00", 1_509_513_601),
        ("2017-10-31T23:50:01-05:30", 1_509_513_601),
        ("2024-02-29T00:00:00z", 1_709_164_800),
    ])
    func timestampFormsParse(text: String, seconds: Int64) {
        #expect(STSCredentialDocument.parseTimestamp(text) == seconds)
    }

    @Test(arguments: [
        "2017-11-01 05:20:01Z", "2017-11-01T05:20:01", "2017-13-01T05:20:01Z", "2023-02-29T00:00:00Z",
        "2017-11-01T24:00:00Z", "2017-11-01T05:20:01.Z", "2017-11-01T05:20:01+0800", "2017-11-01T05:20:01Zjunk",
    ])
    func malformedTimestampIsRejected(text: String) {
        #expect(STSCredentialDocument.parseTimestamp(text) == nil)
    }

    @Test func encodedDocumentParsesBack() throws {
        let original = STSCredentialDocument(credentials: stsCredentials("round-trip"), expiration: 1_700_000_123)
        let parsed = try STSCredentialDocument.parse(original.encoded(), source: "encoded")

        #expect(parsed.credentials.accessKeyID == original.credentials.accessKeyID)
        #expect(parsed.credentials.accessKeySecret == original.credentials.accessKeySecret)
        #expect(parsed.credentials.securityToken == original.credentials.securityToken)
        #expect(parsed.expiration == 1_700_000_123)
        #expect(STSCredentialDocument.formatTimestamp(1_509_513_601) == "2017-11-01T05:20:01Z")
    }
}

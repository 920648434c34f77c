import Core
import Foundation
import LocalSLS
import SLS
import Testing

@Suite("STS file and credentials URL sources")
struct CredentialSourceTests {
    // MARK: - File

    @Test func fileSourceReadsDocumentAndVersion() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("sts.json")
        try writeAtomically(STSCredentialDocument(credentials: stsCredentials("file"), expiration: 1_900_000_000), to: path)
        let source = STSFileCredentialSource(path: path)

        let fetched = try source.fetch()

        #expect(fetched.document.credentials.accessKeyID == "STS.id-file")
        #expect(fetched.document.expiration == 1_900_000_000)
        #expect(fetched.version != nil)
        #expect(fetched.version == source.currentVersion())
    }

    @Test func fileSourceVersionChangesOnRewrite() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("sts.json")
        try writeAtomically(STSCredentialDocument(credentials: stsCredentials("one"), expiration: nil), to: path)
        let source = STSFileCredentialSource(path: path)
        let before = source.currentVersion()

        try writeAtomically(STSCredentialDocument(credentials: stsCredentials("two"), expiration: nil), to: path)

        #expect(before != nil)
        #expect(source.currentVersion() != before)
    }

    @Test func missingFileIsUnreadable() {
        let source = STSFileCredentialSource(path: "/nonexistent/ehbridge/sts.json")
        #expect(source.currentVersion() == nil)
        do {
            _ = try source.fetch()
            Issue.record("expected an error")
        } catch {
            guard case .fileUnreadable(let path, let reason) = error else {
                Issue.record("expected fileUnreadable, got \(error)")
                return
            }
            #expect(path == "/nonexistent/ehbridge/sts.json")
            #expect(reason.contains("No such file"))
        }
    }

    @Test func partialFileIsInvalidDocument() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("sts.json")
        try Data(#"{"AccessKeyId": "STS.half", "AccessKeySec"#.utf8).write(to: URL(fileURLWithPath: path))

        #expect(throws: CredentialError.invalidDocument(source: "STS credentials file \(path)",
                                                        reason: "the content is not a JSON object")) {
            try STSFileCredentialSource(path: path).fetch()
        }
    }

    @Test func oversizedFileIsRejected() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("sts.json")
        try Data(repeating: UInt8(ascii: " "), count: STSFileCredentialSource.maxFileBytes + 1)
            .write(to: URL(fileURLWithPath: path))

        #expect(throws: CredentialError.self) { try STSFileCredentialSource(path: path).fetch() }
    }

    @Test func fileProviderFollowsRotation() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("sts.json")
        let clock = ManualClock()
        try writeAtomically(STSCredentialDocument(credentials: stsCredentials("one"), expiration: clock.now + 3600),
                            to: path)
        let provider = RefreshingCredentialProvider(source: STSFileCredentialSource(path: path), logger: .disabled,
                                                    clock: clock.function)
        #expect(try provider.credentials().accessKeyID == "STS.id-one")

        try writeAtomically(STSCredentialDocument(credentials: stsCredentials("two"), expiration: clock.now + 3600),
                            to: path)

        #expect(provider.cachedCredentials() == nil)
        #expect(try provider.credentials().accessKeyID == "STS.id-two")
        #expect(provider.cachedCredentials()?.securityToken?.revealed() == "sts-token-two")
    }

    // MARK: - URL

    @Test func urlSourceFetchesDocument() throws {
        let server = LocalCredentialsServer(logger: .disabled)
        try server.start()
        defer { server.stop() }
        server.setDocument(STSCredentialDocument(credentials: stsCredentials("url"), expiration: 1_900_000_000))
        let url = try #require(server.url)

        let fetched = try CredentialsURLSource(url: url).fetch()

        #expect(fetched.document.credentials.accessKeyID == "STS.id-url")
        #expect(fetched.document.credentials.securityToken?.revealed() == "sts-token-url")
        #expect(fetched.document.expiration == 1_900_000_000)
        #expect(server.requestCount == 1)
    }

    @Test func urlSourceReportsHTTPStatus() throws {
        let server = LocalCredentialsServer(logger: .disabled)
        try server.start()
        defer { server.stop() }
        server.setDocument(STSCredentialDocument(credentials: stsCredentials("url"), expiration: nil))
        server.failNextRequests(status: 500)
        let url = try #require(server.url)

        #expect(throws: CredentialError.httpStatus(url: url, status: 500)) {
            try CredentialsURLSource(url: url).fetch()
        }
        #expect(try CredentialsURLSource(url: url).fetch().document.credentials.accessKeyID == "STS.id-url")
    }

    @Test func urlSourceWithoutListenerFails() throws {
        let port = try unusedLoopbackPort()
        let url = "http://127.0.0.1:\(port)/credentials"
        do {
            _ = try CredentialsURLSource(url: url, connectTimeoutMilliseconds: 1_000, timeoutMilliseconds: 2_000).fetch()
            Issue.record("expected an error")
        } catch {
            guard case .requestFailed(let failedURL, let reason) = error else {
                Issue.record("expected requestFailed, got \(error)")
                return
            }
            #expect(failedURL == url)
            #expect(reason.contains("connect"))
        }
    }

    @Test(arguments: ["", "ftp://127.0.0.1/credentials", "127.0.0.1/credentials", "https://"])
    func urlSourceValidateRejectsNonHTTPURL(url: String) {
        #expect(CredentialsURLSource(url: url).validate().count == 1)
    }
}

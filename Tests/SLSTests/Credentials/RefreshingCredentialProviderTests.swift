import Core
import Foundation
import SLS
import Testing

/// The caching rules of ``RefreshingCredentialProvider``, with a scripted source and a manual clock.
@Suite("RefreshingCredentialProvider")
struct RefreshingCredentialProviderTests {
    private let options = RefreshingCredentialProvider.Options(refreshMarginSeconds: 300, retryIntervalSeconds: 10)

    private func provider(_ source: ScriptedCredentialSource, clock: ManualClock,
                          logger: Logger = .disabled) -> RefreshingCredentialProvider {
        RefreshingCredentialProvider(source: source, options: options, logger: logger, clock: clock.function)
    }

    @Test func nothingCachedBeforeFirstFetch() throws {
        let clock = ManualClock()
        let source = ScriptedCredentialSource([.success(fetched("a", expiration: clock.now + 3600))])
        let provider = provider(source, clock: clock)

        #expect(provider.cachedCredentials() == nil)
        #expect(source.fetchCount == 0)
        #expect(try provider.credentials().accessKeyID == "STS.id-a")
        #expect(provider.cachedCredentials()?.accessKeyID == "STS.id-a")
        #expect(source.fetchCount == 1)
    }

    @Test func cacheServesUntilRefreshMargin() throws {
        let clock = ManualClock()
        let source = ScriptedCredentialSource([
            .success(fetched("a", expiration: clock.now + 3600)), .success(fetched("b", expiration: clock.now + 7200)),
        ])
        let provider = provider(source, clock: clock)
        _ = try provider.credentials()

        clock.advance(by: 3600 - 301)
        #expect(provider.cachedCredentials()?.accessKeyID == "STS.id-a")

        clock.advance(by: 1)
        #expect(provider.cachedCredentials() == nil)
        #expect(try provider.credentials().accessKeyID == "STS.id-b")
        #expect(source.fetchCount == 2)
    }

    @Test func unchangedExpiringSourceIsAskedOncePerInterval() throws {
        let clock = ManualClock()
        let source = ScriptedCredentialSource([.success(fetched("a", expiration: clock.now + 100))])
        let provider = provider(source, clock: clock)

        _ = try provider.credentials()
        #expect(provider.cachedCredentials()?.accessKeyID == "STS.id-a")

        clock.advance(by: 10)
        #expect(provider.cachedCredentials() == nil)
        _ = try provider.credentials()
        #expect(source.fetchCount == 2)
        #expect(provider.cachedCredentials()?.accessKeyID == "STS.id-a")
    }

    @Test func failedRefreshKeepsUsableCredentials() throws {
        let clock = ManualClock()
        let failure = CredentialError.fileUnreadable(path: "/run/sts.json", reason: "No such file or directory")
        let source = ScriptedCredentialSource([.success(fetched("a", expiration: clock.now + 400)), .failure(failure)])
        let provider = provider(source, clock: clock)
        _ = try provider.credentials()

        clock.advance(by: 200)
        #expect(provider.cachedCredentials() == nil)
        #expect(try provider.credentials().accessKeyID == "STS.id-a")
        #expect(source.fetchCount == 2)

        // Until the retry interval passes, the usable credentials are served without another fetch.
        #expect(provider.cachedCredentials()?.accessKeyID == "STS.id-a")
        #expect(try provider.credentials().accessKeyID == "STS.id-a")
        #expect(source.fetchCount == 2)
    }

    @Test func expiredCredentialsWithFailingSourceThrow() throws {
        let clock = ManualClock()
        let failure = CredentialError.httpStatus(url: "http://127.0.0.1:9/credentials", status: 500)
        let source = ScriptedCredentialSource([.success(fetched("a", expiration: clock.now + 60)), .failure(failure)])
        let provider = provider(source, clock: clock)
        _ = try provider.credentials()

        clock.advance(by: 60)
        #expect(provider.cachedCredentials() == nil)
        #expect(throws: failure) { try provider.credentials() }
        #expect(source.fetchCount == 2)

        // Within the retry interval the last error is thrown again without a fetch.
        #expect(throws: failure) { try provider.credentials() }
        #expect(source.fetchCount == 2)

        clock.advance(by: 10)
        #expect(throws: failure) { try provider.credentials() }
        #expect(source.fetchCount == 3)
    }

    @Test func alreadyExpiredDocumentIsRejected() {
        let clock = ManualClock()
        let source = ScriptedCredentialSource([.success(fetched("a", expiration: clock.now - 1))])
        let provider = provider(source, clock: clock)

        #expect(throws: CredentialError.expired(source: "scripted test source", expiration: clock.now - 1)) {
            try provider.credentials()
        }
        #expect(provider.cachedCredentials() == nil)
    }

    @Test func invalidateForcesFetch() throws {
        let clock = ManualClock()
        let source = ScriptedCredentialSource([
            .success(fetched("a", expiration: clock.now + 3600)), .success(fetched("b", expiration: clock.now + 3600)),
        ])
        let provider = provider(source, clock: clock)
        let first = try provider.credentials()

        provider.invalidate(first)

        #expect(provider.cachedCredentials() == nil)
        #expect(try provider.credentials().accessKeyID == "STS.id-b")
        #expect(provider.cachedCredentials()?.accessKeyID == "STS.id-b")
        #expect(source.fetchCount == 2)
    }

    @Test func invalidateOfReplacedCredentialsIsIgnored() throws {
        let clock = ManualClock()
        let source = ScriptedCredentialSource([
            .success(fetched("a", expiration: clock.now + 3600)), .success(fetched("b", expiration: clock.now + 3600)),
        ])
        let provider = provider(source, clock: clock)
        let first = try provider.credentials()
        provider.invalidate(first)
        _ = try provider.credentials()

        // A late 401 for a request signed with the old credentials must not throw the new ones away.
        provider.invalidate(first)

        #expect(provider.cachedCredentials()?.accessKeyID == "STS.id-b")
        #expect(source.fetchCount == 2)
    }

    @Test func changedSourceVersionForcesFetch() throws {
        let clock = ManualClock()
        let first = CredentialSourceVersion(device: 1, inode: 10, size: 300, modificationNanoseconds: 5)
        let second = CredentialSourceVersion(device: 1, inode: 11, size: 300, modificationNanoseconds: 5)
        let source = ScriptedCredentialSource([
            .success(fetched("a", expiration: clock.now + 3600, version: first)),
            .success(fetched("b", expiration: clock.now + 3600, version: second)),
        ])
        source.setVersion(first)
        let provider = provider(source, clock: clock)
        _ = try provider.credentials()
        #expect(provider.cachedCredentials()?.accessKeyID == "STS.id-a")

        source.setVersion(second)

        #expect(provider.cachedCredentials() == nil)
        #expect(try provider.credentials().accessKeyID == "STS.id-b")
        #expect(provider.cachedCredentials()?.accessKeyID == "STS.id-b")
    }

    @Test func concurrentCallersShareOneFetch() async throws {
        let clock = ManualClock()
        let source = ScriptedCredentialSource([.success(fetched("a", expiration: clock.now + 3600))])
        let provider = provider(source, clock: clock)

        let identifiers = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<16 {
                group.addTask { try? provider.credentials().accessKeyID }
            }
            var identifiers: [String?] = []
            for await identifier in group {
                identifiers.append(identifier)
            }
            return identifiers
        }

        #expect(identifiers == Array(repeating: "STS.id-a", count: 16))
        #expect(source.fetchCount == 1)
    }

    @Test func logsNeverContainSecrets() throws {
        let clock = ManualClock()
        let failure = CredentialError.invalidDocument(source: "scripted test source", reason: "AccessKeyId is missing")
        let source = ScriptedCredentialSource([
            .success(fetched("a", expiration: clock.now + 3600)), .failure(failure),
        ])
        let sink = RecordingLogSink()
        let provider = provider(source, clock: clock, logger: Logger(label: "test", minimumLevel: .trace, sink: sink))

        let credentials = try provider.credentials()
        provider.invalidate(credentials)
        _ = try provider.credentials()

        #expect(sink.records.count >= 3)
        for text in sink.texts {
            #expect(!text.contains("sts-secret-a"))
            #expect(!text.contains("sts-token-a"))
        }
    }

    @Test func staticProviderValidatesEmptyParts() {
        let provider = StaticCredentialProvider(SLSCredentials(accessKeyID: "", accessKeySecret: Secret(""),
                                                               securityToken: Secret("")))
        #expect(provider.validate().count == 3)
        #expect(provider.cachedCredentials()?.accessKeyID == "")
    }
}

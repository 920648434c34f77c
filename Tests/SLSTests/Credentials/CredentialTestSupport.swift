import Core
import Foundation
import SLS

/// A clock for tests, in seconds since the Unix epoch, moved by hand.
final class ManualClock: Sendable {
    private let seconds: Locked<Int64>

    init(_ start: Int64 = 1_700_000_000) {
        seconds = Locked(start)
    }

    var now: Int64 { seconds.withLock { $0 } }

    func advance(by delta: Int64) {
        seconds.withLock { $0 += delta }
    }

    /// The clock as the closure that providers take.
    var function: @Sendable () -> Int64 {
        { [self] in now }
    }
}

/// A credential source that returns scripted results in order and counts fetches. After the script runs out it
/// repeats the last result.
final class ScriptedCredentialSource: CredentialSource {
    private struct State: Sendable {
        var results: [Result<FetchedCredentials, CredentialError>]
        var fetchCount = 0
        var version: CredentialSourceVersion?
    }

    private let state: Locked<State>

    init(_ results: [Result<FetchedCredentials, CredentialError>]) {
        state = Locked(State(results: results))
    }

    var description: String { "scripted test source" }

    var fetchCount: Int { state.withLock { $0.fetchCount } }

    func setVersion(_ version: CredentialSourceVersion?) {
        state.withLock { $0.version = version }
    }

    func append(_ result: Result<FetchedCredentials, CredentialError>) {
        state.withLock { $0.results.append(result) }
    }

    func currentVersion() -> CredentialSourceVersion? {
        state.withLock { $0.version }
    }

    func fetch() throws(CredentialError) -> FetchedCredentials {
        let result = state.withLock { state in
            state.fetchCount += 1
            return state.results.count > 1 ? state.results.removeFirst() : state.results[0]
        }
        return try result.get()
    }

    func validate() -> [String] { [] }
}

/// Returns STS credentials whose ID, secret and token all end in `name`.
func stsCredentials(_ name: String) -> SLSCredentials {
    SLSCredentials(accessKeyID: "STS.id-\(name)", accessKeySecret: Secret("sts-secret-\(name)"),
                   securityToken: Secret("sts-token-\(name)"))
}

/// Returns a fetch result for `stsCredentials(name)` expiring at `expiration`.
func fetched(_ name: String, expiration: Int64?, version: CredentialSourceVersion? = nil) -> FetchedCredentials {
    FetchedCredentials(document: STSCredentialDocument(credentials: stsCredentials(name), expiration: expiration),
                       version: version)
}

/// Keeps log records unrendered, so that tests can search metadata for secrets without the redactor's help.
final class RecordingLogSink: LogSink {
    private let storage = Locked<[LogRecord]>([])

    func write(_ record: LogRecord) {
        storage.withLock { $0.append(record) }
    }

    var records: [LogRecord] { storage.withLock { $0 } }

    /// Every message and metadata value as plain text.
    var texts: [String] {
        records.flatMap { record in [record.message] + record.metadata.values.map { "\($0)" } }
    }
}

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ehbridge-sls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}

/// Writes `document` as ECS JSON to `path` through a temporary file and a rename, as a rotating agent should.
func writeAtomically(_ document: STSCredentialDocument, to path: String) throws {
    try Data(document.encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
}

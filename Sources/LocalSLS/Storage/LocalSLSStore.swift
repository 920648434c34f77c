import Core

/// The accepted requests, response records and per-Logstore totals of a ``LocalSLSServer``, in memory, safe to
/// use from any thread.
final class LocalSLSStore: Sendable {
    private struct LogstoreKey: Hashable, Sendable {
        var project: String
        var logstore: String
    }

    private struct Contents: Sendable {
        var accepted: [LocalSLSStoredRequest] = []
        var responses: [LocalSLSResponseRecord] = []
        var totals: [LogstoreKey: LocalSLSTotals] = [:]
    }

    /// Whether requests and responses are kept one by one; totals are kept either way.
    let keepsRecords: Bool
    private let contents = Locked(Contents())

    init(keepsRecords: Bool) {
        self.keepsRecords = keepsRecords
    }

    func store(_ request: LocalSLSStoredRequest) {
        let key = LogstoreKey(project: request.project, logstore: request.logstore)
        contents.withLock { contents in
            var totals = contents.totals[key] ?? LocalSLSTotals()
            totals.requests += 1
            totals.logs += request.logGroup.logs.count
            totals.compressedBytes += request.compressedBytes
            totals.rawBytes += request.rawBytes
            contents.totals[key] = totals
            if keepsRecords {
                contents.accepted.append(request)
            }
        }
    }

    /// Adds a request whose body was not decoded to the totals; its logs are not counted.
    func addUndecoded(project: String, logstore: String, compressedBytes: Int, rawBytes: Int) {
        let key = LogstoreKey(project: project, logstore: logstore)
        contents.withLock { contents in
            var totals = contents.totals[key] ?? LocalSLSTotals()
            totals.requests += 1
            totals.compressedBytes += compressedBytes
            totals.rawBytes += rawBytes
            contents.totals[key] = totals
        }
    }

    func record(_ response: LocalSLSResponseRecord) {
        guard keepsRecords else { return }
        contents.withLock { $0.responses.append(response) }
    }

    var acceptedRequests: [LocalSLSStoredRequest] {
        contents.withLock { $0.accepted }
    }

    var responses: [LocalSLSResponseRecord] {
        contents.withLock { $0.responses }
    }

    func totals(project: String, logstore: String) -> LocalSLSTotals {
        contents.withLock { $0.totals[LogstoreKey(project: project, logstore: logstore)] ?? LocalSLSTotals() }
    }

    /// Returns the totals of every Logstore that accepted a request, sorted by project and Logstore.
    func allTotals() -> [(project: String, logstore: String, totals: LocalSLSTotals)] {
        contents.withLock { contents in
            contents.totals.map { (project: $0.key.project, logstore: $0.key.logstore, totals: $0.value) }
        }.sorted { ($0.project, $0.logstore) < ($1.project, $1.logstore) }
    }

    func removeAll() {
        contents.withLock { $0 = Contents() }
    }
}

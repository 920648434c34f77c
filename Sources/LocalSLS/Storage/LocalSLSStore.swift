import Core

/// The accepted requests and the responses of a ``LocalSLSServer``, in memory, safe to use from any thread.
final class LocalSLSStore: Sendable {
    private struct Contents: Sendable {
        var accepted: [LocalSLSStoredRequest] = []
        var responses: [LocalSLSResponseRecord] = []
    }

    private let contents = Locked(Contents())

    func store(_ request: LocalSLSStoredRequest) {
        contents.withLock { $0.accepted.append(request) }
    }

    func record(_ response: LocalSLSResponseRecord) {
        contents.withLock { $0.responses.append(response) }
    }

    var acceptedRequests: [LocalSLSStoredRequest] {
        contents.withLock { $0.accepted }
    }

    var responses: [LocalSLSResponseRecord] {
        contents.withLock { $0.responses }
    }

    func removeAll() {
        contents.withLock { $0 = Contents() }
    }
}

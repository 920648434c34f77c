import Core

/// Faults waiting for requests, first in first out. Each matching request consumes one.
final class LocalSLSFaultQueue: Sendable {
    private struct Entry: Sendable {
        var fault: LocalSLSFault
        var scope: LocalSLSFaultScope
    }

    private let entries = Locked<[Entry]>([])

    func append(_ fault: LocalSLSFault, times: Int, scope: LocalSLSFaultScope) {
        guard times > 0 else { return }
        entries.withLock { $0.append(contentsOf: repeatElement(Entry(fault: fault, scope: scope), count: times)) }
    }

    /// Removes and returns the first fault whose scope matches, or nil.
    func take(project: String, logstore: String) -> LocalSLSFault? {
        entries.withLock { entries in
            guard let index = entries.firstIndex(where: { $0.scope.matches(project: project, logstore: logstore) })
            else { return nil }
            return entries.remove(at: index).fault
        }
    }

    var count: Int { entries.withLock { $0.count } }

    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}

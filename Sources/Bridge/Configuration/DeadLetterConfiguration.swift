/// The location of the dead-letter store, which keeps the records SLS refused for good with the raw Kafka
/// record and the reason.
public struct DeadLetterConfiguration: Sendable, Equatable {
    /// Path of the SQLite file; nil keeps dead letters in the meter file.
    public var path: String?

    public init(path: String? = nil) {
        self.path = path
    }

    /// Returns the dead-letter store of dry runs for a store at `path`: `.dry-run` inserted before the file
    /// name's extension (`meter.sqlite` gives `meter.dry-run.sqlite`), or appended when it has none. A dry run
    /// keeps its raw copies apart, so that they are never replayed as if a real run had delivered their records.
    static func dryRunPath(for path: String) -> String {
        let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[nameStart...].lastIndex(of: "."), dot > nameStart else {
            return path + ".dry-run"
        }
        return String(path[..<dot]) + ".dry-run" + String(path[dot...])
    }
}

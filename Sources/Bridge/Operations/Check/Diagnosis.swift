/// A failure explained for an operator: what is wrong, in one sentence, and what to do about it.
public struct Diagnosis: Sendable, Equatable {
    /// A stable name for the failure, such as `eventhubs.authentication`, used in docs/operations.md.
    public var id: String
    /// The problem, in one sentence without a final period.
    public var summary: String
    /// The action that fixes it, in one or two sentences.
    public var fix: String

    public init(id: String, summary: String, fix: String) {
        self.id = id
        self.summary = summary
        self.fix = fix
    }

    /// The diagnosis on one line: `summary. Fix: fix`.
    public var line: String { "\(summary). Fix: \(fix)" }
}

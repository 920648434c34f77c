/// One thing wrong with a configuration file: where, what, and how to fix it.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    /// The dotted key path, such as `destination.endpoint` or `batching.max_bytes`.
    public var key: String
    /// The problem, in one sentence, without any secret value.
    public var problem: String
    /// The action that fixes it.
    public var fix: String

    public init(key: String, problem: String, fix: String) {
        self.key = key
        self.problem = problem
        self.fix = fix
    }

    public var description: String { "\(key): \(problem) \(fix)" }
}

/// Thrown when a configuration cannot be used. It lists every problem found, not only the first.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The file the configuration came from, when there was one.
    public var file: String?
    public var problems: [ConfigurationProblem]

    public init(file: String?, problems: [ConfigurationProblem]) {
        self.file = file
        self.problems = problems
    }

    public var description: String {
        let origin = file.map { " in \($0)" } ?? ""
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["invalid configuration\(origin): \(count)"] + problems.map { "  - \($0)" })
            .joined(separator: "\n")
    }
}

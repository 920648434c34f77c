/// One problem in a price or billing-rules file: where it is and what to do about it.
public struct PriceFileProblem: Sendable, Equatable, CustomStringConvertible {
    /// The dotted key path, such as `items[3].price`.
    public var key: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The problem and its fix, in one or two sentences.
    public var message: String

    public init(key: String, line: Int?, message: String) {
        self.key = key
        self.line = line
        self.message = message
    }

    public var description: String {
        let position = line.map { " (line \($0))" } ?? ""
        return "\(key)\(position): \(message)"
    }
}

/// Thrown when price files or billing rules cannot be used. It lists every problem of a file, not only the first.
public struct PriceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, or the folder when the problem is about the set of files.
    public var path: String
    public var problems: [PriceFileProblem]

    public init(path: String, problems: [PriceFileProblem]) {
        self.path = path
        self.problems = problems
    }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return (["invalid price data in \(path): \(count)"] + problems.map { "  - \($0)" }).joined(separator: "\n")
    }
}

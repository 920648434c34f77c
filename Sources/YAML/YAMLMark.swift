/// A position in the YAML text, for error messages.
public struct YAMLMark: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The line number, starting at 1.
    public var line: Int
    /// The column number, starting at 1 and counted in Unicode scalars (characters as libyaml reads them).
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

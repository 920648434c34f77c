/// An option value that names no known member; the message lists the accepted names.
public struct OptionNameError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    /// The kind of name expected, for example "sanitizer".
    public var option: String
    public var accepted: [String]

    public init(name: String, option: String, accepted: [String]) {
        self.name = name
        self.option = option
        self.accepted = accepted
    }

    public var description: String {
        "unknown \(option) `\(name)`; use one of: \(accepted.joined(separator: ", "))"
    }
}

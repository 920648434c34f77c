/// One command-line option of a command.
struct OptionSpecification: Sendable {
    enum Kind: Sendable, Equatable {
        /// `--name VALUE` or `--name=VALUE`.
        case value(placeholder: String)
        /// `--name`, a switch without a value.
        case flag
    }

    let name: String
    let kind: Kind
    /// One line for `--help`: what the option sets and in what unit.
    let help: String
    let repeatable: Bool

    init(_ name: String, _ kind: Kind, help: String, repeatable: Bool = false) {
        self.name = name
        self.kind = kind
        self.help = help
        self.repeatable = repeatable
    }
}

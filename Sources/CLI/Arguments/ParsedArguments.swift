/// The options of one command after parsing: values by option name, flags that were set, and the
/// positional arguments in order.
struct ParsedArguments: Sendable {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ name: String) -> String? { values[name]?.last }
    func allValues(_ name: String) -> [String] { values[name] ?? [] }
    func isSet(_ name: String) -> Bool { flags.contains(name) }

    /// Returns the value of `name` as a positive whole number, or nil when absent.
    func positiveInteger(_ name: String) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), number > 0 else {
            if Int(text) == nil, !text.isEmpty, text.allSatisfy({ ("0"..."9").contains($0) }) {
                throw UsageError("--\(name) \(text) is too large; the largest accepted value is \(Int.max).")
            }
            throw UsageError("--\(name) must be a positive whole number, not `\(text)`.")
        }
        return number
    }

    /// Returns the value of a required option or throws a usage error naming it.
    func required(_ name: String) throws(UsageError) -> String {
        guard let value = value(name) else { throw UsageError("missing --\(name).") }
        return value
    }
}

/// A command line that cannot be used; the tool prints it with the command's usage and exits with 2.
struct UsageError: Error, Sendable, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

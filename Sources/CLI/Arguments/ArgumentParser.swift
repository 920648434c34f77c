/// Parses `--name value`, `--name=value`, flags and positional arguments against a command's options.
/// `--` ends option parsing.
enum ArgumentParser {
    static func parse(_ arguments: [String], options: [OptionSpecification]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option --\(name).")
            }
            switch option.kind {
            case .flag:
                if inlineValue != nil { throw UsageError("--\(name) takes no value.") }
                parsed.flags.insert(name)
            case .value(let placeholder):
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("--\(name) needs a value (\(placeholder)).") }
                    value = arguments[index]
                    index += 1
                }
                if !option.repeatable, parsed.values[name] != nil {
                    throw UsageError("--\(name) is given more than once.")
                }
                parsed.values[name, default: []].append(value)
            }
        }
        return parsed
    }
}

/// Expands `${NAME}` references to environment variables in configuration values.
///
/// Only the braced form is expanded, so an explicit `$ConnectionString` (the literal SASL user name
/// Event Hubs expects) stays as written. `$${` writes a literal `${`.
struct EnvironmentReferences {
    enum ExpansionError: Error, Equatable {
        case unset(name: String)
        case unterminated
        case invalidName(String)
    }

    let environment: [String: String]

    func expand(_ text: String) throws(ExpansionError) -> String {
        guard text.contains("$") else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$", index + 2 < scalars.count, scalars[index + 1] == "$", scalars[index + 2] == "{" {
                output.append(contentsOf: "${".unicodeScalars)
                index += 3
                continue
            }
            if scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "{" {
                guard let close = scalars[(index + 2)...].firstIndex(of: "}") else { throw .unterminated }
                let name = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                guard Self.isValidName(name) else { throw .invalidName(name) }
                guard let value = environment[name] else { throw .unset(name: name) }
                output.append(contentsOf: value.unicodeScalars)
                index = close + 1
                continue
            }
            output.append(scalar)
            index += 1
        }
        return String(output)
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}

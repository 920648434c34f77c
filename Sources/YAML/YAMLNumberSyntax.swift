/// The number forms that ``YAMLScalar/integer()`` and ``YAMLScalar/double()`` accept, following the YAML 1.2
/// core schema with YAML 1.1's underscores between digits.
enum YAMLNumberSyntax {
    struct Problem: Error, Equatable {
        var hint: String
    }

    static func parseInteger(_ text: String) -> Result<Int, Problem> {
        var rest = Substring(text)
        var sign = ""
        if let first = rest.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            rest = rest.dropFirst()
        }

        var radix = 10
        if rest.hasPrefix("0x") {
            radix = 16
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix("0o") {
            radix = 8
            rest = rest.dropFirst(2)
        }

        guard let digits = digitsWithoutSeparators(rest, radix: radix) else {
            return .failure(Problem(hint: "write digits such as 42, -7, 0x1F or 0o17"))
        }
        if radix == 10, digits.count > 1, digits.first == "0" {
            return .failure(Problem(hint: "drop the leading zero, or write 0o… for an octal number"))
        }
        guard let value = Int(sign + digits, radix: radix) else {
            return .failure(Problem(hint: "the value is outside \(Int.min)...\(Int.max)"))
        }
        return .success(value)
    }

    static func parseDouble(_ text: String) -> Result<Double, Problem> {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .success(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .success(-.infinity)
        case ".nan", ".NaN", ".NAN": return .success(.nan)
        default: break
        }

        guard let cleaned = decimalWithoutSeparators(text), let value = Double(cleaned) else {
            return .failure(Problem(hint: "write a decimal number such as 0.0875, -3 or 1.5e3"))
        }
        guard value.isFinite else {
            return .failure(Problem(hint: "the value is too large for a 64-bit floating-point number"))
        }
        return .success(value)
    }

    /// Returns the digits with underscores removed, or nil unless `text` is one or more digits of `radix` with
    /// single underscores only between digits.
    private static func digitsWithoutSeparators(_ text: Substring, radix: Int) -> String? {
        var digits = ""
        var previousWasDigit = false
        for character in text {
            if character == "_" {
                guard previousWasDigit else { return nil }
                previousWasDigit = false
                continue
            }
            guard character.isASCII, let value = character.hexDigitValue, value < radix else { return nil }
            digits.append(character)
            previousWasDigit = true
        }
        guard previousWasDigit else { return nil }
        return digits
    }

    /// Returns `text` without digit separators when it matches
    /// `[-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`, or nil.
    private static func decimalWithoutSeparators(_ text: String) -> String? {
        var rest = Substring(text)
        var cleaned = ""
        if let first = rest.first, first == "+" || first == "-" {
            cleaned.append(first)
            rest = rest.dropFirst()
        }

        let mantissaEnd = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) ?? rest.endIndex
        let mantissa = rest[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = parts[0]
        let hasPoint = parts.count == 2
        let fractionPart = hasPoint ? parts[1] : ""

        if !integerPart.isEmpty {
            guard let digits = digitsWithoutSeparators(integerPart, radix: 10) else { return nil }
            cleaned += digits
        } else {
            guard hasPoint, !fractionPart.isEmpty else { return nil }
        }
        if hasPoint {
            cleaned += "."
            if !fractionPart.isEmpty {
                guard let digits = digitsWithoutSeparators(fractionPart, radix: 10) else { return nil }
                cleaned += digits
            }
        }

        if mantissaEnd < rest.endIndex {
            var exponent = rest[rest.index(after: mantissaEnd)...]
            cleaned += "e"
            if let first = exponent.first, first == "+" || first == "-" {
                cleaned.append(first)
                exponent = exponent.dropFirst()
            }
            guard let digits = digitsWithoutSeparators(exponent, radix: 10) else { return nil }
            cleaned += digits
        }
        return cleaned
    }
}

import Foundation

/// Reads and writes decimal numbers as plain text, independent of the process locale.
///
/// Prices and quantities stay `Decimal` from the price file to the report, so no amount passes through binary
/// floating point.
public enum DecimalText {
    /// Parses `text` such as `0.0875`, `-12`, `1_000_000` or `1.5e3`. Underscores may separate digits.
    ///
    /// Returns nil for anything else, including an empty text, a lone sign, `.5`, `5.`, hexadecimal and `inf`.
    public static func parse(_ text: String) -> Decimal? {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard isWellFormed(cleaned), !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__") else {
            return nil
        }
        return exactValue(ofWellFormed: cleaned) ?? Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Returns the value of a text that ``isWellFormed(_:)`` accepts, computed from its digits. Returns nil for more
    /// than 19 significant digits or a power of ten beyond ±100, which `Decimal(string:locale:)` then handles.
    /// Unlike that initializer, this creates no `Locale`, whose first use loads about 3 MB of ICU data.
    static func exactValue(ofWellFormed text: String) -> Decimal? {
        var significand: UInt64 = 0
        var digitCount = 0
        var fractionDigits = 0
        var isNegative = false
        var exponent = 0
        var exponentSign = 1
        var inFraction = false
        var inExponent = false

        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-") where inExponent:
                exponentSign = -1
            case UInt8(ascii: "-"):
                isNegative = true
            case UInt8(ascii: "+"):
                continue
            case UInt8(ascii: "."):
                inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            default:
                let digit = Int(byte - UInt8(ascii: "0"))
                if inExponent {
                    exponent = exponent * 10 + digit
                    continue
                }
                // Leading zeros do not count toward the 19 digits that always fit 64 bits.
                if significand != 0 || digit != 0 {
                    digitCount += 1
                }
                guard digitCount <= 19 else {
                    return nil
                }
                significand = significand * 10 + UInt64(digit)
                if inFraction {
                    fractionDigits += 1
                }
            }
        }

        // Far exponents are left to Foundation, which rejects a zero's too. A negative zero would be NaN in
        // Decimal's representation.
        let scale = exponentSign * exponent - fractionDigits
        guard (-100...100).contains(scale) else {
            return nil
        }
        guard significand != 0 else {
            return 0
        }
        return Decimal(sign: isNegative ? .minus : .plus, exponent: scale, significand: Decimal(significand))
    }

    /// Checks the form `[+-]digits[.digits][(e|E)[+-]digits]`.
    private static func isWellFormed(_ text: String) -> Bool {
        var characters = Substring(text)
        if let first = characters.first, first == "+" || first == "-" {
            characters = characters.dropFirst()
        }
        let mantissaEnd = characters.firstIndex { $0 == "e" || $0 == "E" } ?? characters.endIndex
        let mantissa = characters[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            return false
        }
        guard mantissaEnd != characters.endIndex else { return true }

        var exponent = characters[characters.index(after: mantissaEnd)...]
        if let sign = exponent.first, sign == "+" || sign == "-" {
            exponent = exponent.dropFirst()
        }
        return !exponent.isEmpty && exponent.count <= 3 && exponent.allSatisfy(\.isASCIIDigit)
    }

    /// Formats `value` with exactly `places` digits after the point, rounding half away from zero, such as
    /// `624.64`, `0.00` or `-3.10`.
    public static func fixed(_ value: Decimal, places: Int) -> String {
        let rounded = rounded(value, places: places)
        let negative = rounded < 0
        var magnitude = negative ? -rounded : rounded

        // Scale to an integer of units of the last place, so that the digits can be split without a formatter.
        for _ in 0..<places {
            magnitude *= 10
        }
        var digits = integerDigits(magnitude)
        if places > 0 {
            while digits.count <= places {
                digits = "0" + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        }
        return negative && rounded != 0 ? "-" + digits : digits
    }

    /// Formats `value` with at most `maxPlaces` digits after the point and without trailing zeros, such as
    /// `0.061`, `10240` or `0.000122`.
    public static func plain(_ value: Decimal, maxPlaces: Int = 6) -> String {
        var text = fixed(value, places: maxPlaces)
        if text.contains(".") {
            while text.hasSuffix("0") {
                text.removeLast()
            }
            if text.hasSuffix(".") {
                text.removeLast()
            }
        }
        return text == "-0" ? "0" : text
    }

    /// Rounds to `places` digits after the point, half away from zero (`NSDecimalNumber`'s `.plain` mode).
    public static func rounded(_ value: Decimal, places: Int) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, places, .plain)
        return result
    }

    /// Rounds up to a whole number.
    public static func ceiling(_ value: Decimal) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, 0, .up)
        return result
    }

    /// Returns the digits of a non-negative integral decimal.
    private static func integerDigits(_ value: Decimal) -> String {
        let text = NSDecimalNumber(decimal: value).description(withLocale: Locale(identifier: "en_US_POSIX"))
        if let point = text.firstIndex(of: ".") {
            return String(text[..<point])
        }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

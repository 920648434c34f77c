import CostModel
import Foundation

/// A JSON value written with keys in the order given and decimals exactly as `Decimal` stores them, which
/// `JSONSerialization` does not promise.
indirect enum JSONValue {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number as decimal text, such as `624.64`.
    case number(String)
    case bool(Bool)
    case null

    static func decimal(_ value: Decimal, maxPlaces: Int = 12) -> JSONValue {
        .number(DecimalText.plain(value, maxPlaces: maxPlaces))
    }

    static func decimal(_ value: Decimal?, maxPlaces: Int = 12) -> JSONValue {
        value.map { decimal($0, maxPlaces: maxPlaces) } ?? .null
    }

    /// Returns a billed amount as a number with exactly two decimals, such as `105.00`.
    static func money(_ value: Decimal) -> JSONValue {
        .number(DecimalText.fixed(value, places: 2))
    }

    static func integer<T: BinaryInteger>(_ value: T) -> JSONValue {
        .number(String(value))
    }

    static func string(_ value: String?) -> JSONValue {
        value.map { .string($0) } ?? .null
    }

    /// Returns the value as indented JSON text with a final newline.
    func rendered() -> String {
        var output = ""
        write(into: &output, indent: 0)
        return output + "\n"
    }

    private func write(into output: inout String, indent: Int) {
        let padding = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch self {
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            output += "{\n"
            for (index, member) in members.enumerated() {
                output += padding + Self.quoted(member.0) + ": "
                member.1.write(into: &output, indent: indent + 1)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += closing + "}"
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "[\n"
            for (index, item) in items.enumerated() {
                output += padding
                item.write(into: &output, indent: indent + 1)
                output += index == items.count - 1 ? "\n" : ",\n"
            }
            output += closing + "]"
        case .string(let text):
            output += Self.quoted(text)
        case .number(let text):
            output += text
        case .bool(let value):
            output += value ? "true" : "false"
        case .null:
            output += "null"
        }
    }

    /// Quotes and escapes a string as RFC 8259 requires.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += String(format: "\\u%04x", scalar.value)
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

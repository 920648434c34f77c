/// The opt-in rewrite of pseudo-JSON from known broken producers into JSON; see ``SanitizerSet`` for what
/// each sanitizer does.
///
/// One pass with three states: outside strings, inside a double-quoted string, and inside a single-quoted
/// string (only with ``SanitizerSet/singleQuotes``). The output is only a candidate: the caller parses it
/// strictly and keeps the original error when that fails too.
enum PseudoJSONSanitizer {
    private enum State {
        case outside
        case doubleQuoted
        case singleQuoted
    }

    /// Returns the rewritten text and the sanitizers that changed something, or nil when none did.
    static func sanitize(
        _ input: UnsafeBufferPointer<UInt8>, using sanitizers: SanitizerSet
    ) -> (bytes: [UInt8], applied: SanitizerSet)? {
        let quotes = sanitizers.contains(.singleQuotes)
        let controls = sanitizers.contains(.controlCharacters)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 16 + 16)
        var applied: SanitizerSet = []
        var state = State.outside
        var index = 0

        while index < input.count {
            let byte = input[index]
            index += 1
            switch state {
            case .outside:
                if byte == ASCII.quote {
                    state = .doubleQuoted
                } else if byte == singleQuote && quotes {
                    state = .singleQuoted
                    applied.insert(.singleQuotes)
                    output.append(ASCII.quote)
                    continue
                }
                output.append(byte)

            case .doubleQuoted, .singleQuoted:
                let closer = state == .doubleQuoted ? ASCII.quote : singleQuote
                if byte == ASCII.backslash && index < input.count {
                    let escaped = input[index]
                    index += 1
                    if state == .singleQuoted && escaped == singleQuote {
                        output.append(singleQuote)
                    } else {
                        output.append(byte)
                        output.append(escaped)
                    }
                } else if byte == closer {
                    state = .outside
                    output.append(ASCII.quote)
                } else if byte == ASCII.quote {
                    // Only reached inside a single-quoted string, where a double quote is an ordinary character.
                    output.append(ASCII.backslash)
                    output.append(ASCII.quote)
                } else if byte < 0x20 && controls {
                    appendEscape(for: byte, to: &output)
                    applied.insert(.controlCharacters)
                } else {
                    output.append(byte)
                }
            }
        }
        return applied.isEmpty ? nil : (output, applied)
    }

    private static let singleQuote: UInt8 = 0x27

    /// Appends the JSON escape of a control character: `\n`, `\r`, `\t`, `\b`, `\f`, or `\u00XX`.
    private static func appendEscape(for byte: UInt8, to output: inout [UInt8]) {
        output.append(ASCII.backslash)
        switch byte {
        case ASCII.lineFeed: output.append(ASCII.lowercaseN)
        case ASCII.carriageReturn: output.append(ASCII.lowercaseR)
        case ASCII.tab: output.append(ASCII.lowercaseT)
        case 0x08: output.append(ASCII.lowercaseB)
        case 0x0C: output.append(ASCII.lowercaseF)
        default:
            let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
            output.append(contentsOf: [ASCII.lowercaseU, ASCII.zero, ASCII.zero, digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
        }
    }
}

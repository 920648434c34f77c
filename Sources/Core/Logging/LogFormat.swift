import Foundation

/// How a log record becomes one line of text.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `time=... level=info logger=kafka msg="partitions assigned" kafka.partition=3`
    case logfmt
    /// One JSON object per line with the keys `time`, `level`, `logger`, `msg` and the metadata keys.
    case json

    /// Renders `record` as one line without a trailing newline, with secrets redacted.
    ///
    /// The message and every text value are redacted before they are escaped, and the whole line once more
    /// after, so that neither a secret with a quote or a backslash nor one split over two values gets through.
    public func render(_ record: LogRecord) -> String {
        let redactor = SecretRedactor.shared
        let time = Self.formatTimestamp(record.timestamp)
        let keys = record.metadata.keys.sorted()
        let message = redactor.redact(record.message)
        var line: String
        switch self {
        case .logfmt:
            line = "time=\(time) level=\(record.level) logger=\(Self.logfmtValue(record.label)) msg=\(Self.logfmtValue(message))"
            for key in keys {
                line += " \(key)=\(Self.logfmtValue(redactor.redact(record.metadata[key]!.description)))"
            }
        case .json:
            line = "{\"time\":\"\(time)\",\"level\":\"\(record.level)\",\"logger\":\(Self.jsonString(record.label)),"
            line += "\"msg\":\(Self.jsonString(message))"
            for key in keys {
                line += ",\(Self.jsonString(key)):"
                switch record.metadata[key]! {
                case .string(let text): line += Self.jsonString(redactor.redact(text))
                case .integer(let number): line += String(number)
                case .double(let number): line += number.isFinite ? String(number) : Self.jsonString(String(number))
                case .bool(let flag): line += flag ? "true" : "false"
                }
            }
            line += "}"
        }
        return redactor.redact(line)
    }

    /// Formats seconds since the epoch as RFC 3339 UTC with milliseconds.
    public static func formatTimestamp(_ seconds: Double) -> String {
        var whole = time_t(seconds.rounded(.down))
        let milliseconds = Int((seconds - Double(whole)) * 1000)
        var parts = tm()
        gmtime_r(&whole, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), milliseconds
        )
    }

    /// Returns whether `scalar` is a C1 control character or a bidirectional override or isolate, which would
    /// reorder or hide the text around it on a terminal.
    private static func isHiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x80...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    static func logfmtValue(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.utf8.contains { byte in
            byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "\\")
        } || text.unicodeScalars.contains(where: isHiddenControl)
        guard needsQuotes else { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            // Other control characters, such as ESC from an error body, would act on the terminal or the journal.
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                quoted += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            case _ where isHiddenControl(scalar):
                quoted += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// Returns `text` as a JSON string literal, quotes included.
    public static func jsonString(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 {
                    quoted += String(format: "\\u%04x", scalar.value)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}

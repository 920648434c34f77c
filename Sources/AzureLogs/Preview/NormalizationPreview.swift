import Core

/// The JSON Lines that `ehbridge normalize` prints for a normalized message, one line per entry.
///
/// Each entry line is an object whose members come in this order:
/// - `message`: the message's name, such as its file, and `entry`, counted from 1;
/// - `outcome`: `parsed`, `empty` or `parse_error`;
/// - `time`: `__time__` in seconds, and `time_ns`, the nanosecond part when there is one;
/// - `topic`, `source`, `tags` (an object, in tag order) and `contents` (an object, in content order);
/// - when they apply, `parse_error` (`description` and `offset`), `dead_letter` (the reasons as text) and
///   `report` (the non-zero counts of ``NormalizationReport``).
///
/// A message without entries gives one line with `entry` 0, `outcome` `empty` and `empty_reason`.
public enum NormalizationPreview {
    /// Returns the lines for one message, without line breaks. `topic` and `source` are the LogGroup's
    /// `__topic__` and `__source__`.
    public static func jsonLines(for message: NormalizedMessage, named name: String, topic: String, source: String) -> [String] {
        var common = JSONObjectText()
        common.add("message", string: name)

        guard !message.entries.isEmpty else {
            var line = common
            line.add("entry", number: "0")
            line.add("outcome", string: "empty")
            if case .empty(let reason) = message.outcome {
                line.add("empty_reason", string: emptyReasonName(reason))
            }
            line.add("tags", raw: object(message.tags.map { ($0.key, $0.value) }))
            addReport(message.report, to: &line)
            return [line.text]
        }

        var lines: [String] = []
        lines.reserveCapacity(message.entries.count)
        for (index, entry) in message.entries.enumerated() {
            var line = common
            line.add("entry", number: String(index + 1))
            // A raw entry inside a message that parsed otherwise (a broken JSON Lines line, a record that is
            // not an object) reports its own parse error.
            let entryFailure = Self.entryParseFailure(entry, messageOutcome: message.outcome)
            line.add("outcome", string: entryFailure == nil ? outcomeName(message.outcome) : "parse_error")
            line.add("time", number: String(entry.time))
            if let nanoseconds = entry.timeNanoseconds {
                line.add("time_ns", number: String(nanoseconds))
            }
            line.add("topic", string: topic)
            line.add("source", string: source)
            line.add("tags", raw: object(message.tags.map { ($0.key, $0.value) }))
            line.add("contents", raw: object(entry.contents.map { ($0.key, $0.value) }))
            if case .parseError(let failure) = message.outcome {
                var error = JSONObjectText()
                error.add("description", string: failure.description)
                error.add("offset", number: String(failure.byteOffset))
                line.add("parse_error", raw: error.text)
            } else if let entryFailure {
                var error = JSONObjectText()
                error.add("description", string: entryFailure.description)
                if let offset = entryFailure.offset {
                    error.add("offset", number: String(offset))
                }
                line.add("parse_error", raw: error.text)
            }
            if !message.deadLetterCauses.isEmpty {
                let reasons = message.deadLetterCauses.map { JSONObjectText.quoted($0.description) }
                line.add("dead_letter", raw: "[" + reasons.joined(separator: ",") + "]")
            }
            addReport(message.report, to: &line)
            lines.append(line.text)
        }
        return lines
    }

    /// Returns milliseconds since the UNIX epoch for a decimal count of milliseconds or for time text in a
    /// form the normalizer reads (ISO 8601, US, epoch), or nil.
    public static func milliseconds(fromTimeText text: String) -> Int64? {
        if let number = Int64(text) {
            return number
        }
        guard let timestamp = TimestampParser.parse(text) ?? EpochTimestampParser.parse(text) else {
            return nil
        }
        return timestamp.secondsSinceEpoch * 1000 + Int64(timestamp.nanoseconds / 1_000_000)
    }

    private static func addReport(_ report: NormalizationReport, to line: inout JSONObjectText) {
        let counts: [(String, Int)] = [
            ("inflated_gzip", report.inflatedGzip ? 1 : 0), ("json_values", report.jsonValues > 1 ? report.jsonValues : 0),
            ("invalid_utf8_sequences", report.invalidUTF8Sequences), ("nul_bytes", report.nulBytes),
            ("lone_surrogates", report.loneSurrogates), ("sanitized_units", report.sanitizedUnits),
            ("raw_entries", report.rawEntries), ("adjusted_times", report.adjustedTimes),
            ("truncated_values", report.truncatedValues), ("rewritten_keys", report.rewrittenKeys),
            ("flow_tuple_entries", report.flowTupleEntries), ("base64_headers", report.base64Headers),
        ]
        var object = JSONObjectText()
        for (name, count) in counts where count > 0 {
            object.add(name, number: String(count))
        }
        if !object.isEmpty {
            line.add("report", raw: object.text)
        }
    }

    private static func object(_ pairs: [(String, String)]) -> String {
        var object = JSONObjectText()
        for (key, value) in pairs {
            object.add(key, string: value)
        }
        return object.text
    }

    /// Returns the parse error of a raw entry (one with `ehb_raw` and `ehb_parse_error`) in a message whose own
    /// outcome is not a parse error, or nil.
    private static func entryParseFailure(_ entry: LogEntry, messageOutcome: MessageOutcome)
        -> (description: String, offset: Int?)?
    {
        if case .parseError = messageOutcome { return nil }
        guard entry.packedContents.containsKey(BridgeFieldKey.raw),
              let description = entry.packedContents.value(forKey: BridgeFieldKey.parseError) else { return nil }
        let offset = entry.packedContents.value(forKey: BridgeFieldKey.parseErrorOffset).flatMap { Int($0) }
        return (description, offset)
    }

    private static func outcomeName(_ outcome: MessageOutcome) -> String {
        switch outcome {
        case .parsed: "parsed"
        case .empty: "empty"
        case .parseError: "parse_error"
        }
    }

    private static func emptyReasonName(_ reason: EmptyReason) -> String {
        switch reason {
        case .nullValue: "null_value"
        case .zeroLength: "zero_length"
        case .emptyRecords: "empty_records"
        case .emptyArray: "empty_array"
        }
    }
}

/// A JSON object written member by member, for the preview lines.
private struct JSONObjectText {
    private var members: [String] = []

    var isEmpty: Bool { members.isEmpty }
    var text: String { "{" + members.joined(separator: ",") + "}" }

    mutating func add(_ key: String, string value: String) {
        members.append(Self.quoted(key) + ":" + Self.quoted(value))
    }

    mutating func add(_ key: String, number value: String) {
        members.append(Self.quoted(key) + ":" + value)
    }

    /// Adds a member whose value is already JSON text.
    mutating func add(_ key: String, raw value: String) {
        members.append(Self.quoted(key) + ":" + value)
    }

    /// Returns `text` as a JSON string: quotes, backslashes and control characters escaped, everything else
    /// as it is.
    static func quoted(_ text: String) -> String {
        var output = "\""
        output.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20 || control.value == 0x7F:
                let hex = String(control.value, radix: 16, uppercase: true)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

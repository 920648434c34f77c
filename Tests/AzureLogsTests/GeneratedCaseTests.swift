import Foundation
import Testing
@testable import AzureLogs
import Core

/// One generated record: the JSON text and the values the normalizer must derive from it.
private struct GeneratedRecord {
    var json: String
    var seconds: UInt32
    var nanoseconds: UInt32?
    var category: String
    var resourceId: String
    var level: String
    var callerIP: String
    var noteKey: String
    var note: String
}

/// Builds records that mix the field aliases, time formats, level spellings and caller IP forms that Azure
/// categories use, each with the normalized values it must give.
private struct RecordGenerator {
    var random: SeededGenerator

    /// The sample receive time is 2026-03-01T12:00:01.250Z; times are drawn from the 12 hours before it.
    private let earliest: Int64 = 1_772_323_200

    mutating func record(index: Int) -> GeneratedRecord {
        let seconds = earliest + Int64.random(in: 0..<43_000, using: &random)
        let (timeJSON, nanoseconds) = time(seconds: seconds)
        let timeKey = ["time", "timeGenerated", "TimeGenerated", "eventTimestamp", "EventTime", "TIME"].randomElement(using: &random)!

        let category = ["AuditEvent", "SignInLogs", "StorageRead", "kube-audit", "AZFWNetworkRule"].randomElement(using: &random)!
        let categoryKey = ["category", "Category", "CategoryValue"].randomElement(using: &random)!
        let categoryJSON = Bool.random(using: &random) ? quoted(category)
            : #"{"value":\#(quoted(category)),"localizedValue":"localized"}"#

        let resource = "/subscriptions/0000/resourceGroups/RG-\(index)/providers/Microsoft.Example/things/T\(index)"
        let resourceKey = ["resourceId", "ResourceId", "_ResourceId", "RESOURCEID"].randomElement(using: &random)!
        let resourceText = String(resource.map { Bool.random(using: &random) ? Character($0.uppercased()) : $0 })

        let (levelJSON, level) = levelValue()
        let levelKey = ["level", "Level", "LEVEL"].randomElement(using: &random)!
        let (callerText, callerIP) = callerAddress(index: index)

        let noteKey = ["note", "note.text", "note-text", "1note"].randomElement(using: &random)!
        let expectedNoteKey = ["note": "note", "note.text": "note_text", "note-text": "note_text", "1note": "_1note"][noteKey]!

        var members = [
            "\(quoted(timeKey)):\(timeJSON)", "\(quoted(categoryKey)):\(categoryJSON)",
            "\(quoted(resourceKey)):\(quoted(resourceText))", "\(quoted(levelKey)):\(levelJSON)",
            "\"callerIpAddress\":\(quoted(callerText))", "\(quoted(noteKey)):\"v~n\(index)\"",
        ]
        members.shuffle(using: &random)
        return GeneratedRecord(
            json: "{" + members.joined(separator: ",") + "}", seconds: UInt32(seconds), nanoseconds: nanoseconds,
            category: category, resourceId: resource.lowercased(), level: level, callerIP: callerIP, noteKey: expectedNoteKey,
            note: "v~n\(index)"
        )
    }

    /// Returns a JSON time value for `seconds` in a random format and the nanoseconds the entry must get.
    private mutating func time(seconds: Int64) -> (json: String, nanoseconds: UInt32?) {
        let digits = Int.random(in: 0...9, using: &random)
        var nanoseconds = UInt32.random(in: 0..<1_000_000_000, using: &random)
        var scale: UInt32 = 1
        for _ in digits..<9 { scale *= 10 }
        nanoseconds = nanoseconds / scale * scale
        let fraction = digits == 0 ? "" : "." + String(String(nanoseconds + 1_000_000_000).dropFirst()).prefix(digits)

        switch Int.random(in: 0..<7, using: &random) {
        case 0:
            return (quoted(iso(seconds) + fraction + "Z"), digits == 0 ? nil : nanoseconds)
        case 1:
            let hours = Int64.random(in: -11...12, using: &random)
            let sign = hours < 0 ? "-" : "+"
            let zone = sign + twoDigits(Int(abs(hours))) + ":00"
            return (quoted(iso(seconds + hours * 3600) + fraction + zone), digits == 0 ? nil : nanoseconds)
        case 2:
            return (quoted(iso(seconds).replacingOccurrences(of: "T", with: " ") + fraction), digits == 0 ? nil : nanoseconds)
        case 3:
            return (quoted(us(seconds)), nil)
        case 4:
            return (String(seconds) + fraction, digits == 0 ? nil : nanoseconds)
        case 5:
            let milliseconds = nanoseconds / 1_000_000
            let text = String(seconds * 1000 + Int64(milliseconds))
            return (Bool.random(using: &random) ? text : quoted(text), milliseconds * 1_000_000)
        default:
            return (quoted(String(seconds)), nil)
        }
    }

    private mutating func levelValue() -> (json: String, expected: String) {
        let choices: [(String, String)] = [
            ("1", "Critical"), ("2", "Error"), ("3", "Warning"), ("4", "Informational"), ("5", "Verbose"),
            ("\"2\"", "Error"), ("\"Information\"", "Informational"), ("\"warning\"", "Warning"), ("\"WARN\"", "Warning"),
            ("\"error\"", "Error"), ("\"Critical\"", "Critical"), ("\"debug\"", "Verbose"), ("\"Metadata\"", "Informational"),
        ]
        return choices.randomElement(using: &random)!
    }

    private mutating func callerAddress(index: Int) -> (text: String, expected: String) {
        let octet = index % 250 + 1
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return ("198.51.100.\(octet)", "198.51.100.\(octet)")
        case 1: return ("198.51.100.\(octet):\(50_000 + index)", "198.51.100.\(octet)")
        case 2: return ("[2001:db8::\(octet)]:443", "2001:db8::\(octet)")
        case 3: return ("2001:db8::\(octet)", "2001:db8::\(octet)")
        default: return (" 203.0.113.\(octet) ", "203.0.113.\(octet)")
        }
    }

    private func iso(_ seconds: Int64) -> String {
        let date = CivilCalendar.date(daysSinceEpoch: seconds / 86_400)
        let second = Int(seconds % 86_400)
        return "\(date.year)-\(twoDigits(date.month))-\(twoDigits(date.day))T"
            + "\(twoDigits(second / 3600)):\(twoDigits(second / 60 % 60)):\(twoDigits(second % 60))"
    }

    private func us(_ seconds: Int64) -> String {
        let date = CivilCalendar.date(daysSinceEpoch: seconds / 86_400)
        let second = Int(seconds % 86_400)
        let hour = second / 3600
        let hour12 = hour % 12 == 0 ? 12 : hour % 12
        return "\(date.month)/\(date.day)/\(date.year) \(hour12):\(twoDigits(second / 60 % 60)):\(twoDigits(second % 60)) "
            + (hour < 12 ? "AM" : "PM")
    }

    private func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    private func quoted(_ text: String) -> String {
        "\"" + text + "\""
    }
}

/// Messages generated from a fixed seed: every record shape, encoding, alias and value form of Azure traffic,
/// each checked against the values it was generated from.
@Suite struct GeneratedCaseTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func generatedMessagesNormalizeToExpectedValues(_ seed: UInt64) throws {
        var generator = RecordGenerator(random: SeededGenerator(seed: seed))
        var random = SeededGenerator(seed: seed &* 7919)
        let normalizer = AzureLogNormalizer()

        for messageIndex in 0..<40 {
            let count = Int.random(in: 1...5, using: &random)
            let records = (0..<count).map { generator.record(index: messageIndex * 10 + $0) }
            let shape = Int.random(in: 0..<4, using: &random)
            var text: String
            switch shape {
            case 0: text = #"{"records":["# + records.map(\.json).joined(separator: ",") + "]}"
            case 1: text = "[" + records.map(\.json).joined(separator: ", ") + "]"
            case 2: text = records.map(\.json).joined(separator: "\n") + "\n"
            default: text = count == 1 ? records[0].json : records.map(\.json).joined(separator: "\r\n")
            }

            var bytes = Array(text.utf8)
            let hasBOM = Bool.random(using: &random)
            if hasBOM {
                bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0)
            }
            let hasInvalidByte = Int.random(in: 0..<4, using: &random) == 0
            // The byte goes into the first record's note value, at the first `"v~` of the text.
            if hasInvalidByte, let position = bytes.firstRange(of: Array("\"v~".utf8))?.lowerBound {
                bytes.insert(0xFF, at: position + 1)
            }
            let isCompressed = Int.random(in: 0..<4, using: &random) == 0
            let value = isCompressed ? Gzip.compress(bytes) : bytes

            let message = normalizer.normalize(value, context: .sample)
            let label = "seed \(seed) message \(messageIndex): \(text)"

            #expect(message.outcome == .parsed(records: count), "\(label)")
            #expect(message.report.inflatedGzip == isCompressed, "\(label)")
            #expect(message.report.invalidUTF8Sequences == (hasInvalidByte ? 1 : 0), "\(label)")
            try #require(message.entries.count == count, "\(label)")
            for (position, (entry, record)) in zip(message.entries, records).enumerated() {
                #expect(entry.time == record.seconds, "\(label)")
                #expect(entry.timeNanoseconds == record.nanoseconds, "\(label)")
                #expect(entry[BridgeFieldKey.timeSource] == nil, "\(label)")
                #expect(entry[BridgeFieldKey.category] == record.category, "\(label)")
                #expect(entry[BridgeFieldKey.resourceId] == record.resourceId, "\(label)")
                #expect(entry[BridgeFieldKey.level] == record.level, "\(label)")
                #expect(entry[BridgeFieldKey.callerIP] == record.callerIP, "\(label)")
                let replacement = hasInvalidByte && position == 0 ? "\u{FFFD}" : ""
                #expect(entry[record.noteKey] == replacement + record.note, "\(label)")
            }
        }
    }
}

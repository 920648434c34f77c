import BenchmarkCorpus
import Foundation
import Testing
import AzureLogs
import Core

/// Checks the scanner's contents against Foundation's `JSONSerialization` as an independent parser.
@Suite struct FoundationReferenceTests {
    private let normalizer = AzureLogNormalizer(options: NormalizationOptions(derivedFields: []))

    /// Every sample except the single-quoted one, which is not valid JSON.
    static let validSamples: [String] = [
        "01-activity-administrative.json", "02-activity-security.json", "03-activity-policy.json",
        "04-entra-signin-nonascii.json", "05-entra-audit.json", "06-nsg-flow-v2.json",
        "08-firewall-legacy-msg.json", "09-firewall-structured.json", "10-keyvault-auditevent.json",
        "11-aks-kube-audit.json", "12-appservice-http-mixed-properties.json", "14-storage-blob.json",
        "15-bom-functionapp.json", "16-empty-records.json", "18-properties-string-not-json.json",
    ]

    @Test(arguments: validSamples)
    func contentsAgreeWithJSONSerialization(_ file: String) throws {
        var bytes = try Fixtures.bytes(file)
        let message = normalizer.normalize(bytes, context: .sample)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        }
        let records = try referenceRecords(bytes)

        try #require(message.entries.count == records.count)
        let text = String(decoding: bytes, as: UTF8.self)
        var searchFrom = text.startIndex
        for (entry, record) in zip(message.entries, records) {
            #expect(entry.contents.count == record.count)
            #expect(Set(entry.contents.map(\.key)) == Set(record.keys))
            searchFrom = try expectKeysInSourceOrder(entry.contents.map(\.key), in: text, from: searchFrom)
            for content in entry.contents {
                let reference = try #require(record[content.key])
                try expectContent(content, matches: reference)
            }
        }
    }

    /// The same comparison on generated messages of every category the benchmark uses, which exercise the byte
    /// copies of the fast path on many more keys and values than the fixtures.
    @Test func contentsAgreeOnGeneratedCorpus() throws {
        let corpus = Corpus.generate(seed: 3, targetBytes: 1_500_000)
        #expect(Set(corpus.messages.map(\.family)).count == RecordFamily.allCases.count)

        var comparedRecords = 0
        for generated in corpus.messages {
            let message = normalizer.normalize(generated.value, context: .sample)
            let records = try referenceRecords(generated.value)
            try #require(message.entries.count == records.count)
            #expect(records.count == generated.recordCount)

            let text = String(decoding: generated.value, as: UTF8.self)
            var searchFrom = text.startIndex
            for (entry, record) in zip(message.entries, records) {
                let contents = entry.contents
                #expect(contents.count == record.count)
                #expect(Set(contents.map(\.key)) == Set(record.keys))
                searchFrom = try expectKeysInSourceOrder(contents.map(\.key), in: text, from: searchFrom)
                for content in contents {
                    let reference = try #require(record[content.key])
                    try expectContent(content, matches: reference)
                }
                comparedRecords += 1
            }
        }
        #expect(comparedRecords == corpus.totalRecords)
    }

    /// Returns the records of a message parsed by Foundation: the elements of a `records` envelope, or the
    /// one object.
    private func referenceRecords(_ bytes: [UInt8]) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        if object.count == 1, let records = object["records"] as? [[String: Any]] {
            return records
        }
        return [object]
    }

    /// Expects each key (as a quoted JSON string) to occur in `text` after the previous one, and returns the
    /// position after the last. Foundation's dictionaries keep no order, so the source text is the reference.
    private func expectKeysInSourceOrder(
        _ keys: [String], in text: String, from start: String.Index
    ) throws -> String.Index {
        var position = start
        for key in keys {
            let quoted = String(decoding: try JSONSerialization.data(withJSONObject: key, options: .fragmentsAllowed), as: UTF8.self)
            let found = try #require(text[position...].firstRange(of: quoted), "key \(key) is out of source order")
            position = found.upperBound
        }
        return position
    }

    private func expectContent(_ content: LogContent, matches reference: Any) throws {
        if let string = reference as? String {
            // A string that contains a JSON object or array becomes that JSON in compact form.
            if content.value != string, let embedded = try? JSONSerialization.jsonObject(with: Data(string.utf8)),
               embedded is [String: Any] || embedded is [Any] {
                try expectContent(content, matches: embedded)
                return
            }
            #expect(content.value == string, "value of \(content.key)")
            return
        }

        let reparsed = try JSONSerialization.jsonObject(with: Data(content.value.utf8), options: .fragmentsAllowed)
        #expect(jsonEqual(reparsed, reference), "value of \(content.key)")
        if reference is [String: Any] || reference is [Any] {
            #expect(!hasWhitespaceOutsideStrings(content.value), "\(content.key) is not compact")
        }
    }

    /// Compares two values returned by `JSONSerialization`.
    private func jsonEqual(_ left: Any, _ right: Any) -> Bool {
        switch (left, right) {
        case let (left as [String: Any], right as [String: Any]):
            return left.count == right.count && left.allSatisfy { key, value in
                right[key].map { jsonEqual(value, $0) } ?? false
            }
        case let (left as [Any], right as [Any]):
            return left.count == right.count && zip(left, right).allSatisfy { jsonEqual($0, $1) }
        case let (left as String, right as String):
            return left == right
        case (is NSNull, is NSNull):
            return true
        case let (left as NSNumber, right as NSNumber):
            return left == right
        default:
            return false
        }
    }

    private func hasWhitespaceOutsideStrings(_ json: String) -> Bool {
        var inString = false
        var escaped = false
        for byte in json.utf8 {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if [0x20, 0x09, 0x0A, 0x0D].contains(byte) {
                return true
            }
        }
        return false
    }
}

import Foundation
import Testing
@testable import YAML

@Suite struct YAMLDocumentTests {
    private static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    private static func scalar(_ node: YAMLNode?) throws -> YAMLScalar {
        try #require(node).requireScalar()
    }

    private static func parseError(_ text: String) -> YAMLError? {
        do {
            _ = try YAMLDocument.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func parseEmptyTextReturnsNil() throws {
        #expect(try YAMLDocument.parse("") == nil)
        #expect(try YAMLDocument.parse("# only a comment\n\n") == nil)
        #expect(try YAMLDocument.parse("---\n") == nil)
    }

    @Test func parseFixtureKeepsOrderAndNesting() throws {
        let root = try #require(try YAMLDocument.parse(Self.fixture("bridge.yaml")))
        let entries = try root.requireMapping()

        #expect(entries.map(\.key) == ["instance_id", "mode", "defaults", "kafka", "sls", "empty_value", "tilde"])
        #expect(entries[0].keyMark == YAMLMark(line: 2, column: 1))
        #expect(try Self.scalar(root["instance_id"]).text == "bridge-eu-1")

        let topics = try #require(root["kafka"]?["topics"]).requireSequence()
        #expect(topics.count == 2)
        #expect(try topics[0].requireScalar().text == "insights-logs-auditevent")
        #expect(try topics[1].requireScalar().style == .singleQuoted)
        #expect(topics[1].mark == YAMLMark(line: 10, column: 7))
    }

    @Test func parseFixtureReadsEveryScalarStyle() throws {
        let root = try #require(try YAMLDocument.parse(Self.fixture("bridge.yaml")))
        let sls = try #require(root["sls"])

        let project = try Self.scalar(sls["project"])
        #expect(project.text == "ctdr-prod")
        #expect(project.style == .doubleQuoted)

        let note = try Self.scalar(sls["note"])
        #expect(note.text == "first line\nsecond line\n")
        #expect(note.style == .literal)

        let summary = try Self.scalar(sls["summary"])
        #expect(summary.text == "folded text\n")
        #expect(summary.style == .folded)

        #expect(try Self.scalar(sls["compress"]).style == .plain)
        #expect(try Self.scalar(sls["dry_run"]).bool() == false)
        #expect(root["empty_value"]?.isNull == true)
        #expect(root["tilde"]?.isNull == true)
    }

    @Test func aliasCopiesAnchoredNode() throws {
        let root = try #require(try YAMLDocument.parse(Self.fixture("bridge.yaml")))
        let original = try #require(root["defaults"])
        let copy = try #require(root["kafka"]?["retry"])

        #expect(copy == original)
        #expect(try Self.scalar(copy["max_attempts"]).integer() == 5)
    }

    @Test func aliasAsKeyUsesScalarText() throws {
        let root = try #require(try YAMLDocument.parse("names: [&k port]\n*k : 9093\n"))
        #expect(try Self.scalar(root["port"]).integer() == 9093)
    }

    @Test func byteOrderMarkAndCRLFParse() throws {
        let root = try #require(try YAMLDocument.parse("\u{FEFF}a: 1\r\nb: two\r\n"))
        #expect(try Self.scalar(root["a"]).integer() == 1)
        #expect(try Self.scalar(root["b"]).text == "two")
        #expect(try Self.scalar(root["b"]).mark == YAMLMark(line: 2, column: 4))
    }

    @Test func flowCollectionsParse() throws {
        let root = try #require(try YAMLDocument.parse("{a: [1, 2, {b: c}], d: 'e'}"))
        let items = try #require(root["a"]).requireSequence()
        #expect(items.count == 3)
        #expect(try Self.scalar(items[2]["b"]).text == "c")
        #expect(try Self.scalar(root["d"]).style == .singleQuoted)
    }

    @Test func scalarTagIsKept() throws {
        let root = try #require(try YAMLDocument.parse("a: !!str 42\nb: !secret value\n"))
        let a = try Self.scalar(root["a"])
        #expect(a.tag == "tag:yaml.org,2002:str")
        #expect(throws: YAMLError.self) { try a.integer() }
        #expect(try Self.scalar(root["b"]).tag == "!secret")
    }

    @Test func syntaxErrorCarriesMarkAndProblem() throws {
        let error = try #require(Self.parseError("a: 1\nb: [1, 2\nc: 3\n"))
        guard case .syntax(let problem, _, _) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(!problem.isEmpty)
        #expect(error.mark.line == 3)
        #expect(error.description.contains("line 3"))
    }

    @Test func syntaxErrorForMappingValueInPlainScalar() throws {
        let error = try #require(Self.parseError("key: value: other\n"))
        guard case .syntax(let problem, _, let mark) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(problem == "mapping values are not allowed in this context")
        #expect(mark == YAMLMark(line: 1, column: 11))
    }

    @Test func readerErrorMarkCountsCharacters() throws {
        let error = try #require(Self.parseError("a: é\nb: x\u{7}\n"))
        guard case .syntax(_, _, let mark) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(mark == YAMLMark(line: 2, column: 5))
    }

    @Test func duplicateKeyIsRejected() throws {
        let error = try #require(Self.parseError("port: 1\nhost: a\n\"port\": 2\n"))
        let expected = YAMLError.duplicateKey(
            key: "port", mark: YAMLMark(line: 3, column: 1), firstMark: YAMLMark(line: 1, column: 1)
        )
        #expect(error == expected)
    }

    @Test func duplicateKeyInNestedMappingIsRejected() throws {
        let error = try #require(Self.parseError("outer:\n  a: 1\n  a: 2\n"))
        let expected = YAMLError.duplicateKey(
            key: "a", mark: YAMLMark(line: 3, column: 3), firstMark: YAMLMark(line: 2, column: 3)
        )
        #expect(error == expected)
    }

    @Test func secondDocumentIsRejected() throws {
        let error = try #require(Self.parseError("a: 1\n---\nb: 2\n"))
        #expect(error == .multipleDocuments(mark: YAMLMark(line: 2, column: 1)))
    }

    @Test func nonScalarKeyIsRejected() throws {
        let error = try #require(Self.parseError("? [a, b]\n: value\n"))
        #expect(error == .nonScalarKey(mark: YAMLMark(line: 1, column: 3)))
    }

    @Test func aliasOfMappingAsKeyIsRejected() throws {
        let error = try #require(Self.parseError("base: &m {a: 1}\n*m : 2\n"))
        #expect(error == .nonScalarKey(mark: YAMLMark(line: 2, column: 1)))
    }

    @Test func mergeKeyIsRejected() throws {
        let error = try #require(Self.parseError("base: &b {a: 1}\nchild:\n  <<: *b\n"))
        #expect(error == .mergeKeyUnsupported(mark: YAMLMark(line: 3, column: 3)))
    }

    @Test func quotedMergeKeyIsText() throws {
        let root = try #require(try YAMLDocument.parse("'<<': x\n"))
        #expect(try Self.scalar(root["<<"]).text == "x")
    }

    @Test func undefinedAliasIsRejected() throws {
        let error = try #require(Self.parseError("a: *missing\n"))
        #expect(error == .undefinedAlias(anchor: "missing", mark: YAMLMark(line: 1, column: 4)))
    }

    @Test func recursiveAliasIsRejected() throws {
        let error = try #require(Self.parseError("a: &loop\n  b: *loop\n"))
        #expect(error == .undefinedAlias(anchor: "loop", mark: YAMLMark(line: 2, column: 6)))
    }

    @Test func aliasExpansionIsBounded() throws {
        // Each level doubles the previous one: 2^20 copies of the first sequence.
        var text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...20 {
            text += "l\(level): &l\(level) [*l\(level - 1), *l\(level - 1)]\n"
        }
        let error = try #require(Self.parseError(text))
        guard case .aliasExpansionTooLarge(let limit, _) = error else {
            Issue.record("expected the alias limit, got \(error)")
            return
        }
        #expect(limit == YAMLDocument.maximumAliasNodes)
    }

    @Test func nestingIsBounded() throws {
        let text = String(repeating: "[", count: YAMLDocument.maximumDepth + 1)
            + String(repeating: "]", count: YAMLDocument.maximumDepth + 1)
        let error = try #require(Self.parseError(text))
        let mark = YAMLMark(line: 1, column: YAMLDocument.maximumDepth + 1)
        #expect(error == .nestingTooDeep(limit: YAMLDocument.maximumDepth, mark: mark))
    }

    @Test func collectionTagIsRejectedUnlessStandard() throws {
        #expect(try YAMLDocument.parse("a: !!map {b: 1}\nc: !!seq [1]\n") != nil)
        let error = try #require(Self.parseError("a: !custom {b: 1}\n"))
        #expect(error == .unsupportedTag(tag: "!custom", mark: YAMLMark(line: 1, column: 4)))
    }

    @Test func requireReportsKindAndMark() throws {
        let root = try #require(try YAMLDocument.parse("list:\n  - 1\n"))
        let list = try #require(root["list"])
        let expected = YAMLError.invalidValue(
            expected: "a mapping", found: "a sequence", hint: nil, mark: YAMLMark(line: 2, column: 3)
        )
        #expect(throws: expected) {
            try list.requireMapping()
        }
    }

    @Test func errorDescriptionRedactsSecrets() throws {
        let root = try #require(try YAMLDocument.parse("port: Endpoint=sb://x/;SharedAccessKey=abcd1234secret\n"))
        let port = try Self.scalar(root["port"])
        do {
            _ = try port.integer()
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("abcd1234secret"))
            #expect(error.description.contains("line 1, column 7"))
        }
    }
}

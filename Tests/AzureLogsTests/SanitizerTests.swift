import Testing
@testable import AzureLogs
import Core

/// The opt-in sanitizers for single-quoted pseudo-JSON and raw control characters in strings.
@Suite struct SanitizerTests {
    private let strict = AzureLogNormalizer()
    private let sanitizing = AzureLogNormalizer(options: NormalizationOptions(sanitizers: .all))

    @Test func singleQuotedSampleMatchesReadme() throws {
        let message = sanitizing.normalize(try Fixtures.bytes("17-invalid-json-single-quotes.json"), context: .sample)
        let entry = try #require(message.entries.first)

        #expect(message.outcome == .parsed(records: 1))
        #expect(entry.time == 1_772_359_620)
        #expect(entry[BridgeFieldKey.time] == "2026-03-01T10:07:00Z")
        #expect(entry[BridgeFieldKey.category] == "FunctionAppLogs")
        #expect(entry[BridgeFieldKey.resourceId] == "/subscriptions/00000000-1111-4222-8333-444444444444/resourcegroups/rg-example/providers/microsoft.web/sites/func-example")
        #expect(entry[BridgeFieldKey.operation] == "Microsoft.Web/sites/functions/log")
        #expect(entry[BridgeFieldKey.level] == "Informational")
        #expect(entry[BridgeFieldKey.sanitized] == "single_quotes")
        #expect(entry["properties"]?.hasPrefix(#"{"appName":"func-example","roleInstance":"#) == true)
        #expect(message.report.sanitizedUnits == 1)
    }

    @Test func sanitizersAreOffByDefault() throws {
        let message = strict.normalize(try Fixtures.bytes("17-invalid-json-single-quotes.json"), context: .sample)

        #expect(message.entries.first?[BridgeFieldKey.raw] != nil)
        #expect(message.report.sanitizedUnits == 0)
    }

    @Test func rawNewlineInStringIsEscaped() throws {
        let text = "{\"time\":\"2026-03-01T10:00:00Z\",\"message\":\"line one\nline two\tend\"}"

        let message = sanitizing.normalize(text: text)
        let entry = try #require(message.entries.first)

        #expect(message.outcome == .parsed(records: 1))
        #expect(entry["message"] == "line one\nline two\tend")
        #expect(entry[BridgeFieldKey.sanitized] == "control_characters")
        #expect(strict.normalize(text: text).entries.first?[BridgeFieldKey.raw] == text)
    }

    @Test func onlyTheEnabledSanitizerRuns() throws {
        let controlsOnly = AzureLogNormalizer(options: NormalizationOptions(sanitizers: .controlCharacters))

        let message = controlsOnly.normalize(text: "{'a':'b'}")

        #expect(message.entries.first?[BridgeFieldKey.raw] == "{'a':'b'}")
    }

    @Test func apostropheInDoubleQuotedStringStays() throws {
        let message = sanitizing.normalize(text: #"{"msg":"it's fine",'k':'say "hi" \'now\''}"#)
        let entry = try #require(message.entries.first)

        #expect(entry["msg"] == "it's fine")
        #expect(entry["k"] == #"say "hi" 'now'"#)
    }

    @Test func unrepairableTextKeepsStrictError() throws {
        let text = "{'it's':'broken'}"
        let message = sanitizing.normalize(text: text)

        #expect(message.outcome == .parseError(ParseFailure(description: "expected an object key string, found '''", byteOffset: 1)))
        #expect(message.entries.first?[BridgeFieldKey.raw] == text)
        #expect(message.report.sanitizedUnits == 0)
    }

    @Test func sanitizedScalarIsNotARecord() {
        let message = sanitizing.normalize(text: "'just text'")

        #expect(message.outcome == .parseError(ParseFailure(description: "expected a value, found '''", byteOffset: 0)))
    }

    @Test func repairAndSanitizerCombine() throws {
        let bytes = Array("{'msg':'a".utf8) + [0xFF] + Array("'}".utf8)
        let message = sanitizing.normalize(bytes, context: .sample)

        #expect(message.entries.first?["msg"] == "a\u{FFFD}")
        #expect(message.entries.first?[BridgeFieldKey.sanitized] == "invalid_utf8,single_quotes")
        #expect(message.report.invalidUTF8Sequences == 1)
        #expect(message.report.sanitizedUnits == 1)
    }

    @Test func sanitizerEscapesOtherControlCharacters() throws {
        let input = Array("{\"a\":\"x".utf8) + [0x01, 0x1F, 0x08, 0x0C, 0x0D] + Array("\"}".utf8)

        let output = input.withUnsafeBufferPointer { PseudoJSONSanitizer.sanitize($0, using: .controlCharacters) }

        #expect(output.map { String(decoding: $0.bytes, as: UTF8.self) } == #"{"a":"x\u0001\u001F\b\f\r"}"#)
        #expect(output?.applied == .controlCharacters)
    }

    @Test func sanitizerConfigurationNamesParse() throws {
        #expect(try SanitizerSet(configurationNames: ["single_quotes"]) == .singleQuotes)
        #expect(try SanitizerSet(configurationNames: ["all"]) == .all)
        #expect(try SanitizerSet(configurationNames: ["none"]) == [])
        #expect(throws: OptionNameError.self) { try SanitizerSet(configurationNames: ["quotes"]) }
    }
}

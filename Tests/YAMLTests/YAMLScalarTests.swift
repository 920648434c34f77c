import Testing
@testable import YAML

@Suite struct YAMLScalarTests {
    private static func plain(_ text: String) -> YAMLScalar {
        YAMLScalar(text: text, style: .plain, tag: nil, mark: YAMLMark(line: 4, column: 9))
    }

    private static func parsedScalar(_ text: String) throws -> YAMLScalar {
        try #require(try YAMLDocument.parse("value: \(text)\n")?["value"]).requireScalar()
    }

    @Test(arguments: ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"])
    func boolReadsTrueWords(text: String) throws {
        #expect(try Self.plain(text).bool() == true)
    }

    @Test(arguments: ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"])
    func boolReadsFalseWords(text: String) throws {
        #expect(try Self.plain(text).bool() == false)
    }

    @Test(arguments: ["tRUE", "y", "1", "enabled", ""])
    func boolRejectsOtherWords(text: String) {
        #expect(throws: YAMLError.self) { try Self.plain(text).bool() }
    }

    @Test func boolErrorGivesMark() {
        do {
            _ = try Self.plain("maybe").bool()
            Issue.record("expected an error")
        } catch {
            #expect(error.mark == YAMLMark(line: 4, column: 9))
            #expect(error.description.contains("\"maybe\""))
        }
    }

    @Test func quotedTrueStaysText() throws {
        let double = try Self.parsedScalar("\"true\"")
        #expect(double.text == "true")
        #expect(double.style == .doubleQuoted)
        #expect(throws: YAMLError.self) { try double.bool() }

        let single = try Self.parsedScalar("'yes'")
        #expect(throws: YAMLError.self) { try single.bool() }
    }

    @Test func quotedNullIsNotNull() throws {
        #expect(try Self.parsedScalar("''").isNull == false)
        #expect(try Self.parsedScalar("\"null\"").isNull == false)
        #expect(try Self.parsedScalar("'~'").isNull == false)
    }

    @Test(arguments: ["", "~", "null", "Null", "NULL"])
    func isNullForPlainNullWords(text: String) {
        #expect(Self.plain(text).isNull)
    }

    @Test func isNullForNullTag() throws {
        #expect(try Self.parsedScalar("!!null ''").isNull)
        #expect(Self.plain("nil").isNull == false)
    }

    @Test func coreTagMakesQuotedTextTyped() throws {
        #expect(try Self.parsedScalar("!!int \"42\"").integer() == 42)
        #expect(try Self.parsedScalar("!!bool 'yes'").bool() == true)
        #expect(try Self.parsedScalar("!!float \"0.5\"").double() == 0.5)
    }

    @Test func integerForms() throws {
        #expect(try Self.plain("0").integer() == 0)
        #expect(try Self.plain("42").integer() == 42)
        #expect(try Self.plain("-7").integer() == -7)
        #expect(try Self.plain("+7").integer() == 7)
        #expect(try Self.plain("0x1F").integer() == 31)
        #expect(try Self.plain("0o17").integer() == 15)
        #expect(try Self.plain("1_000_000").integer() == 1_000_000)
        #expect(try Self.plain("9223372036854775807").integer() == Int.max)
        #expect(try Self.plain("-9223372036854775808").integer() == Int.min)
    }

    @Test(arguments: ["", "-", "1.5", "12a", "0755", "1__0", "_1", "1_", "0x", "0o8", "9223372036854775808", "１２"])
    func integerRejects(text: String) {
        #expect(throws: YAMLError.self) { try Self.plain(text).integer() }
    }

    @Test func integerErrorForQuotedNumber() throws {
        let scalar = try Self.parsedScalar("\"9093\"")
        do {
            _ = try scalar.integer()
            Issue.record("expected an error")
        } catch {
            #expect(error.mark == YAMLMark(line: 1, column: 8))
            #expect(error.description.contains("remove the quotes"))
        }
    }

    @Test func doubleForms() throws {
        #expect(try Self.plain("0.0875").double() == 0.0875)
        #expect(try Self.plain("-3").double() == -3)
        #expect(try Self.plain("1.5e3").double() == 1500)
        #expect(try Self.plain("2E-2").double() == 0.02)
        #expect(try Self.plain(".5").double() == 0.5)
        #expect(try Self.plain("5.").double() == 5)
        #expect(try Self.plain("1_000.25").double() == 1000.25)
        #expect(try Self.plain(".inf").double() == .infinity)
        #expect(try Self.plain("-.Inf").double() == -.infinity)
        #expect(try Self.plain(".NaN").double().isNaN)
    }

    @Test(arguments: ["", ".", "e5", "1e", "1.2.3", "inf", "nan", "0x10", "1e400", "1,5"])
    func doubleRejects(text: String) {
        #expect(throws: YAMLError.self) { try Self.plain(text).double() }
    }
}

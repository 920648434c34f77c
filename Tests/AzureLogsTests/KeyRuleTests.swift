import Testing
@testable import AzureLogs
import Core

/// Keys rewritten to the SLS key rule, and reserved names that must not appear by accident.
@Suite struct KeyRuleTests {
    private let sourceOnly = AzureLogNormalizer(options: NormalizationOptions(derivedFields: []))

    @Test(arguments: [
        ("Client IP address", "Client_IP_address"), ("host.name", "host_name"), ("@timestamp", "_timestamp"),
        ("café", "caf_"), ("1st", "_1st"), ("__time__", "ehb__time__"), ("__topic__", "ehb__topic__"),
        ("__tag__:__client_ip__", "ehb__tag_____client_ip__"), ("_extract_others_", "ehb_extract_others_"),
        ("", "ehb_empty_key"), ("テスト", "ehb___"), ("é", "_"), ("a-b", "a_b"),
    ])
    func invalidKeyIsRewritten(_ key: String, _ expected: String) {
        #expect(SLSKeyRule.rewritten(key, maximumBytes: 128) == expected)
    }

    @Test(arguments: ["time", "_ResourceId", "ehb_time", "A1", "resultType", "_"])
    func validKeyIsAccepted(_ key: String) {
        var key = key
        #expect(key.withUTF8 { SLSKeyRule.isAcceptable($0, maximumBytes: 128) })
    }

    @Test func keyBytesMatchBytewiseCheck() {
        let allowed = Set(Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_".utf8))
        // Every byte value at every position of keys from 1 to 17 bytes, the rest of each key valid.
        for length in 1...17 {
            for position in 0..<length {
                for value in 0...255 {
                    var key = [UInt8](repeating: UInt8(ascii: "k"), count: length)
                    key[position] = UInt8(value)
                    let expected = allowed.contains(UInt8(value))
                    let checked = key.withUnsafeBufferPointer { SLSKeyRule.hasOnlyKeyBytes($0) }
                    #expect(checked == expected, "byte \(value) at \(position) of \(length)")
                }
            }
        }

        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(allowed) + [0x20, 0x2D, 0x2E, 0x40, 0x5B, 0x60, 0x7B, 0x7F, 0x80, 0xC3, 0xFF, 0x00, 0x2F, 0x3A]
        for _ in 0..<20_000 {
            let key = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Int.random(in: 0..<10, using: &generator) == 0 ? alphabet.randomElement(using: &generator)!
                    : Array(allowed).randomElement(using: &generator)!
            }
            let expected = key.allSatisfy { allowed.contains($0) }
            #expect(key.withUnsafeBufferPointer { SLSKeyRule.hasOnlyKeyBytes($0) } == expected, "\(key)")
        }
    }

    @Test func longKeyIsCut() {
        let long = String(repeating: "k", count: 200)

        #expect(SLSKeyRule.rewritten(long, maximumBytes: 128) == String(repeating: "k", count: 128))
    }

    @Test func recordKeysAreRewrittenInPlace() throws {
        let message = sourceOnly.normalize(text: #"{"host.name":"a","__time__":"b","ok":"c"}"#)
        let entry = try #require(message.entries.first)

        #expect(entry.contents.map(\.key) == ["host_name", "ehb__time__", "ok", BridgeFieldKey.timeSource])
        #expect(message.report.rewrittenKeys == 2)
    }

    @Test func rewrittenKeyCollisionGetsSuffix() throws {
        // The keys written right, a_b and a_b_2, keep their names. The rewritten ones take the next free suffixes.
        let message = sourceOnly.normalize(text: #"{"a.b":"1","a-b":"2","a_b":"3","a_b_2":"4"}"#)
        let entry = try #require(message.entries.first)

        #expect(entry.contents.filter { !$0.key.hasPrefix("ehb_") } == [
            LogContent("a_b_3", "1"), LogContent("a_b_4", "2"), LogContent("a_b", "3"), LogContent("a_b_2", "4"),
        ])
    }

    @Test(arguments: [
        #"{"host.name":"from-dotted","host_name":"from-valid-key"}"#,
        #"{"host_name":"from-valid-key","host.name":"from-dotted"}"#,
    ])
    func validKeyKeepsNameBesideRewrittenOne(_ text: String) throws {
        let message = sourceOnly.normalize(text: text)
        let entry = try #require(message.entries.first)

        #expect(entry["host_name"] == "from-valid-key")
        #expect(entry["host_name_2"] == "from-dotted")
        #expect(message.report.rewrittenKeys == 1)
    }

    @Test func repeatedInvalidKeyKeepsLastValue() throws {
        let message = sourceOnly.normalize(text: #"{"a.b":"1","x":"2","a.b":"3","caf\u00e9":"4","caf\u00e9":"5"}"#)
        let entry = try #require(message.entries.first)

        #expect(entry.contents.filter { !$0.key.hasPrefix("ehb_") } == [
            LogContent("a_b", "3"), LogContent("x", "2"), LogContent("caf_", "5"),
        ])
    }

    @Test func rewrittenKeyStillFeedsDerivedFields() throws {
        let message = AzureLogNormalizer().normalize(text: #"{"TimeGenerated":"2026-03-01T10:00:00Z","Level":"2"}"#)

        #expect(message.entries.first?.time == tenOClockSeconds)
        #expect(message.entries.first?[BridgeFieldKey.level] == "Error")
    }

    @Test func noContentKeyBreaksTheRuleAcrossFixtures() throws {
        for file in try Fixtures.jsonFileNames() {
            let message = AzureLogNormalizer(options: NormalizationOptions(sanitizers: .all))
                .normalize(try Fixtures.bytes(file), context: .sample)
            for entry in message.entries {
                for content in entry.contents {
                    var key = content.key
                    #expect(key.withUTF8 { SLSKeyRule.isAcceptable($0, maximumBytes: 128) }, "\(file): \(content.key)")
                }
            }
        }
    }

    /// Cutting must not make a reserved name: the prefix comes after the cut.
    @Test func cutKeyNeverBecomesReserved() {
        let key = SLSKeyRule.rewritten("_extract_others_xy", maximumBytes: 16)

        #expect(key == "ehb_extract_othe")
        #expect(key.utf8.count <= 16)
    }

    @Test func smallerKeyLimitApplies() throws {
        var options = NormalizationOptions(derivedFields: [])
        options.limits.maximumKeyBytes = 16
        let message = AzureLogNormalizer(options: options).normalize(text: #"{"a_very_long_key_name_indeed":"1","a_very_long_key_name_too":"2"}"#)
        let keys = message.entries.first?.contents.map(\.key)

        #expect(keys == ["a_very_long_key_", "a_very_long_ke_2", BridgeFieldKey.timeSource])
    }
}

import Testing
import AzureLogs
import Core

/// The Kafka fields, the choice of derived fields, strings that hold JSON, and level words.
@Suite struct AddedFieldTests {
    private let context = MessageContext(
        kafkaTimestampMilliseconds: 1_772_366_400_250, receivedAtMilliseconds: 1_772_366_401_250, kafkaOffset: 4711
    )

    @Test func kafkaOffsetAndTimestampAreAdded() throws {
        let entry = try #require(AzureLogNormalizer().normalize(text: #"{"time":"2026-03-01T10:00:00Z"}"#, context: context).entries.first)

        #expect(entry[BridgeFieldKey.kafkaOffset] == "4711")
        #expect(entry[BridgeFieldKey.kafkaTimestamp] == "1772366400250")
        #expect(entry.contents.map(\.key) == [
            "time", BridgeFieldKey.kafkaOffset, BridgeFieldKey.kafkaTimestamp, BridgeFieldKey.time, BridgeFieldKey.level,
        ])
    }

    @Test func kafkaFieldsAreLeftOutWithoutValues() throws {
        let bare = MessageContext(kafkaTimestampMilliseconds: -1, receivedAtMilliseconds: 1_772_366_401_250)
        let entry = try #require(AzureLogNormalizer().normalize(text: #"{"a":1}"#, context: bare).entries.first)

        #expect(entry[BridgeFieldKey.kafkaOffset] == nil)
        #expect(entry[BridgeFieldKey.kafkaTimestamp] == nil)
    }

    @Test func rawEntriesCarryKafkaFields() throws {
        let entry = try #require(AzureLogNormalizer().normalize(text: "not json", context: context).entries.first)

        #expect(entry[BridgeFieldKey.kafkaOffset] == "4711")
        #expect(entry[BridgeFieldKey.raw] == "not json")
    }

    @Test func derivedFieldsCanBeChosenOneByOne() throws {
        let options = NormalizationOptions(derivedFields: [.level, .kafkaOffset])
        let text = #"{"time":"2026-03-01T10:00:00Z","category":"C","level":"Warning","callerIpAddress":"192.0.2.1"}"#
        let entry = try #require(AzureLogNormalizer(options: options).normalize(text: text, context: context).entries.first)

        #expect(entry.contents.map(\.key) == [
            "time", "category", "level", "callerIpAddress", BridgeFieldKey.kafkaOffset, BridgeFieldKey.level,
        ])
    }

    @Test func derivedFieldNamesParse() throws {
        #expect(try DerivedFieldSet(configurationNames: ["resource_id", "kafka_offset"]) == [.resourceId, .kafkaOffset])
        #expect(try DerivedFieldSet(configurationNames: ["all"]) == .all)
        #expect(try DerivedFieldSet(configurationNames: ["none"]) == [])
        #expect(throws: OptionNameError(
            name: "resourceId", option: "derived field",
            accepted: DerivedFieldSet.configurationNames.map(\.name) + ["all", "none"]
        )) {
            try DerivedFieldSet(configurationNames: ["resourceId"])
        }
    }

    // MARK: Strings that hold JSON

    @Test func propertiesStringAndObjectReadTheSame() throws {
        let asString = #"{"properties":"{ \"CsMethod\": \"GET\", \"n\": [1, 2] }"}"#
        let asObject = #"{"properties":{ "CsMethod": "GET", "n": [1, 2] }}"#
        let normalizer = AzureLogNormalizer()

        let fromString = try #require(normalizer.normalize(text: asString).entries.first)
        let fromObject = try #require(normalizer.normalize(text: asObject).entries.first)

        #expect(fromString["properties"] == #"{"CsMethod":"GET","n":[1,2]}"#)
        #expect(fromString["properties"] == fromObject["properties"])
    }

    @Test func stringThatOnlyLooksLikeJSONIsFlagged() throws {
        let message = AzureLogNormalizer().normalize(try Fixtures.bytes("18-properties-string-not-json.json"), context: .sample)
        let entry = try #require(message.entries.first)

        #expect(entry["properties"]?.hasPrefix("{'appName':'func-example'") == true)
        #expect(entry[BridgeFieldKey.unparsedJSON] == "properties")
    }

    @Test func unparsedMarkerNamesEntryKeys() throws {
        let text = #"{"a\u0000":"{x","my props":"{bad","b,c":"{y","d":"{z","d":"{w"}"#
        let entry = try #require(AzureLogNormalizer().normalize(text: text).entries.first)

        #expect(entry[BridgeFieldKey.unparsedJSON] == "a_,my_props,b_c,d")
        #expect(entry["my_props"] == "{bad")
    }

    @Test func bracketTextIsNeitherParsedNorFlagged() throws {
        let entry = try #require(AzureLogNormalizer().normalize(text: #"{"msg":"[INFO] started","list":"[1, 2]"}"#).entries.first)

        #expect(entry["msg"] == "[INFO] started")
        #expect(entry["list"] == "[1,2]")
        #expect(entry[BridgeFieldKey.unparsedJSON] == nil)
    }

    @Test func nestedJSONStringsStayStrings() throws {
        let entry = try #require(AzureLogNormalizer().normalize(try Fixtures.bytes("11-aks-kube-audit.json"), context: .sample).entries.first)
        let properties = try #require(entry["properties"])

        #expect(properties.contains(#""log":"{\"kind\":\"Event\""#))
        #expect(entry[BridgeFieldKey.callerIP] == "203.0.113.77")
    }

    // MARK: Levels

    @Test(arguments: [
        ("fatal", "Critical"), ("EMERGENCY", "Critical"), ("alert", "Critical"), ("crit", "Critical"),
        ("err", "Error"), ("warn", "Warning"), ("WARN", "Warning"), ("info", "Informational"),
        ("notice", "Informational"), ("debug", "Verbose"), ("Trace", "Verbose"),
    ])
    func levelWordsMapToScale(_ word: String, _ expected: String) throws {
        let entry = try #require(AzureLogNormalizer().normalize(text: #"{"level":"\#(word)"}"#).entries.first)

        #expect(entry[BridgeFieldKey.level] == expected)
    }

    @Test func mixedCategoriesInOneEnvelope() throws {
        let message = AzureLogNormalizer().normalize(text: """
            {"records":[{"category":"AuditEvent","operationName":"SecretGet"},\
            {"Category":"SignInLogs","Level":4},{"CategoryValue":{"value":"Policy","localizedValue":"P"}}]}
            """)

        #expect(message.entries.map { $0[BridgeFieldKey.category] } == ["AuditEvent", "SignInLogs", "Policy"])
    }
}

import Testing
import AzureLogs
import Core

/// Returns the contents that come from the source record, without the `ehb_` contents the normalizer adds.
private func sourceContents(_ entry: LogEntry) -> [LogContent] {
    entry.contents.filter { !$0.key.hasPrefix("ehb_") }
}

/// Message shapes, contents layout, time fallback and raw entries of ``AzureLogNormalizer``.
@Suite struct NormalizerShapeTests {
    private let normalizer = AzureLogNormalizer()
    private let sourceOnly = AzureLogNormalizer(options: NormalizationOptions(derivedFields: []))

    // MARK: Shapes

    @Test func nullValueIsEmpty() {
        let message = normalizer.normalize(nil, context: .sample)

        #expect(message.entries.isEmpty)
        #expect(message.outcome == .empty(.nullValue))
    }

    @Test func zeroLengthValueIsEmpty() {
        let message = normalizer.normalize([], context: .sample)

        #expect(message.entries.isEmpty)
        #expect(message.outcome == .empty(.zeroLength))
    }

    @Test func emptyEnvelopeWithWhitespaceIsEmpty() {
        let message = normalizer.normalize(text: " \n{ \"records\" : [ ] }\r\n")

        #expect(message.entries.isEmpty)
        #expect(message.outcome == .empty(.emptyRecords))
    }

    @Test func emptyTopLevelArrayIsEmpty() {
        let message = normalizer.normalize(text: "[ ]")

        #expect(message.entries.isEmpty)
        #expect(message.outcome == .empty(.emptyArray))
    }

    @Test func envelopeExpandsToOneEntryPerRecord() {
        let message = sourceOnly.normalize(text: #"{"records":[{"a":1},{"b":2},{"c":3}]}"#)

        #expect(message.outcome == .parsed(records: 3))
        #expect(message.entries.map { $0.contents.first?.key } == ["a", "b", "c"])
    }

    @Test func singleObjectIsOneRecord() {
        let message = sourceOnly.normalize(text: #"{"time":"2026-03-01T10:00:00Z","x":"y"}"#)

        #expect(message.outcome == .parsed(records: 1))
        #expect(message.entries.first?.contents == [
            LogContent("time", "2026-03-01T10:00:00Z"), LogContent("x", "y"),
        ])
    }

    @Test func topLevelArrayIsOneEntryPerElement() {
        let message = sourceOnly.normalize(text: #"[{"a":1}, {"a":2}]"#)

        #expect(message.outcome == .parsed(records: 2))
        #expect(message.entries.map { $0["a"] } == ["1", "2"])
    }

    @Test func recordsBesideOtherMembersIsOneRecord() {
        let message = sourceOnly.normalize(text: #"{"records": [ {"a": 1} ], "source": "forwarder"}"#)

        #expect(message.outcome == .parsed(records: 1))
        #expect(message.entries.first.map(sourceContents) == [
            LogContent("records", #"[{"a":1}]"#), LogContent("source", "forwarder"),
        ])
    }

    @Test func recordsThatIsNotAnArrayIsOneRecord() {
        let message = sourceOnly.normalize(text: #"{"records": {"a": 1}}"#)

        #expect(message.outcome == .parsed(records: 1))
        #expect(message.entries.first.map(sourceContents) == [LogContent("records", #"{"a":1}"#)])
    }

    @Test func nonObjectRecordBecomesRawEntry() throws {
        let text = #"{"records":[{"a":1}, 42, "text", [1, 2]]}"#
        let message = normalizer.normalize(text: text)

        #expect(message.outcome == .parsed(records: 4))
        try #require(message.entries.count == 4)
        #expect(message.entries[0]["a"] == "1")
        #expect(message.entries[1][BridgeFieldKey.raw] == "42")
        #expect(message.entries[1][BridgeFieldKey.parseError] == "record is a JSON number, not a JSON object")
        #expect(message.entries[1][BridgeFieldKey.parseErrorOffset] == "21")
        #expect(message.entries[2][BridgeFieldKey.raw] == #""text""#)
        #expect(message.entries[3][BridgeFieldKey.raw] == "[1,2]")
        #expect(message.entries[3][BridgeFieldKey.timeSource] == "kafka")
    }

    @Test func scalarMessageIsParseError() throws {
        let message = normalizer.normalize(text: #"  "just text""#)
        let failure = ParseFailure(description: "message is a JSON string, not a JSON object or array", byteOffset: 2)

        #expect(message.outcome == .parseError(failure))
        try #require(message.entries.count == 1)
        #expect(message.entries[0][BridgeFieldKey.raw] == #"  "just text""#)
        #expect(message.entries[0][BridgeFieldKey.parseErrorOffset] == "2")
    }

    @Test func whitespaceOnlyValueIsParseError() {
        let message = normalizer.normalize(text: " \n ")

        #expect(message.outcome == .parseError(ParseFailure(description: "unexpected end of input", byteOffset: 3)))
        #expect(message.entries.count == 1)
    }

    @Test func payloadPointerMatchesArray() {
        let bytes = Array(#"{"records":[{"time":"2026-03-01T10:00:00Z","category":"AuditEvent"}]}"#.utf8)
        let fromArray = normalizer.normalize(bytes, context: .sample)
        let fromPointer = bytes.withUnsafeBytes { normalizer.normalize(payload: $0, context: .sample) }

        #expect(fromPointer == fromArray)
        #expect(normalizer.normalize(payload: nil, context: .sample).outcome == .empty(.nullValue))
        let zeroLength = UnsafeRawBufferPointer(start: nil, count: 0)
        #expect(normalizer.normalize(payload: zeroLength, context: .sample).outcome == .empty(.zeroLength))
    }

    @Test func sameInputGivesSameEntries() throws {
        let bytes = try Fixtures.bytes("01-activity-administrative.json")

        #expect(normalizer.normalize(bytes, context: .sample) == normalizer.normalize(bytes, context: .sample))
    }

    // MARK: Contents

    @Test func contentsFollowSourceOrderAndTypes() {
        let text = #"{"z":"s\u00e9","n":-1.5e3,"t":true,"f":false,"nil":null,"o":{ "k" : [ 1, "a b" ] },"a":[]}"#
        let message = sourceOnly.normalize(text: text)

        #expect(message.entries.first.map(sourceContents) == [
            LogContent("z", "sé"), LogContent("n", "-1.5e3"), LogContent("t", "true"), LogContent("f", "false"),
            LogContent("nil", "null"), LogContent("o", #"{"k":[1,"a b"]}"#), LogContent("a", "[]"),
        ])
    }

    @Test func nestedValuesKeepStringEscapes() {
        let message = sourceOnly.normalize(text: #"{"o": {"msg": "line\nnext \"q\" \u00e9"}}"#)

        #expect(message.entries.first?["o"] == #"{"msg":"line\nnext \"q\" \u00e9"}"#)
    }

    @Test func escapedKeysAreDecoded() {
        let message = sourceOnly.normalize(text: #"{"caf\u0065":"1","a\u005Fb":"2"}"#)

        #expect(message.entries.first.map(sourceContents)?.map(\.key) == ["cafe", "a_b"])
    }

    @Test func repeatedKeyKeepsFirstPositionAndLastValue() {
        let message = sourceOnly.normalize(text: #"{"a":"1","b":"2","a":"3","time":"x","time":"2026-03-01T10:00:00Z"}"#)
        let entry = message.entries.first

        #expect(entry?.contents == [
            LogContent("a", "3"), LogContent("b", "2"), LogContent("time", "2026-03-01T10:00:00Z"),
        ])
        #expect(entry?.time == 1_772_359_200)
        #expect(message.deadLetterCauses == [.repeatedKey(key: "a"), .repeatedKey(key: "time")])
    }

    @Test func repeatedKeyWithSameValueNeedsNoCopy() {
        let message = sourceOnly.normalize(text: #"{"a":"1","b":"2","a":"1","a":"1"}"#)

        #expect(message.entries.first.map(sourceContents) == [LogContent("a", "1"), LogContent("b", "2")])
        #expect(!message.requiresDeadLetter)
    }

    @Test func repeatedKeyRespelledNeedsNoCopy() {
        let message = sourceOnly.normalize(text: #"{"a":"x","a":"\u0078"}"#)

        #expect(message.entries.first.map(sourceContents) == [LogContent("a", "x")])
        #expect(!message.requiresDeadLetter)
    }

    @Test func repeatedKeyDifferingInMiddleNeedsCopy() {
        let message = sourceOnly.normalize(text: #"{"a":"1","a":"2","a":"1"}"#)

        #expect(message.entries.first.map(sourceContents) == [LogContent("a", "1")])
        #expect(message.deadLetterCauses == [.repeatedKey(key: "a")])
    }

    @Test func respelledKeyDifferingInMiddleNeedsCopy() {
        let message = sourceOnly.normalize(text: #"{"a":1,"\u0061":2,"a":1}"#)

        #expect(message.entries.first.map(sourceContents) == [LogContent("a", "1")])
        #expect(message.deadLetterCauses == [.repeatedKey(key: "a")])
    }

    @Test func repeatedRecordsKeyKeepsRawCopy() {
        let message = sourceOnly.normalize(text: #"{"records":[{"id":"A"}],"records":[{"id":"B"}]}"#)

        #expect(message.entries.count == 1)
        #expect(message.deadLetterCauses == [.repeatedKey(key: "records")])
    }

    @Test func repeatedKeyInWideRecordKeepsFirstPositionAndLastValue() throws {
        // Over a hundred keys, so that repeated keys are found by hashing rather than by comparing pairs.
        let fillers = (0..<120).map { #""k\#($0)":"v\#($0)""# }.joined(separator: ",")
        let text = #"{"a":"1",\#(fillers),"\u0061":"2","b":"x","a":"3","k7":"w"}"#
        let entry = try #require(sourceOnly.normalize(text: text).entries.first)

        let expected = [LogContent("a", "3")]
            + (0..<120).map { LogContent("k\($0)", $0 == 7 ? "w" : "v\($0)") }
            + [LogContent("b", "x")]
        #expect(sourceContents(entry) == expected)
    }

    @Test func escapedRepeatedKeyFoundPairwise() throws {
        // Under the hashing limit: pairs are compared, and a key with an escape may equal a plain key on either side.
        let escapedFirst = try #require(sourceOnly.normalize(text: #"{"\u0061":"1","bb":"2","a":"3"}"#).entries.first)
        #expect(sourceContents(escapedFirst) == [LogContent("a", "3"), LogContent("bb", "2")])

        let escapedLater = try #require(sourceOnly.normalize(text: #"{"a":"1","bb":"2","\u0061":"3"}"#).entries.first)
        #expect(sourceContents(escapedLater) == [LogContent("a", "3"), LogContent("bb", "2")])
    }

    @Test func sameFingerprintKeysStayDistinct() throws {
        // "ab", "cb" and "xb" share length and last byte, which the repeated-key filter looks at first.
        let entry = try #require(sourceOnly.normalize(text: #"{"ab":"1","cb":"2","xb":"3","cb":"4"}"#).entries.first)

        #expect(sourceContents(entry) == [LogContent("ab", "1"), LogContent("cb", "4"), LogContent("xb", "3")])
    }

    @Test func recordsOfOneMessageDoNotShareKeys() throws {
        // Each record's view reuses the previous record's arrays; a key of one record must not reach the next.
        let text = #"{"records":[{"a":"1","a":"2","wide":"x"},{"b":"3"},{"a":"4","c":"5","c":"6"}]}"#
        let entries = sourceOnly.normalize(text: text).entries

        #expect(entries.map(sourceContents) == [
            [LogContent("a", "2"), LogContent("wide", "x")],
            [LogContent("b", "3")],
            [LogContent("a", "4"), LogContent("c", "6")],
        ])
    }

    @Test func sourceKeyWinsOverDerivedKey() throws {
        let text = #"{"category":"AuditEvent","ehb_category":"mine","level":"Error"}"#
        let entry = try #require(normalizer.normalize(text: text).entries.first)

        #expect(entry.contents.filter { $0.key == BridgeFieldKey.category }.count == 1)
        #expect(entry[BridgeFieldKey.category] == "mine")
        #expect(entry[BridgeFieldKey.level] == "Error")
    }

    @Test func derivedFieldsFollowSourceFieldsInOrder() throws {
        let text = """
            {"time":"2026-03-01T10:00:00Z","resourceId":"/SUBSCRIPTIONS/X","operationName":"Op",\
            "category":"C","callerIpAddress":"192.0.2.1","level":"Warning"}
            """
        let entry = try #require(normalizer.normalize(text: text).entries.first)

        #expect(entry.contents.map(\.key).suffix(6) == [
            BridgeFieldKey.time, BridgeFieldKey.category, BridgeFieldKey.resourceId, BridgeFieldKey.operation,
            BridgeFieldKey.callerIP, BridgeFieldKey.level,
        ])
        #expect(entry[BridgeFieldKey.resourceId] == "/subscriptions/x")
    }

    @Test func derivedFieldWithoutValueIsLeftOut() throws {
        let entry = try #require(normalizer.normalize(text: #"{"time":"2026-03-01T10:00:00Z","category":""}"#).entries.first)

        #expect(entry.contents.map(\.key) == [
            "time", "category", BridgeFieldKey.kafkaTimestamp, BridgeFieldKey.time, BridgeFieldKey.level,
        ])
        #expect(entry[BridgeFieldKey.level] == "Informational")
    }

    @Test func disabledDerivedFieldsKeepOnlySource() throws {
        let text = #"{"time":"2026-03-01T10:00:00Z","category":"AuditEvent","level":"Error"}"#
        let entry = try #require(sourceOnly.normalize(text: text).entries.first)

        #expect(entry.contents.map(\.key) == ["time", "category", "level"])
        #expect(entry.time == 1_772_359_200)
    }

    // MARK: Time

    @Test func missingTimeUsesKafkaTimestamp() throws {
        let entry = try #require(normalizer.normalize(text: #"{"category":"AuditEvent"}"#).entries.first)

        #expect(entry.time == 1_772_366_400)
        #expect(entry.timeNanoseconds == 250_000_000)
        #expect(entry[BridgeFieldKey.timeSource] == "kafka")
        #expect(entry[BridgeFieldKey.time] == "2026-03-01T12:00:00.250Z")
    }

    @Test func missingKafkaTimestampUsesReceiveTime() throws {
        for kafka in [nil, -1] as [Int64?] {
            let context = MessageContext(kafkaTimestampMilliseconds: kafka, receivedAtMilliseconds: 1_772_359_200_007)
            let entry = try #require(normalizer.normalize(text: #"{"a":1}"#, context: context).entries.first)

            #expect(entry.time == 1_772_359_200)
            #expect(entry.timeNanoseconds == 7_000_000)
            #expect(entry[BridgeFieldKey.timeSource] == "received")
        }
    }

    @Test func timeSourceMarkerStaysWithoutDerivedFields() throws {
        let entry = try #require(sourceOnly.normalize(text: #"{"a":1}"#).entries.first)

        #expect(entry.contents == [LogContent("a", "1"), LogContent(BridgeFieldKey.timeSource, "kafka")])
    }

    @Test func unparseableTimeFallsToNextTimeField() throws {
        let text = #"{"time":"20180719:L012620622","EventTime":"2026-03-01T10:00:00.5Z"}"#
        let entry = try #require(normalizer.normalize(text: text).entries.first)

        #expect(entry.time == 1_772_359_200)
        #expect(entry.timeNanoseconds == 500_000_000)
        #expect(entry[BridgeFieldKey.timeSource] == nil)
        #expect(entry["time"] == "20180719:L012620622")
    }

    @Test func unparseableTimeUsesKafkaTimestamp() throws {
        let entry = try #require(normalizer.normalize(text: #"{"time":"20180719:L012620622"}"#).entries.first)

        #expect(entry.time == 1_772_366_400)
        #expect(entry[BridgeFieldKey.timeSource] == "kafka")
    }

    @Test func timeAliasesFollowPriorityNotSourceOrder() throws {
        let text = #"{"StartTimeUtc":"2026-03-01T09:00:00Z","TimeGenerated":"2026-03-01T10:00:00Z"}"#
        let entry = try #require(normalizer.normalize(text: text).entries.first)

        #expect(entry.time == 1_772_359_200)
    }

    @Test func timeBefore1970FallsBack() throws {
        let entry = try #require(normalizer.normalize(text: #"{"time":"1969-12-31T23:59:59Z"}"#).entries.first)

        #expect(entry[BridgeFieldKey.timeSource] == "kafka")
    }

    // MARK: Raw entries

    @Test func invalidJSONKeepsTextAndOffset() throws {
        let message = normalizer.normalize(text: #"{"a":1,"b":tru}"#)
        let failure = ParseFailure(description: "expected a value, found '}'", byteOffset: 14)

        #expect(message.outcome == .parseError(failure))
        try #require(message.entries.count == 1)
        #expect(message.entries[0].contents == [
            LogContent(BridgeFieldKey.raw, #"{"a":1,"b":tru}"#),
            LogContent(BridgeFieldKey.parseError, "expected a value, found '}'"),
            LogContent(BridgeFieldKey.parseErrorOffset, "14"),
            LogContent(BridgeFieldKey.kafkaTimestamp, "1772366400250"),
            LogContent(BridgeFieldKey.time, "2026-03-01T12:00:00.250Z"),
            LogContent(BridgeFieldKey.timeSource, "kafka"),
        ])
    }

    @Test func rawTextReplacesInvalidUTF8AndNUL() throws {
        let bytes: [UInt8] = Array("{\"a\":\"".utf8) + [0xFF, 0x00] + Array("é\"".utf8)
        let message = normalizer.normalize(bytes, context: .sample)

        // The bytes alone would have been repaired; the missing `}` is what leaves the value unreadable.
        #expect(message.outcome == .parseError(ParseFailure(description: "unexpected end of input", byteOffset: bytes.count)))
        #expect(message.entries.first?[BridgeFieldKey.raw] == "{\"a\":\"\u{FFFD}\u{FFFD}é\"")
    }

    @Test func rawTextOmitsByteOrderMarkButOffsetCountsIt() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{oops}".utf8)
        let message = normalizer.normalize(bytes, context: .sample)

        #expect(message.outcome == .parseError(ParseFailure(
            description: "expected an object key string, found 'o'", byteOffset: 4)))
        #expect(message.entries.first?[BridgeFieldKey.raw] == "{oops}")
    }

    @Test func truncatedEnvelopeDropsParsedRecords() throws {
        let message = normalizer.normalize(text: #"{"records":[{"a":1},{"b":2}"#)

        #expect(message.outcome == .parseError(ParseFailure(description: "unexpected end of input", byteOffset: 27)))
        #expect(message.entries.count == 1)
        #expect(message.entries.first?["a"] == nil)
    }
}

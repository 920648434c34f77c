import Core

/// Turns one Kafka message value from Azure Event Hubs into log entries for SLS.
///
/// Shapes: a `{"records":[...]}` envelope gives one entry per element, a top-level array one entry per
/// element, and any other object one entry. A null value, a zero-length value, `{"records":[]}` and `[]`
/// give no entries (``MessageOutcome/empty(_:)``). A leading UTF-8 byte order mark is skipped, and whitespace
/// around values is allowed. JSON is read strictly (RFC 8259); see ``MessageOutcome`` for input that is not.
///
/// Contents of a record's entry: each top-level field in source order under its own key. A string becomes its
/// decoded text, a number, `true` or `false` its JSON text, `null` the text `null`, and an object or array
/// compact JSON text, with whitespace between tokens removed and string escapes kept as written. A key that
/// repeats keeps its first position and its last value. With ``NormalizationOptions/derivedFields``, the
/// `ehb_` fields of ``BridgeFieldKey`` follow, whose documentation gives their rules.
///
/// Time: the first of `time`, `timeGenerated`, `eventTimestamp`, `EventTime`, `StartTimeUtc` (any letter
/// case) whose value parses, truncated to nanoseconds. Accepted forms are ISO 8601 with any number of
/// fractional digits and `Z`, an offset or no zone (meaning UTC), and US `M/d/yyyy h:mm:ss AM/PM`. Without
/// such a value, the Kafka timestamp and else the receive time are used, and `ehb_time_source` names the
/// source (`kafka` or `received`).
///
/// Input that is not a record still gives entries. A message that is not valid JSON, or is a JSON string,
/// number, literal or null, becomes one entry that keeps the text in ``BridgeFieldKey/raw``. An envelope or
/// array element that is not an object becomes such an entry in its place.
///
/// The result depends only on the bytes, the context and the options. The normalizer holds no state, so one
/// value can serve any number of threads.
public struct AzureLogNormalizer: Sendable {
    public var options: NormalizationOptions

    public init(options: NormalizationOptions = .init()) {
        self.options = options
    }

    /// Normalizes a message value; nil stands for a null value (a Kafka tombstone).
    public func normalize(_ value: [UInt8]?, context: MessageContext) -> NormalizedMessage {
        guard let value else {
            return NormalizedMessage(entries: [], outcome: .empty(.nullValue))
        }
        return value.withUnsafeBufferPointer { normalize(bytes: $0, context: context) }
    }

    /// Normalizes a message value read in place, such as a librdkafka payload, without copying it first.
    /// nil stands for a null value. The buffer is only read during the call; the entries own their text.
    public func normalize(payload: UnsafeRawBufferPointer?, context: MessageContext) -> NormalizedMessage {
        guard let payload else {
            return NormalizedMessage(entries: [], outcome: .empty(.nullValue))
        }
        return normalize(bytes: payload.bindMemory(to: UInt8.self), context: context)
    }

    private func normalize(bytes: UnsafeBufferPointer<UInt8>, context: MessageContext) -> NormalizedMessage {
        guard !bytes.isEmpty else {
            return NormalizedMessage(entries: [], outcome: .empty(.zeroLength))
        }

        let start = Self.hasByteOrderMark(bytes) ? 3 : 0
        var builder = RecordEntryBuilder(bytes: bytes, context: context, options: options)
        let shape: RecordScanner.Shape
        do {
            shape = try RecordScanner.scan(bytes, from: start, visitor: &builder)
        } catch {
            let failure = ParseFailure(description: error.description, byteOffset: error.offset)
            return Self.unparsedMessage(bytes, textStart: start, failure: failure, context: context)
        }

        switch shape {
        case .notARecord(let kind):
            let offset = Self.firstNonWhitespace(bytes, from: start)
            let failure = ParseFailure(
                description: "message is \(kind.phrase), not a JSON object or array", byteOffset: offset
            )
            return Self.unparsedMessage(bytes, textStart: start, failure: failure, context: context)
        case .envelope where builder.entries.isEmpty:
            return NormalizedMessage(entries: [], outcome: .empty(.emptyRecords))
        case .array where builder.entries.isEmpty:
            return NormalizedMessage(entries: [], outcome: .empty(.emptyArray))
        case .envelope, .array, .singleObject:
            return NormalizedMessage(entries: builder.entries, outcome: .parsed(records: builder.entries.count))
        }
    }

    /// Returns the one raw entry for a message that is not records; its text leaves out a byte order mark.
    private static func unparsedMessage(
        _ bytes: UnsafeBufferPointer<UInt8>, textStart: Int, failure: ParseFailure, context: MessageContext
    ) -> NormalizedMessage {
        let text = UnsafeBufferPointer(rebasing: bytes[textStart...])
        let entry = RawEntry.make(
            text: text, error: failure.description, byteOffset: failure.byteOffset, context: context
        )
        return NormalizedMessage(entries: [entry], outcome: .parseError(failure))
    }

    private static func hasByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    private static func firstNonWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count && ASCII.isWhitespace(bytes[index]) {
            index += 1
        }
        return index
    }
}

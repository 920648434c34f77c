import Core

/// Turns one Kafka message from Azure Event Hubs into log entries and LogGroup tags for SLS.
///
/// Value: a gzip-compressed value (`1F 8B`) is inflated first, up to ``NormalizationLimits/maximumInflatedBytes``.
/// A leading UTF-8 byte order mark is skipped. ``MessageReader`` then tries, in order, strict JSON (RFC 8259)
/// with one or more top-level values (JSON Lines), the value after encoding repair and the enabled
/// sanitizers, and JSON Lines read line by line. Input that none of these reads becomes one raw entry.
///
/// Shapes: a `{"records":[...]}` envelope gives one entry per element, a top-level array one entry per
/// element, and any other object one entry. A null value, a zero-length value, `{"records":[]}` and `[]`
/// give no entries (``MessageOutcome/empty(_:)``). With ``NormalizationOptions/expandFlowTuples``, an NSG or
/// VNet flow-log record gives one entry per flow tuple (see ``FlowTupleExpander``).
///
/// Contents of a record's entry: each top-level field in source order under its own key, rewritten where
/// SLS would not accept it (``SLSKeyRule``). A string becomes its decoded text, and a string that contains a
/// JSON object or array becomes that JSON in compact form. A number, `true` or `false` keeps its JSON text,
/// and `null` becomes the text `null`. An object or array becomes compact JSON text, with whitespace between
/// tokens removed and string escapes kept as written. A key that repeats keeps its first position and its
/// last value.
/// The added `ehb_` fields follow (see ``BridgeFieldKey`` and ``MessageAccumulator``), then values are cut
/// to the SLS size limits (``EntrySizeLimiter``).
///
/// Time: the first of `time`, `timeGenerated`, `eventTimestamp`, `EventTime`, `StartTimeUtc` (any letter
/// case) whose value parses, truncated to nanoseconds. Accepted forms are ISO 8601 with any number of
/// fractional digits and `Z`, an offset or no zone (meaning UTC), US `M/d/yyyy h:mm:ss AM/PM`, and epoch
/// seconds, milliseconds, microseconds or nanoseconds (``EpochTimestampParser``). Without such a value, the
/// Kafka timestamp and else the receive time are used, and `ehb_time_source` names the source (`kafka` or
/// `received`). A time outside the SLS window around the receive time is replaced by the receive time and
/// kept in `ehb_original_time`.
///
/// Input that is not a record still gives entries. A message that cannot be read, or is a JSON string,
/// number, literal or null, becomes one entry that keeps the text in ``BridgeFieldKey/raw``. An envelope or
/// array element that is not an object, and a JSON line that cannot be read, become such an entry in place.
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
            return withHeaderTags(NormalizedMessage(entries: [], outcome: .empty(.nullValue)), context: context)
        }
        return value.withUnsafeBufferPointer { normalize(bytes: $0, context: context) }
    }

    /// Normalizes a message value read in place, such as a librdkafka payload, without copying it first.
    /// nil stands for a null value. The buffer is only read during the call; the entries own their text.
    public func normalize(payload: UnsafeRawBufferPointer?, context: MessageContext) -> NormalizedMessage {
        guard let payload else {
            return withHeaderTags(NormalizedMessage(entries: [], outcome: .empty(.nullValue)), context: context)
        }
        return normalize(bytes: payload.bindMemory(to: UInt8.self), context: context)
    }

    private func normalize(bytes: UnsafeBufferPointer<UInt8>, context: MessageContext) -> NormalizedMessage {
        guard !bytes.isEmpty else {
            return withHeaderTags(NormalizedMessage(entries: [], outcome: .empty(.zeroLength)), context: context)
        }
        guard GzipInflater.hasGzipMagic(bytes) else {
            var reader = MessageReader(options: options, context: context)
            return withHeaderTags(reader.read(bytes), context: context)
        }

        let inflated: [UInt8]
        do {
            inflated = try GzipInflater.inflate(bytes, maximumBytes: options.limits.maximumInflatedBytes)
        } catch {
            return withHeaderTags(undecodableMessage(bytes, error: error, context: context), context: context)
        }

        var message: NormalizedMessage
        if inflated.isEmpty {
            message = NormalizedMessage(entries: [], outcome: .empty(.zeroLength))
        } else {
            var reader = MessageReader(options: options, context: context)
            message = inflated.withUnsafeBufferPointer { reader.read($0) }
        }
        message.report.inflatedGzip = true
        return withHeaderTags(message, context: context)
    }

    /// Returns the one raw entry for a gzip value that does not inflate: base64 text, and a dead-letter
    /// reason, because the entry cannot show the data.
    private func undecodableMessage(
        _ bytes: UnsafeBufferPointer<UInt8>, error: GzipError, context: MessageContext
    ) -> NormalizedMessage {
        var accumulator = MessageAccumulator(options: options, context: context)
        let description = error.description
        accumulator.report.rawEntries = 1
        accumulator.addDeadLetterReason(.decompressionFailed(description, exceedsLimit: error.isSizeLimit))
        accumulator.append(RawEntry.binaryParts(bytes, error: description, context: context), fixes: [])
        return NormalizedMessage(
            entries: accumulator.entries, outcome: .parseError(ParseFailure(description: description, byteOffset: 0)),
            deadLetterCauses: accumulator.deadLetterCauses, report: accumulator.report
        )
    }

    private func withHeaderTags(_ message: NormalizedMessage, context: MessageContext) -> NormalizedMessage {
        guard options.headerTags, !context.headers.isEmpty else {
            return message
        }
        var message = message
        let headerTags = HeaderTags(context.headers, limits: options.limits)
        message.tags = headerTags.tags
        message.report.base64Headers = headerTags.base64Count
        for cut in headerTags.truncated {
            message.report.truncatedValues += 1
            message.deadLetterCauses.append(.valueTruncated(key: cut.key, originalBytes: cut.originalBytes))
        }
        return message
    }
}

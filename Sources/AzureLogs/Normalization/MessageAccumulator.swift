import Core

/// The entries made from one message so far, with the counts and dead-letter reasons that go with them.
///
/// Entries are added through ``append(_:fixes:)``, which writes the added fields in one fixed order after
/// the entry's own contents: `ehb_kafka_offset`, `ehb_kafka_timestamp`, `ehb_time`, `ehb_time_source`,
/// `ehb_original_time`, `ehb_category`, `ehb_resource_id`, `ehb_operation`, `ehb_caller_ip`, `ehb_level`,
/// `ehb_unparsed_json`, `ehb_sanitized`, then the size limits and `ehb_truncated`.
struct MessageAccumulator {
    let options: NormalizationOptions
    let context: MessageContext
    private(set) var entries: [LogEntry] = []
    /// Records visited, raw records and unreadable JSON lines included.
    var records = 0
    var report = NormalizationReport()
    private(set) var deadLetterCauses: [DeadLetterCause] = []

    /// Whether the options select any derived field that ``DerivedFieldValues`` computes.
    let needsDerivedValues: Bool
    /// `ehb_kafka_offset` and `ehb_kafka_timestamp`, the same for every entry of the message.
    private let kafkaOffsetText: String?
    private let kafkaTimestampText: String?

    init(options: NormalizationOptions, context: MessageContext) {
        self.options = options
        self.context = context
        kafkaOffsetText = options.derivedFields.contains(.kafkaOffset) ? context.kafkaOffset.map { String($0) } : nil
        let timestamp = context.kafkaTimestampMilliseconds.flatMap { $0 >= 0 ? $0 : nil }
        kafkaTimestampText = options.derivedFields.contains(.kafkaTimestamp) ? timestamp.map { String($0) } : nil
        let recordFields = DerivedFieldSet.category.rawValue | DerivedFieldSet.resourceId.rawValue
            | DerivedFieldSet.operation.rawValue | DerivedFieldSet.callerIP.rawValue | DerivedFieldSet.level.rawValue
        needsDerivedValues = options.derivedFields.rawValue & recordFields != 0
    }

    /// A state to go back to when a scan that already added entries fails.
    struct Checkpoint {
        fileprivate var entryCount: Int
        fileprivate var records: Int
        fileprivate var report: NormalizationReport
        fileprivate var deadLetterCount: Int

        /// The state before anything was added.
        static let initial = Checkpoint(entryCount: 0, records: 0, report: NormalizationReport(), deadLetterCount: 0)
    }

    var checkpoint: Checkpoint {
        Checkpoint(entryCount: entries.count, records: records, report: report, deadLetterCount: deadLetterCauses.count)
    }

    mutating func rollBack(to checkpoint: Checkpoint) {
        entries.removeSubrange(checkpoint.entryCount...)
        records = checkpoint.records
        report = checkpoint.report
        deadLetterCauses.removeSubrange(checkpoint.deadLetterCount...)
    }

    mutating func addDeadLetterReason(_ reason: DeadLetterCause) {
        deadLetterCauses.append(reason)
    }

    /// Adds the cause for text that encoding repair changed, or merges `names` into the one already added.
    mutating func addTextRepairedCause(_ names: [String]) {
        for (index, cause) in deadLetterCauses.enumerated() {
            guard case .textRepaired(let known) = cause else {
                continue
            }
            let merged = EncodingRepair.Kind.allCases.map(\.name).filter { known.contains($0) || names.contains($0) }
            deadLetterCauses[index] = .textRepaired(merged)
            return
        }
        deadLetterCauses.append(.textRepaired(names))
    }

    /// Adds the fields selected by the options and the markers to `parts`, applies the time window and the
    /// size limits, and appends the entry. `fixes` are the repair names for `ehb_sanitized`.
    ///
    /// The entry keeps an exact-size copy of the contents. The buffer of `parts` is emptied for the next record.
    mutating func append(_ parts: EntryParts, fixes: [String]) {
        let selection = options.derivedFields
        let contents = parts.contents
        let sourceKeyCount = contents.count
        let hasBridgeKey = parts.hasBridgePrefixedKey

        func add(_ key: String, _ value: String?) {
            guard let value else {
                return
            }
            if hasBridgeKey && contents.containsKey(key, amongFirst: sourceKeyCount) {
                return
            }
            contents.append(key: key, value: value)
        }

        func add(_ key: String, _ value: DerivedText?) {
            guard let value else {
                return
            }
            if hasBridgeKey && contents.containsKey(key, amongFirst: sourceKeyCount) {
                return
            }
            value.append(key: key, to: contents)
        }

        func add(_ key: String, _ time: UTCTimestamp) {
            if hasBridgeKey && contents.containsKey(key, amongFirst: sourceKeyCount) {
                return
            }
            contents.append(key: key, valueByteCount: time.rfc3339ByteCount) { time.writeRFC3339(into: $0) }
        }

        add(BridgeFieldKey.kafkaOffset, kafkaOffsetText)
        add(BridgeFieldKey.kafkaTimestamp, kafkaTimestampText)

        let time = parts.time.keptInWindow(context, limits: options.limits)
        if selection.contains(.time) {
            add(BridgeFieldKey.time, time.timestamp)
        }
        add(BridgeFieldKey.timeSource, time.source.markerValue)
        if let replaced = time.replacedTimestamp {
            add(BridgeFieldKey.originalTime, replaced)
            report.adjustedTimes += 1
        }

        if let derived = parts.derived {
            if selection.contains(.category) { add(BridgeFieldKey.category, derived.category) }
            if selection.contains(.resourceId) { add(BridgeFieldKey.resourceId, derived.resourceId) }
            if selection.contains(.operation) { add(BridgeFieldKey.operation, derived.operation) }
            if selection.contains(.callerIP) { add(BridgeFieldKey.callerIP, derived.callerIP) }
            if selection.contains(.level) { add(BridgeFieldKey.level, derived.level.rawValue) }
        }
        if selection.contains(.unparsedJSON) && !parts.unparsedJSONKeys.isEmpty {
            add(BridgeFieldKey.unparsedJSON, parts.unparsedJSONKeys.joined(separator: ","))
        }
        if !fixes.isEmpty {
            add(BridgeFieldKey.sanitized, fixes.joined(separator: ","))
        }

        let entryContents: PackedLogContents
        if EntrySizeLimiter.exceedsLimits(contents, limits: options.limits) {
            var unpacked = contents.contents
            let truncated = EntrySizeLimiter.enforce(&unpacked, limits: options.limits)
            report.truncatedValues += truncated.count
            deadLetterCauses += truncated.map { .valueTruncated(key: $0.key, originalBytes: $0.originalBytes) }
            // Values are not cut below 64 bytes, so an entry of many keys can stay above the limit.
            let entryBytes = unpacked.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
            if entryBytes > options.limits.maximumEntryBytes {
                deadLetterCauses.append(.entryOverLimit(bytes: entryBytes, limit: options.limits.maximumEntryBytes))
            }
            entryContents = PackedLogContents(unpacked)
        } else {
            entryContents = contents.makePackedContents()
        }
        entries.append(LogEntry(
            time: time.entrySeconds, timeNanoseconds: time.entryNanoseconds, packedContents: entryContents
        ))
        contents.removeAll()
    }

}

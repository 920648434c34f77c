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
    private(set) var deadLetterReasons: [DeadLetterReason] = []

    init(options: NormalizationOptions, context: MessageContext) {
        self.options = options
        self.context = context
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
        Checkpoint(entryCount: entries.count, records: records, report: report, deadLetterCount: deadLetterReasons.count)
    }

    mutating func rollBack(to checkpoint: Checkpoint) {
        entries.removeSubrange(checkpoint.entryCount...)
        records = checkpoint.records
        report = checkpoint.report
        deadLetterReasons.removeSubrange(checkpoint.deadLetterCount...)
    }

    mutating func addDeadLetterReason(_ reason: DeadLetterReason) {
        deadLetterReasons.append(reason)
    }

    /// Adds the fields selected by the options and the markers to `parts`, applies the time window and the
    /// size limits, and appends the entry. `fixes` are the repair names for `ehb_sanitized`.
    mutating func append(_ parts: EntryParts, fixes: [String]) {
        let selection = options.derivedFields
        let sourceKeyCount = parts.contents.count
        let hasBridgeKey = parts.hasBridgePrefixedKey
        var contents = parts.contents

        func add(_ key: String, _ value: String?) {
            guard let value else {
                return
            }
            if hasBridgeKey && contents[..<sourceKeyCount].contains(where: { $0.key == key }) {
                return
            }
            contents.append(LogContent(key, value))
        }

        if selection.contains(.kafkaOffset), let offset = context.kafkaOffset {
            add(BridgeFieldKey.kafkaOffset, String(offset))
        }
        if selection.contains(.kafkaTimestamp), let timestamp = context.kafkaTimestampMilliseconds, timestamp >= 0 {
            add(BridgeFieldKey.kafkaTimestamp, String(timestamp))
        }

        let time = parts.time.keptInWindow(context, limits: options.limits)
        if selection.contains(.time) {
            add(BridgeFieldKey.time, time.timestamp.rfc3339)
        }
        add(BridgeFieldKey.timeSource, time.source.markerValue)
        if let replaced = time.replacedTimestamp {
            add(BridgeFieldKey.originalTime, replaced.rfc3339)
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

        let truncated = EntrySizeLimiter.enforce(&contents, limits: options.limits)
        for cut in truncated {
            report.truncatedValues += 1
            deadLetterReasons.append(.valueTruncated(key: cut.key, originalBytes: cut.originalBytes))
        }
        entries.append(LogEntry(time: time.entrySeconds, timeNanoseconds: time.entryNanoseconds, contents: contents))
    }

    /// Whether the options select any derived field that ``DerivedFieldValues`` computes.
    var needsDerivedValues: Bool {
        !options.derivedFields.isDisjoint(with: [.category, .resourceId, .operation, .callerIP, .level])
    }
}

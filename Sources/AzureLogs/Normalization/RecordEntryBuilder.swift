import Core

/// Builds the entries of the records that ``RecordScanner`` walks, into a ``MessageAccumulator``.
struct RecordEntryBuilder: RecordVisitor {
    /// The buffer being scanned; spans index it.
    var bytes: UnsafeBufferPointer<UInt8>
    /// Added to span offsets to give offsets in the message value, for JSON lines scanned on their own.
    var byteOffsetBase = 0
    /// The sanitizers that rewrote the text being scanned, for `ehb_sanitized` of every record in it.
    var fixes: [String] = []
    /// The encoding repairs of the text being scanned, for `ehb_sanitized` of the records they are in.
    var repairs = Repairs.none

    /// The places of the encoding repairs in the scanned text.
    enum Repairs {
        case none
        /// At these offsets of the scanned text, so each record names only its own.
        case marked([EncodingRepair.Mark])
        /// Somewhere in the text, which changed after the repair; every record names them.
        case everywhere([String])

        /// Returns the names of the repairs inside `range` of the scanned text.
        func names(in range: Range<Int>) -> [String] {
            switch self {
            case .none: []
            case .marked(let marks): EncodingRepair.names(of: marks, in: range)
            case .everywhere(let names): names
            }
        }
    }
    var accumulator: MessageAccumulator
    private var valueStart: MessageAccumulator.Checkpoint
    /// The buffer each record's contents are packed into, reused from record to record.
    private let contentsBuffer = LogContentsBuffer()
    /// The view of the record being built, reused from record to record and taken out while a record is built.
    private var reusedView: RecordView?

    init(accumulator: MessageAccumulator) {
        self.bytes = UnsafeBufferPointer(start: nil, count: 0)
        self.accumulator = accumulator
        self.valueStart = accumulator.checkpoint
    }

    mutating func beginValue() {
        valueStart = accumulator.checkpoint
    }

    mutating func discardVisitedRecords() {
        accumulator.rollBack(to: valueStart)
    }

    mutating func visitRecord(_ record: JSONValueSpan, members: [JSONMember], properties: ScannedProperties) {
        accumulator.records += 1
        guard record.kind == .object else {
            appendRawRecord(record)
            return
        }

        var view = reusedView.take() ?? RecordView(contents: contentsBuffer)
        view.pack(bytes: bytes, members: members, maximumKeyBytes: accumulator.options.limits.maximumKeyBytes)
        build(record, view: view, properties: properties)
        reusedView = consume view
    }

    /// Builds the entries of the object `record` from its `view`.
    private mutating func build(_ record: JSONValueSpan, view: borrowing RecordView, properties: ScannedProperties) {
        let options = accumulator.options
        accumulator.report.rewrittenKeys += view.rewrittenKeyCount
        accumulator.report.nulBytes += view.escapedNULCount
        var repairNames: [String] = []
        if case .none = repairs {
            // The usual case: the text needed no repair.
        } else {
            repairNames = repairs.names(in: record.start..<record.end)
        }
        if view.escapedNULCount > 0 && !repairNames.contains(EncodingRepair.Kind.nulByte.name) {
            repairNames.append(EncodingRepair.Kind.nulByte.name)
            repairNames.sort { Self.repairOrder($0) < Self.repairOrder($1) }
        }
        if !repairNames.isEmpty {
            accumulator.addTextRepairedCause(repairNames)
        }
        if view.hasRepeatedKeysWithLostValues {
            for key in view.repeatedKeysWithLostValues {
                accumulator.addDeadLetterReason(.repeatedKey(key: key))
            }
        }
        let fixes = repairNames.isEmpty ? self.fixes : repairNames + self.fixes
        let time = EntryTime.fromRecord(view) ?? EntryTime.fallback(accumulator.context)
        let derived = accumulator.needsDerivedValues ? DerivedFieldValues(view, scannedProperties: properties) : nil

        if options.expandFlowTuples, let flows = FlowTupleExpander.expand(view, category: derived?.category) {
            // The flow entries get contents of their own, so derived values cannot refer to the record's.
            var flowDerived = derived
            flowDerived?.resourceId = derived?.resourceId?.materialized(in: view.contents)
            flowDerived?.operation = derived?.operation?.materialized(in: view.contents)
            appendFlowEntries(flows, of: view, recordTime: time, derived: flowDerived, fixes: fixes)
            return
        }

        let parts = EntryParts(
            contents: contentsBuffer, hasBridgePrefixedKey: view.hasBridgePrefixedKey, time: time, derived: derived,
            unparsedJSONKeys: view.unparsedJSONKeys
        )
        accumulator.append(parts, fixes: fixes)
    }

    /// Appends one entry per flow tuple: the record's contents without the tuple container, then the flow's
    /// contents, at the flow's time (or the record's when the tuple has none).
    private mutating func appendFlowEntries(
        _ flows: FlowTupleExpander.Expansion, of view: borrowing RecordView, recordTime: EntryTime, derived: DerivedFieldValues?,
        fixes: [String]
    ) {
        var shared = view.contents.contents
        shared.remove(at: flows.containerIndex)
        let hasBridgeKey = view.hasBridgePrefixedKey
        let maximumKeyBytes = accumulator.options.limits.maximumKeyBytes
        let hasFlowKey = shared.contains { $0.key.hasPrefix("flow_") }

        for flow in flows.tuples {
            var contents = shared
            for content in flow.contents {
                // A record field that already uses a flow key keeps it; the flow's value gets a suffix.
                let key = !hasFlowKey ? content.key : SLSKeyRule.unique(content.key, maximumBytes: maximumKeyBytes) { key in
                    contents.contains { $0.key == key }
                }
                contents.append(LogContent(key, content.value))
            }
            let time = flow.time.map { EntryTime(timestamp: $0, source: .record) } ?? recordTime
            let parts = EntryParts(
                contents: LogContentsBuffer(contents), hasBridgePrefixedKey: hasBridgeKey, time: time, derived: derived,
                unparsedJSONKeys: view.unparsedJSONKeys
            )
            accumulator.append(parts, fixes: fixes)
        }
        accumulator.report.flowTupleEntries += flows.tuples.count
        if !flows.isComplete {
            accumulator.addDeadLetterReason(.flowTuplesIncomplete)
        }
    }

    /// Appends a raw entry for an envelope or array element that is not an object.
    private mutating func appendRawRecord(_ record: JSONValueSpan) {
        let description = "record is \(record.kind.phrase), not a JSON object"
        var text = JSONText.compact(record, in: bytes)
        let (parts, _) = text.withUTF8 {
            RawEntry.textParts($0, error: description, byteOffset: byteOffsetBase + record.start, context: accumulator.context)
        }
        accumulator.report.rawEntries += 1
        let repairNames = repairs.names(in: record.start..<record.end)
        if !repairNames.isEmpty {
            accumulator.addTextRepairedCause(repairNames)
        }
        accumulator.append(parts, fixes: repairNames + fixes)
    }

    private static func repairOrder(_ name: String) -> Int {
        EncodingRepair.Kind.allCases.firstIndex { $0.name == name } ?? Int.max
    }
}

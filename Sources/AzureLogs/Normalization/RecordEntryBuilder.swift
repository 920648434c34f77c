import Core

/// Builds one entry per record while ``RecordScanner`` walks a message value.
struct RecordEntryBuilder: RecordVisitor {
    let bytes: UnsafeBufferPointer<UInt8>
    let context: MessageContext
    let options: NormalizationOptions
    private(set) var entries: [LogEntry] = []

    init(bytes: UnsafeBufferPointer<UInt8>, context: MessageContext, options: NormalizationOptions) {
        self.bytes = bytes
        self.context = context
        self.options = options
    }

    mutating func visitRecord(_ record: JSONValueSpan, members: [JSONMember]) {
        guard record.kind == .object else {
            let description = "record is \(record.kind.phrase), not a JSON object"
            let text = JSONText.compact(record, in: bytes)
            var textBytes = text
            let entry = textBytes.withUTF8 {
                RawEntry.make(text: $0, error: description, byteOffset: record.start, context: context)
            }
            entries.append(entry)
            return
        }
        var record = RecordView(bytes: bytes, members: members)
        entries.append(makeEntry(&record))
    }

    mutating func discardVisitedRecords() {
        entries.removeAll()
    }

    /// Returns the record's source contents followed by the added `ehb_` contents that have a value and whose
    /// key no source field already uses. Moves the contents out of `record`, leaving it empty.
    private func makeEntry(_ record: inout RecordView) -> LogEntry {
        let time = EntryTime.fromRecord(record) ?? EntryTime.fallback(context)
        let derived = options.derivedFields ? DerivedFields(record) : nil
        let hasBridgeKey = record.hasBridgePrefixedKey
        let sourceKeyCount = record.contents.count

        // Taking the array out of the record leaves one reference, so appending does not copy it.
        var contents = record.contents
        record.contents = []

        func add(_ key: String, _ value: String?) {
            guard let value else {
                return
            }
            if hasBridgeKey && contents[..<sourceKeyCount].contains(where: { $0.key == key }) {
                return
            }
            contents.append(LogContent(key, value))
        }

        if options.derivedFields {
            add(BridgeFieldKey.time, time.timestamp.rfc3339)
        }
        add(BridgeFieldKey.timeSource, time.source.markerValue)
        if let derived {
            add(BridgeFieldKey.category, derived.category)
            add(BridgeFieldKey.resourceId, derived.resourceId)
            add(BridgeFieldKey.operation, derived.operation)
            add(BridgeFieldKey.callerIP, derived.callerIP)
            add(BridgeFieldKey.level, derived.level.rawValue)
        }
        return LogEntry(time: time.entrySeconds, timeNanoseconds: time.entryNanoseconds, contents: contents)
    }
}

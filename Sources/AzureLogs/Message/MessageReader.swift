/// Reads one message value (after gzip inflation) into entries, falling back step by step when strict
/// parsing fails.
///
/// 1. Strict: the whole value as one or more JSON values (RFC 8259; JSON Lines included).
/// 2. The whole value after encoding repair (``EncodingRepair``, always on), then after the enabled
///    sanitizers (``PseudoJSONSanitizer``).
/// 3. JSON Lines, line by line (see ``JSONLines``), each line through steps 1 and 2; a line that still fails
///    becomes a raw entry of its own. This step counts only when at least one line was read.
/// 4. One raw entry for the whole value, with the error of step 1, or, when step 1 failed on a defect that
///    encoding repair removes, with the error that remained after the repair.
struct MessageReader {
    private var builder: RecordEntryBuilder
    /// The syntax error that remained after encoding repair, at an offset of the text before repair. It is nil
    /// when there was nothing to repair or the repaired text read.
    private var errorAfterRepair: JSONSyntaxError?

    init(options: NormalizationOptions, context: MessageContext) {
        builder = RecordEntryBuilder(accumulator: MessageAccumulator(options: options, context: context))
    }

    /// Reads `bytes`, which must not be empty; a leading UTF-8 byte order mark is skipped.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>) -> NormalizedMessage {
        let start = Self.hasByteOrderMark(bytes) ? 3 : 0
        let strictError: JSONSyntaxError
        builder.bytes = bytes
        do {
            let summary = try RecordScanner.scan(bytes, from: start, visitor: &builder)
            return finish(summary, bytes: bytes, textStart: start)
        } catch {
            strictError = error
        }
        let empty = MessageAccumulator.Checkpoint.initial
        builder.accumulator.rollBack(to: empty)

        let text = UnsafeBufferPointer(rebasing: bytes[start...])
        if let summary = readRepaired(text, byteOffsetBase: start) {
            return finish(summary, bytes: bytes, textStart: start)
        }

        if let lines = JSONLines.lineRanges(in: bytes, from: start), readLines(lines, of: bytes) {
            return message(.parsed(records: builder.accumulator.records))
        }
        builder.accumulator.rollBack(to: empty)

        // An encoding defect alone would have been repaired, so the error that made the value unreadable is
        // the one left after the repair.
        let reported = strictError.isRepairedByEncodingRepair ? errorAfterRepair.map { error in
            JSONSyntaxError(error.reason, at: start + error.offset)
        } ?? strictError : strictError
        let failure = ParseFailure(description: reported.description, byteOffset: reported.offset)
        return rawMessage(text, failure: failure)
    }

    /// Reads each JSON line on its own and returns whether at least one line was read.
    private mutating func readLines(_ lines: [Range<Int>], of bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var anyRead = false
        for line in lines {
            let lineBytes = UnsafeBufferPointer(rebasing: bytes[line])
            builder.bytes = lineBytes
            builder.byteOffsetBase = line.lowerBound
            builder.fixes = []
            builder.repairs = .none
            let before = builder.accumulator.checkpoint
            do {
                // A line starts with `{` or `[`, so it cannot be a value that is not a record.
                _ = try RecordScanner.scan(lineBytes, from: 0, visitor: &builder)
                anyRead = true
            } catch {
                builder.accumulator.rollBack(to: before)
                if readRepaired(lineBytes, byteOffsetBase: line.lowerBound) != nil {
                    anyRead = true
                    continue
                }
                let (parts, isLossy) = RawEntry.textParts(
                    lineBytes, error: error.description, byteOffset: line.lowerBound + error.offset,
                    context: builder.accumulator.context
                )
                appendRaw(parts, isLossy: isLossy)
                builder.accumulator.records += 1
            }
        }
        return anyRead
    }

    /// Reads `text` after encoding repair and then after the enabled sanitizers, and returns the summary of
    /// the first attempt that reads records, or nil (with nothing added) when none does.
    private mutating func readRepaired(_ text: UnsafeBufferPointer<UInt8>, byteOffsetBase: Int) -> RecordScanner.Summary? {
        let repair = EncodingRepair.repair(text)
        var summary: RecordScanner.Summary?
        if let repair {
            let repairs = RecordEntryBuilder.Repairs.marked(repair.marks)
            var error: JSONSyntaxError?
            summary = scanRecords(repair.bytes, repairs: repairs, fixes: [], byteOffsetBase: byteOffsetBase, error: &error)
            errorAfterRepair = error.map { JSONSyntaxError($0.reason, at: EncodingRepair.originalOffset(of: $0.offset, marks: repair.marks)) }
        }

        let sanitizers = builder.accumulator.options.sanitizers
        if summary == nil && !sanitizers.isEmpty {
            let sanitized = repair.map { repair in
                repair.bytes.withUnsafeBufferPointer { PseudoJSONSanitizer.sanitize($0, using: sanitizers) }
            } ?? PseudoJSONSanitizer.sanitize(text, using: sanitizers)
            if let sanitized {
                let names = SanitizerSet.configurationNames.filter { sanitized.applied.contains($0.member) }.map(\.name)
                // The sanitizers moved the text, so the repairs can no longer be placed in a record.
                let repairNames = repair.map { EncodingRepair.names(of: $0.marks, in: 0..<$0.bytes.count) } ?? []
                var error: JSONSyntaxError?
                summary = scanRecords(
                    sanitized.bytes, repairs: .everywhere(repairNames), fixes: names, byteOffsetBase: byteOffsetBase,
                    error: &error
                )
                if summary != nil {
                    builder.accumulator.report.sanitizedUnits += 1
                }
            }
        }

        if summary != nil, let repair {
            builder.accumulator.report.invalidUTF8Sequences += repair.invalidUTF8Sequences
            builder.accumulator.report.nulBytes += repair.nulBytes
            builder.accumulator.report.loneSurrogates += repair.loneSurrogates
        }
        return summary
    }

    /// Scans rewritten text and returns its summary when it contains records, or nil with nothing added.
    private mutating func scanRecords(
        _ text: [UInt8], repairs: RecordEntryBuilder.Repairs, fixes: [String], byteOffsetBase: Int,
        error: inout JSONSyntaxError?
    ) -> RecordScanner.Summary? {
        let before = builder.accumulator.checkpoint
        let savedBytes = builder.bytes
        let savedRepairs = builder.repairs
        let savedFixes = builder.fixes
        let savedBase = builder.byteOffsetBase
        defer {
            builder.bytes = savedBytes
            builder.repairs = savedRepairs
            builder.fixes = savedFixes
            builder.byteOffsetBase = savedBase
        }

        return text.withUnsafeBufferPointer { buffer in
            builder.bytes = buffer
            builder.repairs = repairs
            builder.fixes = fixes
            builder.byteOffsetBase = byteOffsetBase
            do {
                let summary = try RecordScanner.scan(buffer, from: 0, visitor: &builder)
                if summary.notARecord == nil {
                    return summary
                }
            } catch let scanError {
                error = scanError as? JSONSyntaxError
            }
            builder.accumulator.rollBack(to: before)
            return nil
        }
    }

    private mutating func finish(
        _ summary: RecordScanner.Summary, bytes: UnsafeBufferPointer<UInt8>, textStart: Int
    ) -> NormalizedMessage {
        var result: NormalizedMessage
        if let kind = summary.notARecord {
            var offset = textStart
            while offset < bytes.count && ASCII.isWhitespace(bytes[offset]) {
                offset += 1
            }
            let failure = ParseFailure(description: "message is \(kind.phrase), not a JSON object or array", byteOffset: offset)
            result = rawMessage(UnsafeBufferPointer(rebasing: bytes[textStart...]), failure: failure)
        } else if builder.accumulator.records > 0 {
            result = message(.parsed(records: builder.accumulator.records))
        } else {
            result = message(.empty(summary.envelopes > 0 ? .emptyRecords : .emptyArray))
        }
        result.report.jsonValues = summary.values
        return result
    }

    /// Returns the message with the one raw entry for a value that is not records.
    private mutating func rawMessage(_ text: UnsafeBufferPointer<UInt8>, failure: ParseFailure) -> NormalizedMessage {
        let (parts, isLossy) = RawEntry.textParts(
            text, error: failure.description, byteOffset: failure.byteOffset, context: builder.accumulator.context
        )
        appendRaw(parts, isLossy: isLossy)
        return message(.parseError(failure))
    }

    private mutating func appendRaw(_ parts: EntryParts, isLossy: Bool) {
        builder.fixes = []
        builder.repairs = .none
        builder.accumulator.report.rawEntries += 1
        if isLossy {
            builder.accumulator.addDeadLetterReason(.rawTextNotUTF8)
        }
        builder.accumulator.append(parts, fixes: [])
    }

    private func message(_ outcome: MessageOutcome) -> NormalizedMessage {
        let accumulator = builder.accumulator
        return NormalizedMessage(
            entries: accumulator.entries, outcome: outcome, deadLetterCauses: accumulator.deadLetterCauses,
            report: accumulator.report
        )
    }

    private static func hasByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }
}

/// Receives each record of a message value as soon as ``RecordScanner`` has checked it.
protocol RecordVisitor {
    /// Handles one record. `members` contains the top-level members of an object record, and is empty for a
    /// record that is not an object. Spans index the buffer being scanned, and `members` is only valid
    /// during the call.
    mutating func visitRecord(_ record: JSONValueSpan, members: [JSONMember])

    /// Forgets every record visited so far, because the scanner has reread the value as another shape.
    mutating func discardVisitedRecords()
}

/// Finds the records in one message value, checking the JSON syntax of the whole value on the way.
///
/// Shapes, decided from the first value in the buffer:
/// - An object whose only member is `records` (exact case) with an array value is an envelope, and each
///   array element is one record.
/// - Any other object is one record, even one that has a `records` member next to other members.
/// - A top-level array contains one record per element.
/// - A string, number, literal or null is no record at all; the caller decides what to do with it.
///
/// Records are visited in order while scanning, so their bytes are still in the processor's cache when the
/// visitor reads them. When scanning throws, some records may already have been visited, and the caller must
/// drop whatever it built from them.
enum RecordScanner {
    enum Shape: Equatable {
        case envelope
        case array
        case singleObject
        case notARecord(JSONValueKind)
    }

    /// Scans the value that starts at or after `start` (after whitespace) and must fill the rest of `bytes`,
    /// apart from trailing whitespace.
    static func scan<Visitor: RecordVisitor>(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, visitor: inout Visitor
    ) throws(JSONSyntaxError) -> Shape {
        var scanner = JSONScanner(bytes, position: start)
        var members: [JSONMember] = []
        scanner.skipWhitespace()

        let shape: Shape
        switch try scanner.currentByte() {
        case ASCII.openBrace:
            shape = try scanTopObject(&scanner, members: &members, visitor: &visitor)
        case ASCII.openBracket:
            try scanRecordArray(&scanner, members: &members, visitor: &visitor)
            shape = .array
        default:
            shape = .notARecord(try scanner.scanValue().kind)
        }

        scanner.skipWhitespace()
        if !scanner.isAtEnd {
            throw JSONSyntaxError(.unexpectedByte(bytes[scanner.position], expected: .endOfInput), at: scanner.position)
        }
        return shape
    }

    private static func scanTopObject<Visitor: RecordVisitor>(
        _ scanner: inout JSONScanner, members: inout [JSONMember], visitor: inout Visitor
    ) throws(JSONSyntaxError) -> Shape {
        let bytes = scanner.bytes
        let objectStart = scanner.position
        var topMembers: [JSONMember] = []
        var visitedEnvelopeRecords = false

        try scanner.enterObject()
        var isFirst = true
        while let key = try scanner.nextMemberKey(isFirst: &isFirst) {
            let isEnvelopeCandidate = topMembers.isEmpty && bytes[scanner.position] == ASCII.openBracket
                && JSONText.stringEquals(key, in: bytes, "records")
            guard isEnvelopeCandidate else {
                topMembers.append(JSONMember(key: key, value: try scanner.scanValue()))
                continue
            }

            let arrayStart = scanner.position
            try scanRecordArray(&scanner, members: &members, visitor: &visitor)
            visitedEnvelopeRecords = true
            // The array may contain whitespace; marking it for rewriting keeps its compact form correct.
            let array = JSONValueSpan(kind: .array, start: arrayStart, end: scanner.position, needsRewrite: true)
            topMembers.append(JSONMember(key: key, value: array))
        }

        if visitedEnvelopeRecords && topMembers.count == 1 {
            return .envelope
        }
        if visitedEnvelopeRecords {
            visitor.discardVisitedRecords()
        }
        let object = JSONValueSpan(kind: .object, start: objectStart, end: scanner.position, needsRewrite: true)
        visitor.visitRecord(object, members: topMembers)
        return .singleObject
    }

    /// Scans an array whose elements are records, visiting each one.
    private static func scanRecordArray<Visitor: RecordVisitor>(
        _ scanner: inout JSONScanner, members: inout [JSONMember], visitor: inout Visitor
    ) throws(JSONSyntaxError) {
        try scanner.enterArray()
        var isFirst = true
        while try scanner.nextElement(isFirst: &isFirst) {
            guard scanner.bytes[scanner.position] == ASCII.openBrace else {
                visitor.visitRecord(try scanner.scanValue(), members: [])
                continue
            }

            let objectStart = scanner.position
            members.removeAll(keepingCapacity: true)
            try scanner.enterObject()
            var isFirstMember = true
            while let key = try scanner.nextMemberKey(isFirst: &isFirstMember) {
                members.append(JSONMember(key: key, value: try scanner.scanValue()))
            }
            let object = JSONValueSpan(kind: .object, start: objectStart, end: scanner.position, needsRewrite: true)
            visitor.visitRecord(object, members: members)
        }
    }
}

/// Receives each record of a message value as soon as ``RecordScanner`` has checked it.
protocol RecordVisitor {
    /// Marks the start of a top-level JSON value; ``discardVisitedRecords()`` goes back to here.
    mutating func beginValue()

    /// Handles one record. `members` contains the top-level members of an object record, and is empty for a
    /// record that is not an object. `properties` lists the members of its `properties` object when the scan
    /// listed them. Spans index the buffer being scanned, and both are only valid during the call.
    mutating func visitRecord(_ record: JSONValueSpan, members: [JSONMember], properties: ScannedProperties)

    /// Forgets the records visited since the last ``beginValue()``, because the scanner has reread that value
    /// as another shape.
    mutating func discardVisitedRecords()
}

/// The members of a record's `properties` object, listed while the record was scanned, so that the rules that
/// read a few of them need not walk the object again.
///
/// Only an object under a key spelled `properties` without escapes (any case) is listed. When a record repeats
/// such a key, the last object is listed, and ``objectStart`` identifies it.
struct ScannedProperties {
    /// The offset of the listed object in the scanned buffer, or -1 when none was listed.
    var objectStart = -1
    /// The object's own members, in source order.
    var members: [JSONMember] = []

    /// Returns the members when they belong to the object at `start`, else nil.
    func members(ofObjectAt start: Int) -> [JSONMember]? {
        objectStart == start ? members : nil
    }

    private static let lowercasedKey = Array("properties".utf8)

    /// Returns whether `key` is `"properties"` in any case, written without escapes.
    static func isPropertiesKey(_ key: JSONValueSpan, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count == lowercasedKey.count + 2 && !key.needsRewrite else {
            return false
        }
        let name = UnsafeBufferPointer(rebasing: bytes[(key.start + 1)..<(key.end - 1)])
        return ASCII.equalsIgnoringCase(name, lowercasedKey)
    }
}

/// Finds the records in one message value, checking the JSON syntax of the whole value on the way.
///
/// The value contains one or more top-level JSON values, separated by optional whitespace: JSON Lines and
/// concatenated documents are read in order. Shapes, decided from the first byte of each value:
/// - An object whose only member is `records` (exact case) with an array value is an envelope, and each
///   array element is one record.
/// - Any other object is one record, even one that has a `records` member next to other members.
/// - A top-level array contains one record per element.
/// - A string, number, literal or null is no record at all; the caller decides what to do with it. It is
///   accepted only as the whole value: after another value, or followed by one, it is a syntax error.
///
/// Records are visited in order while scanning, so their bytes are still in the processor's cache when the
/// visitor reads them. When scanning throws, some records may already have been visited, and the caller must
/// drop whatever it built from them.
enum RecordScanner {
    /// The kind of a top-level object: an envelope or one record.
    enum ObjectShape: Equatable {
        case envelope
        case singleObject
    }

    /// The shapes of the top-level values that one scan read.
    struct Summary: Equatable {
        /// The number of top-level values.
        var values = 0
        /// Set when the only value is not an object or array.
        var notARecord: JSONValueKind?
        var envelopes = 0
        var arrays = 0
    }

    /// Scans the values that start at or after `start` (after whitespace) and must fill the rest of `bytes`,
    /// apart from whitespace between and after them.
    static func scan<Visitor: RecordVisitor>(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, visitor: inout Visitor
    ) throws(JSONSyntaxError) -> Summary {
        var scanner = JSONScanner(bytes, position: start)
        var members: [JSONMember] = []
        var summary = Summary()
        scanner.skipWhitespace()

        while true {
            visitor.beginValue()
            switch try scanner.currentByte() {
            case ASCII.openBrace:
                if try scanTopObject(&scanner, members: &members, visitor: &visitor) == .envelope {
                    summary.envelopes += 1
                }
            case ASCII.openBracket:
                try scanRecordArray(&scanner, members: &members, visitor: &visitor)
                summary.arrays += 1
            default:
                // Only the first value gets here: later ones must start with `{` or `[` (checked below).
                summary.notARecord = try scanner.scanValue().kind
            }
            summary.values += 1

            scanner.skipWhitespace()
            if scanner.isAtEnd {
                return summary
            }
            let next = bytes[scanner.position]
            guard summary.notARecord == nil, next == ASCII.openBrace || next == ASCII.openBracket else {
                throw JSONSyntaxError(.unexpectedByte(next, expected: .endOfInput), at: scanner.position)
            }
        }
    }

    private static func scanTopObject<Visitor: RecordVisitor>(
        _ scanner: inout JSONScanner, members: inout [JSONMember], visitor: inout Visitor
    ) throws(JSONSyntaxError) -> ObjectShape {
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
        visitor.visitRecord(object, members: topMembers, properties: ScannedProperties())
        return .singleObject
    }

    /// Scans an array whose elements are records, visiting each one.
    private static func scanRecordArray<Visitor: RecordVisitor>(
        _ scanner: inout JSONScanner, members: inout [JSONMember], visitor: inout Visitor
    ) throws(JSONSyntaxError) {
        try scanner.enterArray()
        var isFirst = true
        var properties = ScannedProperties()
        while try scanner.nextElement(isFirst: &isFirst) {
            guard scanner.bytes[scanner.position] == ASCII.openBrace else {
                visitor.visitRecord(try scanner.scanValue(), members: [], properties: ScannedProperties())
                continue
            }

            let objectStart = scanner.position
            members.removeAll(keepingCapacity: true)
            properties.objectStart = -1
            try scanner.enterObject()
            var isFirstMember = true
            while let key = try scanner.nextMemberKey(isFirst: &isFirstMember) {
                let value: JSONValueSpan
                if scanner.bytes[scanner.position] == ASCII.openBrace
                    && ScannedProperties.isPropertiesKey(key, in: scanner.bytes) {
                    properties.members.removeAll(keepingCapacity: true)
                    value = try scanner.scanObject(recordingMembersInto: &properties.members)
                    properties.objectStart = value.start
                } else {
                    value = try scanner.scanValue()
                }
                members.append(JSONMember(key: key, value: value))
            }
            let object = JSONValueSpan(kind: .object, start: objectStart, end: scanner.position, needsRewrite: true)
            visitor.visitRecord(object, members: members, properties: properties)
        }
    }
}

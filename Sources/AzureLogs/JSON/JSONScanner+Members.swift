/// Member-by-member and element-by-element iteration, for the containers whose parts the caller handles
/// itself (the records envelope, each record, and objects searched for a few fields).
///
/// A loop looks like this, with `isFirst` starting as true:
///
/// ```swift
/// try scanner.enterObject()
/// var isFirst = true
/// while let key = try scanner.nextMemberKey(isFirst: &isFirst) {
///     let value = try scanner.scanValue()
/// }
/// ```
///
/// Each function expects `position` where the previous step left it and throws ``JSONSyntaxError`` on the
/// first grammar violation.
extension JSONScanner {
    /// Consumes whitespace and the `{` that opens an object.
    mutating func enterObject() throws(JSONSyntaxError) {
        skipWhitespace()
        try enter(ASCII.openBrace)
    }

    /// Consumes whitespace and the `[` that opens an array.
    mutating func enterArray() throws(JSONSyntaxError) {
        skipWhitespace()
        try enter(ASCII.openBracket)
    }

    /// Consumes the separator before the next member and its key and colon, leaving `position` at the start
    /// of the member's value. Returns nil after consuming the `}` that closes the object.
    mutating func nextMemberKey(isFirst: inout Bool) throws(JSONSyntaxError) -> JSONValueSpan? {
        guard try advanceToNextItem(closer: ASCII.closeBrace, isFirst: &isFirst) else {
            return nil
        }

        let byte = try currentByte()
        guard byte == ASCII.quote else {
            throw JSONSyntaxError(.unexpectedByte(byte, expected: .objectKey), at: position)
        }
        let key = try scanString()
        skipWhitespace()
        try expect(ASCII.colon, .colon)
        skipWhitespace()
        _ = try currentByte()
        return key
    }

    /// Consumes the separator before the next element, leaving `position` at its start, and returns true.
    /// Returns false after consuming the `]` that closes the array.
    mutating func nextElement(isFirst: inout Bool) throws(JSONSyntaxError) -> Bool {
        guard try advanceToNextItem(closer: ASCII.closeBracket, isFirst: &isFirst) else {
            return false
        }
        _ = try currentByte()
        return true
    }

    /// Scans the object at `position` as ``scanValue()`` does, returns the same span, and appends each of its
    /// own members to `members` (nested objects' members are not listed).
    ///
    /// A caller that will look up a few members of the object later reads them from `members` instead of
    /// walking the object a second time.
    mutating func scanObject(recordingMembersInto members: inout [JSONMember]) throws(JSONSyntaxError) -> JSONValueSpan {
        let start = position
        try enterObject()
        var isFirst = true
        // The object's compact length: its braces, and per member its key, colon and value, with commas between.
        var compactLength = 2
        var nestedNeedsRewrite = false
        var memberCount = 0
        while let key = try nextMemberKey(isFirst: &isFirst) {
            let value = try scanValue()
            members.append(JSONMember(key: key, value: value))
            compactLength += key.count + 1 + value.count + (memberCount > 0 ? 1 : 0)
            memberCount += 1
            if value.needsRewrite && (value.kind == .object || value.kind == .array) {
                nestedNeedsRewrite = true
            }
        }
        // Whitespace between the object's own tokens makes it longer than its compact form.
        let needsRewrite = nestedNeedsRewrite || position - start != compactLength
        return JSONValueSpan(kind: .object, start: start, end: position, needsRewrite: needsRewrite)
    }

    private mutating func enter(_ bracket: UInt8) throws(JSONSyntaxError) {
        let found = try currentByte()
        guard found == bracket else {
            throw JSONSyntaxError(.unexpectedByte(found, expected: .value), at: position)
        }
        guard depth < Self.maximumNestingDepth else {
            throw JSONSyntaxError(.nestingTooDeep(limit: Self.maximumNestingDepth), at: position)
        }
        depth += 1
        position += 1
    }

    /// Handles the closing bracket or the comma between items; returns false when the container closed.
    private mutating func advanceToNextItem(closer: UInt8, isFirst: inout Bool) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        let byte = try currentByte()
        if byte == closer {
            position += 1
            depth -= 1
            return false
        }

        if isFirst {
            isFirst = false
        } else {
            let expected: JSONSyntaxError.Expectation =
                closer == ASCII.closeBrace ? .commaOrObjectEnd : .commaOrArrayEnd
            guard byte == ASCII.comma else {
                throw JSONSyntaxError(.unexpectedByte(byte, expected: expected), at: position)
            }
            position += 1
            skipWhitespace()
        }
        return true
    }
}

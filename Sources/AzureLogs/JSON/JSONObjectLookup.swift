/// Look-ups of a few named members in a JSON object, without building the object.
enum JSONObjectLookup {
    /// Returns, for each of `lowercasedNames`, the value span of the first member whose key matches it with
    /// ASCII letters compared case-insensitively, or nil where no key matches.
    ///
    /// `objectStart` is the offset of the object's `{` in `bytes`. Returns nil when the value there is not an
    /// object or is not valid JSON, so text that only looks like JSON yields no look-ups. Names are given as
    /// lower-case UTF-8 bytes.
    static func memberValues(
        in bytes: UnsafeBufferPointer<UInt8>, objectStart: Int, lowercasedNames: [[UInt8]]
    ) -> [JSONValueSpan?]? {
        memberValuesAndCount(in: bytes, objectStart: objectStart, lowercasedNames: lowercasedNames)?.values
    }

    /// Returns what ``memberValues(in:objectStart:lowercasedNames:)`` returns, and the number of members the
    /// object has, so that a caller can tell whether it found them all.
    static func memberValuesAndCount(
        in bytes: UnsafeBufferPointer<UInt8>, objectStart: Int, lowercasedNames: [[UInt8]]
    ) -> (values: [JSONValueSpan?], memberCount: Int)? {
        var found = [JSONValueSpan?](repeating: nil, count: lowercasedNames.count)
        var memberCount = 0
        var scanner = JSONScanner(bytes, position: objectStart)
        do {
            try scanner.enterObject()
            var isFirst = true
            while let key = try scanner.nextMemberKey(isFirst: &isFirst) {
                let value = try scanner.scanValue()
                memberCount += 1
                if let index = JSONText.indexOfName(matching: key, in: bytes, names: lowercasedNames), found[index] == nil {
                    found[index] = value
                }
            }
        } catch {
            return nil
        }
        return (found, memberCount)
    }

    /// Returns the first element of the array that starts at `arrayStart`, or nil when the array is empty or
    /// the value there is not an array. The array is only checked up to that element.
    static func firstElement(in bytes: UnsafeBufferPointer<UInt8>, arrayStart: Int) -> JSONValueSpan? {
        var scanner = JSONScanner(bytes, position: arrayStart)
        var isFirst = true
        do {
            try scanner.enterArray()
            guard try scanner.nextElement(isFirst: &isFirst) else {
                return nil
            }
            return try scanner.scanValue()
        } catch {
            return nil
        }
    }

    /// Returns the spans of the elements of the array that starts at `arrayStart`, or nil when the value
    /// there is not a valid JSON array.
    static func elements(in bytes: UnsafeBufferPointer<UInt8>, arrayStart: Int) -> [JSONValueSpan]? {
        var scanner = JSONScanner(bytes, position: arrayStart)
        var isFirst = true
        var elements: [JSONValueSpan] = []
        do {
            try scanner.enterArray()
            while try scanner.nextElement(isFirst: &isFirst) {
                elements.append(try scanner.scanValue())
            }
        } catch {
            return nil
        }
        return elements
    }

}

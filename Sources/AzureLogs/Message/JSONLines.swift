/// The lines of a message value that looks like JSON Lines, for reading each line on its own when the value
/// as a whole is not valid JSON.
enum JSONLines {
    /// Returns the ranges of the non-blank lines of `bytes[start...]`, without surrounding whitespace, when
    /// there are at least two and each starts with `{` or `[`, and nil otherwise. Lines end at line feeds, so
    /// CRLF works too. A pretty-printed document has lines that start otherwise, so it is never split.
    static func lineRanges(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> [Range<Int>]? {
        var ranges: [Range<Int>] = []
        var lineStart = start
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != ASCII.lineFeed {
                lineEnd += 1
            }

            var first = lineStart
            var last = lineEnd
            while first < last && ASCII.isWhitespace(bytes[first]) { first += 1 }
            while last > first && ASCII.isWhitespace(bytes[last - 1]) { last -= 1 }
            if first < last {
                guard bytes[first] == ASCII.openBrace || bytes[first] == ASCII.openBracket else {
                    return nil
                }
                ranges.append(first..<last)
            }
            lineStart = lineEnd + 1
        }
        return ranges.count >= 2 ? ranges : nil
    }
}

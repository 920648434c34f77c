import Core

/// The per-value and per-entry size limits of ``NormalizationLimits``, applied to finished contents.
///
/// 1. A value longer than `maximumValueBytes` is truncated to that size.
/// 2. While the entry (key and value bytes, the `ehb_truncated` marker included) is larger than
///    `maximumEntryBytes`, the longest value not yet cut for this step is truncated by the excess, but not
///    below 64 bytes.
///
/// A truncated value keeps its longest prefix that ends on a character boundary, followed by the marker
/// `...[truncated from N bytes]`, where N is the original size. `ehb_truncated` lists the truncated keys,
/// comma-separated, in content order.
enum EntrySizeLimiter {
    /// The smallest size step 2 cuts a value to: room for the marker and a little text.
    static let minimumTruncatedBytes = 64

    /// Truncates values in place and appends `ehb_truncated` when any was cut. Returns each truncated key
    /// with its original size in bytes, in content order.
    static func enforce(_ contents: inout [LogContent], limits: NormalizationLimits) -> [(key: String, originalBytes: Int)] {
        var entryBytes = 0
        var hasLongValue = false
        for content in contents {
            let valueBytes = content.value.utf8.count
            entryBytes += content.key.utf8.count + valueBytes
            hasLongValue = hasLongValue || valueBytes > limits.maximumValueBytes
        }
        guard hasLongValue || entryBytes > limits.maximumEntryBytes else {
            return []
        }

        var originalSizes: [Int: Int] = [:]
        for index in contents.indices where contents[index].value.utf8.count > limits.maximumValueBytes {
            let size = contents[index].value.utf8.count
            originalSizes[index] = size
            contents[index].value = truncated(contents[index].value, originalBytes: size, toBytes: limits.maximumValueBytes)
        }

        entryBytes = contents.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        if entryBytes > limits.maximumEntryBytes || !originalSizes.isEmpty {
            var cutForEntry: Set<Int> = []
            while true {
                let markerBytes = originalSizes.isEmpty ? 0 : markerContentBytes(contents, truncatedIndexes: originalSizes.keys)
                let excess = entryBytes + markerBytes - limits.maximumEntryBytes
                guard excess > 0, let longest = longestValueIndex(contents, excluding: cutForEntry) else {
                    break
                }

                // Cutting a value for the first time also lengthens the marker by its key and a comma.
                let markerGrowth = originalSizes[longest] != nil ? 0
                    : contents[longest].key.utf8.count + (originalSizes.isEmpty ? BridgeFieldKey.truncated.utf8.count : 1)
                let size = contents[longest].value.utf8.count
                let target = max(size - excess - markerGrowth, minimumTruncatedBytes)
                cutForEntry.insert(longest)
                guard target < size else {
                    continue
                }
                let original = originalSizes[longest] ?? size
                originalSizes[longest] = original
                contents[longest].value = truncated(contents[longest].value, originalBytes: original, toBytes: target)
                entryBytes += contents[longest].value.utf8.count - size
            }
        }

        guard !originalSizes.isEmpty else {
            return []
        }
        let truncatedKeys = originalSizes.keys.sorted().map { (key: contents[$0].key, originalBytes: originalSizes[$0]!) }
        // A source field named `ehb_truncated` keeps its value, like any added field that clashes with one.
        if !contents.contains(where: { $0.key == BridgeFieldKey.truncated }) {
            contents.append(LogContent(BridgeFieldKey.truncated, truncatedKeys.map(\.key).joined(separator: ",")))
        }
        return truncatedKeys
    }

    /// Returns the bytes of a content: its key and value, which is what the limits count.
    static func entryBytes(_ entry: LogEntry) -> Int {
        entry.contents.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
    }

    /// Returns `value` cut to at most `limit` bytes, marker included, on a character boundary.
    static func truncated(_ value: String, originalBytes: Int, toBytes limit: Int) -> String {
        let marker = "...[truncated from \(originalBytes) bytes]"
        let keep = max(limit - marker.utf8.count, 0)
        let utf8 = value.utf8
        var end = utf8.index(utf8.startIndex, offsetBy: min(keep, utf8.count))
        // Step back over continuation bytes (10xxxxxx) so that no character is split.
        while end > utf8.startIndex && end < utf8.endIndex && utf8[end] & 0xC0 == 0x80 {
            end = utf8.index(before: end)
        }
        return String(value[..<end]) + marker
    }

    private static func markerContentBytes(_ contents: [LogContent], truncatedIndexes: Dictionary<Int, Int>.Keys) -> Int {
        let keyBytes = truncatedIndexes.reduce(0) { $0 + contents[$1].key.utf8.count }
        return BridgeFieldKey.truncated.utf8.count + keyBytes + max(truncatedIndexes.count - 1, 0)
    }

    private static func longestValueIndex(_ contents: [LogContent], excluding excluded: Set<Int>) -> Int? {
        var best: Int?
        var bestSize = minimumTruncatedBytes
        for index in contents.indices where !excluded.contains(index) {
            let size = contents[index].value.utf8.count
            if size > bestSize {
                best = index
                bestSize = size
            }
        }
        return best
    }
}

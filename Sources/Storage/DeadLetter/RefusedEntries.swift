/// The entries of a record still to deliver, when SLS accepted the others: a record whose entries filled two
/// batches of which only one was refused, or whose replay stopped after some of its requests were accepted. A
/// replay sends these entries alone, so that the Logstore does not get the accepted ones twice.
///
/// Entries are numbered from 0 in the order normalization produces them for the record.
public struct RefusedEntries: Sendable, Equatable {
    /// The numbers of the refused entries, ascending and each once.
    public private(set) var indices: [Int]
    /// How many entries the record had when it was refused. A replay whose normalization gives another count
    /// cannot tell which entries are meant and sends them all.
    public var recordEntryCount: Int

    /// Creates the set of `indices` out of `recordEntryCount` entries. Returns nil when `indices` cover every entry,
    /// since the whole record is then refused.
    public init?(indices: some Sequence<Int>, recordEntryCount: Int) {
        let sorted = Array(Set(indices)).sorted()
        guard sorted.count < recordEntryCount else { return nil }
        self.indices = sorted
        self.recordEntryCount = recordEntryCount
    }

    /// Returns the entries refused by either set, or nil when together they cover the whole record. Sets of
    /// different counts come from different normalizations, so their union is the whole record.
    public func union(_ other: RefusedEntries) -> RefusedEntries? {
        guard other.recordEntryCount == recordEntryCount else { return nil }
        return RefusedEntries(indices: indices + other.indices, recordEntryCount: recordEntryCount)
    }

    /// The indices as ranges, such as `0-3,7`, as stored in the `refused_entries` column.
    public var text: String {
        var parts: [String] = []
        var start = 0
        while start < indices.count {
            var end = start
            while end + 1 < indices.count, indices[end + 1] == indices[end] + 1 { end += 1 }
            parts.append(start == end ? "\(indices[start])" : "\(indices[start])-\(indices[end])")
            start = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// Parses ``text``. Returns nil for text that is not a list of numbers and ranges within `recordEntryCount`.
    public init?(text: String, recordEntryCount: Int) {
        var indices: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard bounds.count <= 2, let first = bounds.first ?? nil, let last = bounds.last ?? nil,
                  first >= 0, first <= last, last < recordEntryCount
            else {
                return nil
            }
            indices += first...last
        }
        self.init(indices: indices, recordEntryCount: recordEntryCount)
    }
}

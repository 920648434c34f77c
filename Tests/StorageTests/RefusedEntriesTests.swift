import Testing
@testable import Storage

@Suite struct RefusedEntriesTests {
    @Test func textListsRanges() throws {
        let entries = try #require(RefusedEntries(indices: [7, 0, 1, 2, 3, 9, 10], recordEntryCount: 12))

        #expect(entries.indices == [0, 1, 2, 3, 7, 9, 10])
        #expect(entries.text == "0-3,7,9-10")
        #expect(RefusedEntries(text: entries.text, recordEntryCount: 12) == entries)
    }

    @Test func everyEntryMeansWholeRecord() {
        #expect(RefusedEntries(indices: 0..<4, recordEntryCount: 4) == nil)
        #expect(RefusedEntries(text: "0-3", recordEntryCount: 4) == nil)
    }

    @Test(arguments: ["", "3-1", "0-12", "-1", "1,,2", "a", "1-2-3"])
    func invalidTextIsRejected(text: String) {
        #expect(RefusedEntries(text: text, recordEntryCount: 12) == nil)
    }

    @Test func unionJoinsParts() throws {
        let first = try #require(RefusedEntries(indices: 0..<2, recordEntryCount: 8))
        let second = try #require(RefusedEntries(indices: 2..<4, recordEntryCount: 8))
        let rest = try #require(RefusedEntries(indices: 2..<8, recordEntryCount: 8))
        let otherCount = try #require(RefusedEntries(indices: 2..<4, recordEntryCount: 9))

        #expect(first.union(second)?.text == "0-3")
        #expect(first.union(rest) == nil, "together they cover the whole record")
        #expect(first.union(otherCount) == nil, "another normalization: the whole record")
    }
}

import Testing
import AzureLogs

/// The dead-letter causes of normalization and the reasons the store keeps them under.
@Suite struct DeadLetterCauseTests {
    static let everyCause: [DeadLetterCause] = [
        .valueTruncated(key: "k", originalBytes: 2_000_000), .rawTextNotUTF8, .decompressionFailed("cut off"),
        .textRepaired(["invalid_utf8"]), .repeatedKey(key: "records"), .entryOverLimit(bytes: 1_200_000, limit: 1_000_000),
        .flowTuplesIncomplete,
    ]

    @Test func reasonListHasEveryCause() {
        #expect(Set(Self.everyCause.map(\.reasonID)) == DeadLetterCause.reasonIDs)
    }

    @Test(arguments: everyCause)
    func adviceMatchesLimitFix(cause: DeadLetterCause) {
        #expect(cause.replayAdvice.contains("normalization.limits") == cause.isFixedByLimits)
        #expect(!cause.description.isEmpty)
    }
}

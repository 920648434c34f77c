import CostModel
import Testing

@Suite struct WindowTextTests {
    @Test(arguments: [
        (31, "31 milliseconds"),
        (1, "1 millisecond"),
        (16_100, "16.1 seconds"),
        (1_000, "1 second"),
        (90_000, "1.5 minutes"),
        (3_599_999, "60 minutes"),
        (3_600_000, "1 hour"),
        (172_800_000, "48 hours"),
        (5_400_000, "1.5 hours"),
    ] as [(Int64, String)])
    func lengthPicksTheUnit(milliseconds: Int64, text: String) {
        #expect(WindowText.length(milliseconds: milliseconds) == text)
    }
}

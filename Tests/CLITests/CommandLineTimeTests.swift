import Testing
@testable import CLI

@Suite struct CommandLineTimeTests {
    @Test(arguments: [
        ("90", 90_000), ("500ms", 500), ("90s", 90_000), ("10m", 600_000), ("2h", 7_200_000),
        ("1m30s", 90_000), ("1h30m", 5_400_000), ("1h0m5s", 3_605_000), ("1s250ms", 1_250), ("0h1s", 1_000),
    ])
    func parsesDurationParts(text: String, milliseconds: Int) throws {
        #expect(try CommandLineTime.milliseconds(text, option: "duration") == milliseconds)
    }

    @Test(arguments: [
        "", "0", "0s", "0m0s", "-5s", "1.5h", "30s1m", "1m1m", "1m30", "m", "5 s", "5S", "5d", "1ms5s",
        "9223372036854775807h", "9223372036854775807",
    ])
    func rejectsInvalidDuration(text: String) {
        #expect {
            _ = try CommandLineTime.milliseconds(text, option: "duration")
        } throws: { error in
            (error as? UsageError)?.message.contains("--duration must be a positive duration such as 90s, 1m30s") == true
        }
    }
}

import Testing
@testable import Bridge

@Suite struct DryRunDeadLetterPathTests {
    @Test(arguments: [
        ("/var/lib/ehbridge/meter.sqlite", "/var/lib/ehbridge/meter.dry-run.sqlite"),
        ("meter.sqlite", "meter.dry-run.sqlite"),
        ("state/dead.letters.db", "state/dead.letters.dry-run.db"),
        ("/var/lib/ehbridge.d/meter", "/var/lib/ehbridge.d/meter.dry-run"),
        ("/data/.meter", "/data/.meter.dry-run"),
    ])
    func dryRunPathSitsNextToStore(path: String, expected: String) {
        #expect(DeadLetterConfiguration.dryRunPath(for: path) == expected)
    }
}

import Testing
@testable import AzureLogs

@Suite struct CallerIPAddressTests {
    @Test(arguments: [
        ("TCP request from 198.51.100.23:50306 to 10.0.1.4:3389. Action: Deny.", "198.51.100.23"),
        ("UDP request from 10.0.0.7 to 10.0.1.4:53", "10.0.0.7"),
        ("TCP request from [2001:db8::10]:443 to [2001:db8::1]:80", "2001:db8::10"),
        ("HTTPS request from 192.0.2.1:5000 to example.com:443, Action: Allow", "192.0.2.1"),
    ])
    func firewallMessageSourceFindsAddress(_ message: String, _ expected: String) {
        #expect(CallerIPAddress.firewallMessageSource(message) == expected)
    }

    @Test(arguments: [
        "DNS request from host-example",
        "TCP request from 1.2.3 to 10.0.0.1",
        "TCP request from 1.2.3.4.5 to 10.0.0.1",
        "TCP request from 1..3.4 to 10.0.0.1",
        "TCP request from 1234.1.1.1 to 10.0.0.1",
        "TCP request from 1.2.3.4a to 10.0.0.1",
        "TCP request from [2001:db8::zz]:443 to here",
        "TCP request from 2001:db8::10 to here",
        "no marker at all",
    ])
    func firewallMessageSourceRejectsNonAddress(_ message: String) {
        #expect(CallerIPAddress.firewallMessageSource(message) == nil)
    }

    @Test func normalizedRemovesPortAndBrackets() {
        #expect(CallerIPAddress.normalized(" 198.51.100.23:50432 ") == "198.51.100.23")
        #expect(CallerIPAddress.normalized("[2001:db8::10]:443") == "2001:db8::10")
        #expect(CallerIPAddress.normalized("2001:db8::10") == "2001:db8::10")
        #expect(CallerIPAddress.normalized("[]") == nil)
        #expect(CallerIPAddress.normalized(":80") == nil)
        #expect(CallerIPAddress.normalized("  ") == nil)
    }

    @Test(arguments: [
        ("10.0.0.1", "10.0.0.1"),
        ("\t10.0.0.1\r\n", "10.0.0.1"),
        (" 10.0.0.1:443", "10.0.0.1"),
        ("[2001:db8::10]", "2001:db8::10"),
        (" [2001:db8::10]:443 ", "2001:db8::10"),
        ("[2001:db8::10", nil),
        ("[ ]", " "),
        ("2001:db8::10:443", "2001:db8::10:443"),
        ("fe80::1%eth0", "fe80::1%eth0"),
        ("host-example:8080", "host-example"),
        ("host-example", "host-example"),
        ("10.0.0.1:", "10.0.0.1"),
        (":", nil),
        ("", nil),
        ("\u{00E9}t\u{00E9}:1", "\u{00E9}t\u{00E9}"),
    ] as [(String, String?)])
    func normalizedTrimsAndTakesTheHost(_ text: String, _ expected: String?) {
        #expect(CallerIPAddress.normalized(text) == expected)
    }
}

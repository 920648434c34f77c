import Foundation
import Testing
import AzureLogs
import Core

/// The normalized values that the samples README expects for one entry.
struct ExpectedEntry: Sendable {
    /// The README's time, in milliseconds (truncated).
    var time: String
    /// The full sub-second part, where the source has more digits than milliseconds; nil for a source time
    /// without a fraction.
    var nanoseconds: UInt32?
    /// `ehb_time`, which keeps the source's fractional digits.
    var rfc3339: String
    var category: String
    var resourceId: String
    var operation: String?
    var callerIP: String?
    var level: String
}

struct SampleExpectation: Sendable, CustomTestStringConvertible {
    var file: String
    var entries: [ExpectedEntry]

    var testDescription: String { file }
}

private let subscription = "00000000-1111-4222-8333-444444444444"
private let tenant = "00000000-9999-4888-8777-666666666666"
private let resourceGroup = "/subscriptions/\(subscription)/resourcegroups/rg-example/providers"
private let tenantResource = "/tenants/\(tenant)/providers/microsoft.aadiam"
private let firewall = "\(resourceGroup)/microsoft.network/azurefirewalls/fw-example"
private let keyVault = "\(resourceGroup)/microsoft.keyvault/vaults/kv-example"
private let appService = "\(resourceGroup)/microsoft.web/sites/app-example"
private let functionApp = "\(resourceGroup)/microsoft.web/sites/func-example"
private let blobService = "\(resourceGroup)/microsoft.storage/storageaccounts/stexample001/blobservices/default"

/// The table of the samples README, one row per file that yields parsed entries.
let sampleExpectations: [SampleExpectation] = [
    SampleExpectation(file: "01-activity-administrative.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:00:00.123Z", nanoseconds: 123_456_700, rfc3339: "2026-03-01T10:00:00.1234567Z",
            category: "Administrative", resourceId: "\(resourceGroup)/microsoft.compute/virtualmachines/vm-example-01",
            operation: "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE", callerIP: "203.0.113.10", level: "Informational"),
        ExpectedEntry(
            time: "2026-03-01T10:00:04.765Z", nanoseconds: 765_432_100, rfc3339: "2026-03-01T10:00:04.7654321Z",
            category: "Administrative", resourceId: "\(resourceGroup)/microsoft.compute/virtualmachines/vm-example-01",
            operation: "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE", callerIP: "203.0.113.10", level: "Informational"),
    ]),
    SampleExpectation(file: "02-activity-security.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:05:00.000Z", nanoseconds: 0, rfc3339: "2026-03-01T10:05:00.0000000Z",
            category: "Security",
            resourceId: "\(resourceGroup)/microsoft.security/locations/westeurope/alerts/"
                + "2517000000000000000_00000000-0000-4000-8000-0000000000c1",
            operation: "MICROSOFT.SECURITY/LOCATIONS/ALERTS/ACTIVATE/ACTION", callerIP: nil, level: "Informational"),
    ]),
    SampleExpectation(file: "03-activity-policy.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:10:00.987Z", nanoseconds: 987_654_300, rfc3339: "2026-03-01T10:10:00.9876543Z",
            category: "Policy", resourceId: "\(resourceGroup)/microsoft.storage/storageaccounts/stexample001",
            operation: "MICROSOFT.AUTHORIZATION/POLICIES/AUDIT/ACTION", callerIP: nil, level: "Warning"),
    ]),
    SampleExpectation(file: "04-entra-signin-nonascii.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:00:00.000Z", nanoseconds: nil, rfc3339: "2026-03-01T10:00:00Z",
            category: "SignInLogs", resourceId: tenantResource,
            operation: "Sign-in activity", callerIP: "2001:db8::10", level: "Informational"),
    ]),
    SampleExpectation(file: "05-entra-audit.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:00:00.123Z", nanoseconds: 123_456_700, rfc3339: "2026-03-01T10:00:00.1234567Z",
            category: "AuditLogs", resourceId: tenantResource,
            operation: "Add member to role", callerIP: "198.51.100.23", level: "Informational"),
    ]),
    SampleExpectation(file: "06-nsg-flow-v2.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:01:00.500Z", nanoseconds: 500_000_000, rfc3339: "2026-03-01T10:01:00.5000000Z",
            category: "NetworkSecurityGroupFlowEvent",
            resourceId: "\(resourceGroup)/microsoft.network/networksecuritygroups/nsg-example",
            operation: "NetworkSecurityGroupFlowEvents", callerIP: nil, level: "Informational"),
    ]),
    SampleExpectation(file: "08-firewall-legacy-msg.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:02:00.992Z", nanoseconds: 992_099_000, rfc3339: "2026-03-01T10:02:00.992099Z",
            category: "AzureFirewallNetworkRule", resourceId: firewall,
            operation: "AzureFirewallNetworkRuleLog", callerIP: "198.51.100.23", level: "Informational"),
        ExpectedEntry(
            time: "2026-03-01T10:02:01.100Z", nanoseconds: 100_000_000, rfc3339: "2026-03-01T10:02:01.1000000Z",
            category: "AzureFirewallApplicationRule", resourceId: firewall,
            operation: "AzureFirewallApplicationRuleLog", callerIP: "10.0.0.4", level: "Informational"),
    ]),
    SampleExpectation(file: "09-firewall-structured.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:02:30.450Z", nanoseconds: 450_000_000, rfc3339: "2026-03-01T10:02:30.4500000Z",
            category: "AZFWNetworkRule", resourceId: firewall,
            operation: nil, callerIP: "198.51.100.23", level: "Informational"),
        ExpectedEntry(
            time: "2026-03-01T10:02:31.000Z", nanoseconds: 0, rfc3339: "2026-03-01T10:02:31.0000000Z",
            category: "AZFWApplicationRule", resourceId: firewall,
            operation: nil, callerIP: "10.0.0.4", level: "Informational"),
    ]),
    SampleExpectation(file: "10-keyvault-auditevent.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:03:00.269Z", nanoseconds: 269_122_600, rfc3339: "2026-03-01T10:03:00.2691226Z",
            category: "AuditEvent", resourceId: keyVault,
            operation: "SecretGet", callerIP: "203.0.113.55", level: "Informational"),
        ExpectedEntry(
            time: "2026-03-01T10:03:05.000Z", nanoseconds: 0, rfc3339: "2026-03-01T10:03:05.0000000Z",
            category: "AuditEvent", resourceId: keyVault,
            operation: "SecretList", callerIP: "198.51.100.77", level: "Informational"),
    ]),
    SampleExpectation(file: "11-aks-kube-audit.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:00:00.000Z", nanoseconds: 0, rfc3339: "2026-03-01T10:00:00.0000000Z",
            category: "kube-audit", resourceId: "\(resourceGroup)/microsoft.containerservice/managedclusters/aks-example",
            operation: "Microsoft.ContainerService/managedClusters/diagnosticLogs/Read", callerIP: "203.0.113.77",
            level: "Informational"),
    ]),
    SampleExpectation(file: "12-appservice-http-mixed-properties.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:04:00.111Z", nanoseconds: 111_111_100, rfc3339: "2026-03-01T10:04:00.1111111Z",
            category: "AppServiceHTTPLogs", resourceId: appService,
            operation: "GET /api/orders", callerIP: "192.0.2.44", level: "Informational"),
        ExpectedEntry(
            time: "2026-03-01T10:04:01.222Z", nanoseconds: 222_222_200, rfc3339: "2026-03-01T10:04:01.2222222Z",
            category: "AppServiceHTTPLogs", resourceId: appService,
            operation: "POST /api/orders", callerIP: "192.0.2.45", level: "Informational"),
    ]),
    SampleExpectation(file: "14-storage-blob.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:05:00.093Z", nanoseconds: 93_249_700, rfc3339: "2026-03-01T10:05:00.0932497Z",
            category: "StorageRead", resourceId: blobService,
            operation: "GetBlob", callerIP: "198.51.100.23", level: "Informational"),
        ExpectedEntry(
            time: "2026-03-01T10:05:01.457Z", nanoseconds: 457_316_600, rfc3339: "2026-03-01T10:05:01.4573166Z",
            category: "StorageWrite", resourceId: blobService,
            operation: "PutBlob", callerIP: "10.0.0.4", level: "Informational"),
    ]),
    SampleExpectation(file: "15-bom-functionapp.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:06:00.555Z", nanoseconds: 555_555_500, rfc3339: "2026-03-01T10:06:00.5555555Z",
            category: "FunctionAppLogs", resourceId: functionApp,
            operation: "Microsoft.Web/sites/functions/log", callerIP: nil, level: "Error"),
    ]),
    SampleExpectation(file: "18-properties-string-not-json.json", entries: [
        ExpectedEntry(
            time: "2026-03-01T10:08:00.000Z", nanoseconds: nil, rfc3339: "2026-03-01T10:08:00Z",
            category: "FunctionAppLogs", resourceId: functionApp,
            operation: "Microsoft.Web/sites/functions/log", callerIP: nil, level: "Informational"),
    ]),
]

/// Returns milliseconds since the epoch for README text such as `2026-03-01T10:00:00.123Z`, parsed by Foundation.
private func referenceMilliseconds(_ text: String) throws -> Int64 {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let date = try #require(formatter.date(from: text))
    return Int64((date.timeIntervalSince1970 * 1000).rounded())
}

@Suite struct SampleFixtureTests {
    private let normalizer = AzureLogNormalizer()

    @Test(arguments: sampleExpectations)
    func sampleMatchesReadmeTable(_ sample: SampleExpectation) throws {
        let message = normalizer.normalize(try Fixtures.bytes(sample.file), context: .sample)

        #expect(message.outcome == .parsed(records: sample.entries.count))
        try #require(message.entries.count == sample.entries.count)
        for (entry, expected) in zip(message.entries, sample.entries) {
            let milliseconds = Int64(entry.time) * 1000 + Int64((entry.timeNanoseconds ?? 0) / 1_000_000)
            #expect(milliseconds == (try referenceMilliseconds(expected.time)))
            #expect(entry.timeNanoseconds == expected.nanoseconds)
            #expect(entry[BridgeFieldKey.time] == expected.rfc3339)
            #expect(entry[BridgeFieldKey.timeSource] == nil)
            #expect(entry[BridgeFieldKey.category] == expected.category)
            #expect(entry[BridgeFieldKey.resourceId] == expected.resourceId)
            #expect(entry[BridgeFieldKey.operation] == expected.operation)
            #expect(entry[BridgeFieldKey.callerIP] == expected.callerIP)
            #expect(entry[BridgeFieldKey.level] == expected.level)
        }
    }

    @Test func resourceIdKeepsOriginalCase() throws {
        let message = normalizer.normalize(try Fixtures.bytes("01-activity-administrative.json"), context: .sample)
        let entry = try #require(message.entries.first)

        #expect(entry["resourceId"]?.hasPrefix("/SUBSCRIPTIONS/\(subscription)/RESOURCEGROUPS/RG-EXAMPLE") == true)
        #expect(entry["durationMs"] == "0")
        #expect(message.entries.last?["durationMs"] == "4641")
    }

    @Test func nonASCIITextIsUnchanged() throws {
        let message = normalizer.normalize(try Fixtures.bytes("04-entra-signin-nonascii.json"), context: .sample)
        let entry = try #require(message.entries.first)
        let properties = try #require(entry["properties"])

        #expect(entry["identity"] == "Zoë Ünal-Kowalczyk")
        #expect(entry["Level"] == "4")
        #expect(properties.contains(#""userDisplayName":"Zoë Ünal-Kowalczyk (テスト)""#))
        #expect(properties.contains(#""city":"München""#))
        #expect(properties.contains(#""appDisplayName":"Example Portal ™""#))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes = try Fixtures.bytes("15-bom-functionapp.json")
        try #require(bytes.starts(with: [0xEF, 0xBB, 0xBF]))

        let message = normalizer.normalize(bytes, context: .sample)
        let entry = try #require(message.entries.first)

        #expect(message.outcome == .parsed(records: 1))
        #expect(entry.contents.first?.key == "time")
        #expect(entry["properties"]?.contains(#""message":"Order handler failed\nSystem.InvalidOperationException"#) == true)
    }

    @Test func emptyRecordsGiveNoEntries() throws {
        let message = normalizer.normalize(try Fixtures.bytes("16-empty-records.json"), context: .sample)

        #expect(message.entries.isEmpty)
        #expect(message.outcome == .empty(.emptyRecords))
    }

    @Test func singleQuotedJSONBecomesOneRawEntry() throws {
        let bytes = try Fixtures.bytes("17-invalid-json-single-quotes.json")
        let text = String(decoding: bytes, as: UTF8.self)
        let quoteOffset = try #require(text.utf8.firstIndex(of: UInt8(ascii: "'")))
        let expectedOffset = text.utf8.distance(from: text.utf8.startIndex, to: quoteOffset)

        let message = normalizer.normalize(bytes, context: .sample)

        #expect(message.outcome == .parseError(ParseFailure(
            description: "expected an object key string, found '''", byteOffset: expectedOffset)))
        try #require(message.entries.count == 1)
        let entry = message.entries[0]
        #expect(entry[BridgeFieldKey.raw] == text)
        #expect(entry[BridgeFieldKey.parseError] == "expected an object key string, found '''")
        #expect(entry[BridgeFieldKey.parseErrorOffset] == String(expectedOffset))
        #expect(entry[BridgeFieldKey.timeSource] == "kafka")
        #expect(entry.time == 1_772_366_400)
        #expect(entry.timeNanoseconds == 250_000_000)
    }

    @Test func propertiesStringThatIsNotJSONStaysRaw() throws {
        let bytes = try Fixtures.bytes("18-properties-string-not-json.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let original = try #require(object["properties"] as? String)

        let message = normalizer.normalize(bytes, context: .sample)
        let entry = try #require(message.entries.first)

        #expect(original.hasPrefix("{'appName':'func-example'"))
        #expect(entry["properties"] == original)
    }

    @Test func appServicePropertiesStringStaysAString() throws {
        let message = normalizer.normalize(try Fixtures.bytes("12-appservice-http-mixed-properties.json"), context: .sample)
        let first = try #require(message.entries.first)

        #expect(first["properties"]?.hasPrefix(#"{"CsHost":"app-example.azurewebsites.net","CIp":"192.0.2.44""#) == true)
        // The string holds JSON text whose own escapes (`\/`) stay; only the outer string's escapes are decoded.
        #expect(first["properties"]?.contains(#""CsUriStem":"\/api\/orders""#) == true)
    }

    @Test func readmeCoversEverySampleFile() throws {
        let readme = try String(contentsOf: Fixtures.directory.appendingPathComponent("README.md"), encoding: .utf8)
        let tested = Set(sampleExpectations.map(\.file)).union([
            "16-empty-records.json", "17-invalid-json-single-quotes.json",
        ])

        for file in try Fixtures.jsonFileNames() {
            #expect(readme.contains("`\(file)`"), "README does not describe \(file)")
            #expect(tested.contains(file), "no expectation for \(file)")
        }
    }
}

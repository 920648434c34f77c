import Testing
import AzureLogs
import Core

/// The derived-field rules on records built for one rule each.
@Suite struct DerivedFieldTests {
    private let normalizer = AzureLogNormalizer()

    private func entry(_ json: String) throws -> LogEntry {
        let message = normalizer.normalize(text: json)
        try #require(message.outcome == .parsed(records: 1))
        return message.entries[0]
    }

    // MARK: Level

    @Test(arguments: [
        ("1", "Critical"), ("2", "Error"), ("3", "Warning"), ("4", "Informational"), ("5", "Verbose"),
        (#""2""#, "Error"), (#""critical""#, "Critical"), (#""ERROR""#, "Error"), (#""Warning""#, "Warning"),
        (#""Information""#, "Informational"), (#""Informational""#, "Informational"), (#""verbose""#, "Verbose"),
        ("0", "Informational"), ("6", "Informational"), (#""Metadata""#, "Informational"), ("null", "Informational"),
    ])
    func levelMapsNumbersAndWords(_ source: String, _ expected: String) throws {
        #expect(try entry(#"{"level":\#(source)}"#)[BridgeFieldKey.level] == expected)
    }

    @Test func levelKeyMatchesAnyCase() throws {
        #expect(try entry(#"{"LEVEL":"Error"}"#)[BridgeFieldKey.level] == "Error")
    }

    @Test(arguments: [("Low", "Informational"), ("Medium", "Warning"), ("High", "Error"), ("Informational", "Informational")])
    func severityMapsDefenderValues(_ severity: String, _ expected: String) throws {
        #expect(try entry(#"{"Severity":"\#(severity)"}"#)[BridgeFieldKey.level] == expected)
    }

    @Test func levelWinsOverSeverity() throws {
        #expect(try entry(#"{"Severity":"High","level":"Warning"}"#)[BridgeFieldKey.level] == "Warning")
    }

    @Test func unknownLevelFallsToSeverity() throws {
        #expect(try entry(#"{"level":"Metadata","Severity":"High"}"#)[BridgeFieldKey.level] == "Error")
    }

    // MARK: Category

    @Test func defenderAlertIsSecurityAlert() throws {
        let alert = try entry("""
            {"AlertType":"VM_EXAMPLE_BruteForce","Severity":"Medium","StartTimeUtc":"2026-03-01T09:58:00.5Z",\
            "TimeGenerated":"2026-03-01T10:00:00Z","AzureResourceId":"/SUBSCRIPTIONS/X/VM",\
            "ExtendedProperties":{"Client IP address":"198.51.100.9","Investigation steps":"{}"},"Category":"Other"}
            """)

        #expect(alert[BridgeFieldKey.category] == "SecurityAlert")
        #expect(alert[BridgeFieldKey.level] == "Warning")
        #expect(alert[BridgeFieldKey.resourceId] == "/subscriptions/x/vm")
        #expect(alert[BridgeFieldKey.callerIP] == "198.51.100.9")
        #expect(alert.time == 1_772_359_200)
    }

    @Test func categoryObjectUsesValue() throws {
        let record = try entry(#"{"category":{"value":"Administrative","localizedValue":"Administrative (loc)"}}"#)

        #expect(record[BridgeFieldKey.category] == "Administrative")
    }

    @Test func categoryValueIsAlias() throws {
        #expect(try entry(#"{"CategoryValue":"Policy"}"#)[BridgeFieldKey.category] == "Policy")
        #expect(try entry(#"{"CategoryValue":"Policy","category":"Security"}"#)[BridgeFieldKey.category] == "Security")
    }

    @Test func operationTypeCategoryUsesEventCategory() throws {
        let record = try entry(#"{"category":"Write","properties":{"eventCategory":"Administrative"}}"#)
        let withoutEventCategory = try entry(#"{"category":"Delete","properties":{}}"#)

        #expect(record[BridgeFieldKey.category] == "Administrative")
        #expect(withoutEventCategory[BridgeFieldKey.category] == "Delete")
    }

    // MARK: Resource id and operation

    @Test func targetResourceIdServesVNetFlowLogs() throws {
        let record = try entry(#"{"targetResourceID":"/SUBSCRIPTIONS/X/VirtualNetworks/VNET-1","flowLogResourceID":"/y"}"#)

        #expect(record[BridgeFieldKey.resourceId] == "/subscriptions/x/virtualnetworks/vnet-1")
    }

    @Test func resourceIdPrefersResourceIdOverAliases() throws {
        let record = try entry(#"{"_ResourceId":"/b","targetResourceID":"/c","ResourceId":"/A"}"#)

        #expect(record[BridgeFieldKey.resourceId] == "/a")
    }

    @Test func nonASCIIResourceIdLowercasedAsString() throws {
        let id = "/SUBSCRIPTIONS/X/RESOURCEGROUPS/ÄRG-İSTANBUL/PROVIDERS/MICROSOFT.WEB/SITES/ΣITE"
        let record = try entry(#"{"resourceId":"\#(id)"}"#)

        #expect(record[BridgeFieldKey.resourceId] == id.lowercased())
    }

    @Test func longValuesCopiedAfterBufferGrows() throws {
        // Values of several KB, copied into the added fields of the same entry, one of them with escapes.
        let id = "/SUBSCRIPTIONS/" + String(repeating: "AbC-9", count: 2_000)
        let operation = #"Microsoft.Web\/sites\/"# + String(repeating: "w", count: 5_000)
        let padding = (0..<40).map { #""k\#($0)":"\#(String(repeating: "v", count: 300))""# }.joined(separator: ",")
        let record = try entry(#"{\#(padding),"operationName":"\#(operation)","resourceId":"\#(id)"}"#)

        #expect(record[BridgeFieldKey.resourceId] == id.lowercased())
        #expect(record[BridgeFieldKey.operation] == "Microsoft.Web/sites/" + String(repeating: "w", count: 5_000))
        #expect(record["operationName"] == record[BridgeFieldKey.operation])
    }

    @Test func operationObjectUsesValue() throws {
        let record = try entry(#"{"operationName":{"value":"Microsoft.Compute/virtualMachines/write","localizedValue":"x"}}"#)

        #expect(record[BridgeFieldKey.operation] == "Microsoft.Compute/virtualMachines/write")
    }

    @Test func httpLogOperationNeedsMethodAndStem() throws {
        let stemOnly = try entry(#"{"properties":{"CsUriStem":"/x"}}"#)
        let named = try entry(#"{"OperationName":"Op","properties":{"CsMethod":"GET","CsUriStem":"/x"}}"#)

        #expect(stemOnly[BridgeFieldKey.operation] == nil)
        #expect(named[BridgeFieldKey.operation] == "Op")
    }

    // MARK: Caller IP

    @Test(arguments: [
        ("198.51.100.23:50432", "198.51.100.23"), ("[2001:db8::10]:443", "2001:db8::10"),
        ("2001:db8::10", "2001:db8::10"), ("[2001:db8::11]", "2001:db8::11"), (" 192.0.2.1 ", "192.0.2.1"),
    ])
    func callerIPDropsPort(_ source: String, _ expected: String) throws {
        #expect(try entry(#"{"callerIpAddress":"\#(source)"}"#)[BridgeFieldKey.callerIP] == expected)
    }

    @Test func emptyCallerIPUsesFallback() throws {
        let record = try entry(#"{"callerIpAddress":"","properties":{"CIp":"192.0.2.44"}}"#)

        #expect(record[BridgeFieldKey.callerIP] == "192.0.2.44")
    }

    /// A derived value is decoded like every value: an escaped NUL becomes U+FFFD, never a NUL byte.
    @Test func derivedValueHasNoNULByte() throws {
        let record = try entry(#"{"properties":{"CIp":"192.0.2.44\u0000"}}"#)

        #expect(record[BridgeFieldKey.callerIP]?.utf8.contains(0) == false)
        #expect(record.contents.allSatisfy { !$0.value.utf8.contains(0) })
    }

    @Test func callerIPWinsOverFallbacks() throws {
        let record = try entry(#"{"properties":{"CIp":"192.0.2.44"},"callerIpAddress":"203.0.113.1"}"#)

        #expect(record[BridgeFieldKey.callerIP] == "203.0.113.1")
    }

    @Test func firewallMessageNeedsFirewallCategory() throws {
        let message = #""msg":"TCP request from 198.51.100.23:50306 to 10.0.1.4:3389. Action: Deny.""#
        let firewall = try entry(#"{"category":"AzureFirewallNetworkRule","properties":{\#(message)}}"#)
        let other = try entry(#"{"category":"SomethingElse","properties":{\#(message)}}"#)

        #expect(firewall[BridgeFieldKey.callerIP] == "198.51.100.23")
        #expect(other[BridgeFieldKey.callerIP] == nil)
    }

    /// A category is a firewall category when, lower-cased, its first characters are `azurefirewall`. A combining
    /// mark after them makes the last character `l\u{301}`, so the category does not qualify.
    @Test func firewallCategoryComparesWholeCharacters() throws {
        let message = #""msg":"TCP request from 198.51.100.23:50306 to 10.0.1.4:3389. Action: Deny.""#
        let marked = try entry(#"{"category":"AzureFirewall\u0301NetworkRule","properties":{\#(message)}}"#)
        let upperCase = try entry(#"{"category":"AZUREFIREWALL","properties":{\#(message)}}"#)
        let accented = try entry(#"{"category":"AzureFirewall\u00e9","properties":{\#(message)}}"#)

        #expect(marked[BridgeFieldKey.callerIP] == nil)
        #expect(upperCase[BridgeFieldKey.callerIP] == "198.51.100.23")
        #expect(accented[BridgeFieldKey.callerIP] == "198.51.100.23")
    }

    @Test func firewallMessageWithoutAddressGivesNothing() throws {
        let record = try entry(#"{"category":"AzureFirewallDnsProxy","properties":{"msg":"DNS request from host-example"}}"#)

        #expect(record[BridgeFieldKey.callerIP] == nil)
    }

    @Test func httpRequestClientAddressIsFallback() throws {
        let record = try entry(#"{"httpRequest":{"clientRequestId":"1","clientIpAddress":"203.0.113.5","method":"PUT"}}"#)

        #expect(record[BridgeFieldKey.callerIP] == "203.0.113.5")
    }

    @Test func auditLogThatIsNotJSONGivesNothing() throws {
        let record = try entry(#"{"category":"kube-apiserver","properties":{"log":"I0301 10:00:00 request from 10.0.0.1"}}"#)

        #expect(record[BridgeFieldKey.callerIP] == nil)
    }

    @Test func propertiesStringFeedsLookups() throws {
        let record = try entry(#"{"properties":"{\"SourceIp\":\"10.0.0.9\",\"CsMethod\":\"GET\",\"CsUriStem\":\"/\"}"}"#)

        #expect(record[BridgeFieldKey.callerIP] == "10.0.0.9")
        #expect(record[BridgeFieldKey.operation] == "GET /")
        #expect(record["properties"] == #"{"SourceIp":"10.0.0.9","CsMethod":"GET","CsUriStem":"/"}"#)
    }
}

/// Network records: NSG flow logs (version 2, with flow tuples) and Azure Firewall logs in the legacy form (all
/// details in `properties.msg`) and in the resource-specific form (structured `properties`).
///
/// The fixtures of these categories carry no `correlationId`. The generated records add one at the top level, a
/// field of the common schema of Azure resource logs, so that the benchmark can find each record's message.
enum NetworkRecords {
    private static let nsgRules = [
        "DefaultRule_DenyAllInBound", "DefaultRule_AllowVnetInBound", "UserRule_AllowHttpsOutbound",
        "UserRule_AllowSshFromBastion", "DefaultRule_AllowInternetOutBound", "UserRule_DenyRdpInbound",
    ]

    static func nsgFlow(_ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues) {
        let mac = "000D3A" + values.upperHex(6)
        let epoch = Int(record.time.wholeSeconds)

        writer.object { o in
            o.field("time", record.time.iso7Z)
            o.field("systemId", values.stableGUID(for: "system-" + scope.name))
            o.field("macAddress", mac)
            o.field("category", "NetworkSecurityGroupFlowEvent")
            o.field("resourceId", scope.resourceID)
            o.field("operationName", "NetworkSecurityGroupFlowEvents")
            o.field("correlationId", record.correlationID)
            o.field("properties", object: { p in
                p.field("Version", 2)
                p.field("flows", array: { rules in
                    for _ in 0..<values.random.int(in: 1...3) {
                        rules.object { rule in
                            rule.field("rule", values.random.pick(nsgRules))
                            rule.field("flows", array: { flows in
                                flows.object { flow in
                                    flow.field("mac", mac)
                                    flow.field("flowTuples", array: { tuples in
                                        for _ in 0..<nsgTupleCount(&values.random) {
                                            tuples.element(flowTuple(epoch: epoch, &values))
                                        }
                                    })
                                }
                            })
                        }
                    }
                })
            })
        }
    }

    /// Mostly a few tuples per rule, sometimes dozens, so NSG records span 0.6 to 5 KB.
    private static func nsgTupleCount(_ random: inout SeededRandom) -> Int {
        random.chance(0.8) ? random.int(in: 1...6) : random.int(in: 7...22)
    }

    private static func flowTuple(epoch: Int, _ values: inout AzureValues) -> String {
        let inbound = values.random.chance(0.5)
        let external = values.publicIPv4()
        let privateAddress = values.privateIPv4()
        let source = inbound ? external : privateAddress
        let destination = inbound ? privateAddress : external
        let sourcePort = values.port()
        let destinationPort = values.random.pick([22, 80, 443, 443, 443, 1433, 3389, 5432, 8080])
        let protocolLetter = values.random.chance(0.9) ? "T" : "U"
        let decision = values.random.chance(0.7) ? "A" : "D"
        let state = values.random.pick(["B", "C", "E"])
        let time = epoch - values.random.int(in: 0...59)
        var tuple = "\(time),\(source),\(destination),\(sourcePort),\(destinationPort),\(protocolLetter),"
            + "\(inbound ? "I" : "O"),\(decision),\(state),"
        if state == "B" {
            tuple += ",,,"
        } else {
            let packets = values.random.int(in: 1...400)
            tuple += "\(packets),\(packets * values.random.int(in: 60...1400)),\(values.random.int(in: 1...400)),"
                + "\(values.random.int(in: 60...600_000))"
        }
        return tuple
    }

    private static let domains = [
        "www.example.com", "downloads.example.net", "api.example.org", "login.example.com", "cdn.example.net",
        "updates.example.org", "telemetry.example.com",
    ]
    private static let ruleCollections = ["rc-web-example", "rc-deny-mgmt", "rc-dns-example", "rc-updates-example"]

    static func firewallLegacy(
        _ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues
    ) {
        let network = values.random.chance(0.5)
        let source = values.random.chance(0.5) ? values.publicIPv4() : values.privateIPv4()
        let message: String
        if network {
            let action = values.random.chance(0.6) ? "Deny" : "Allow"
            let destinationPort = values.random.pick([22, 53, 443, 3389, 1433])
            message = "\(values.random.chance(0.8) ? "TCP" : "UDP") request from \(source):\(values.port()) to "
                + "\(values.privateIPv4()):\(destinationPort). Action: \(action). Policy: fwpol-example-"
                + "\(values.random.int(in: 1...3)). Rule Collection Group: rcg-example-\(values.random.int(in: 1...4)). "
                + "Rule Collection: \(values.random.pick(ruleCollections)). Rule: rule-example-\(values.random.int(in: 1...40))"
        } else {
            let allowed = values.random.chance(0.7)
            message = "HTTPS request from \(source):\(values.port()) to \(values.random.pick(domains)):443. Action: "
                + (allowed ? "Allow. Rule Collection: \(values.random.pick(ruleCollections)). Rule: allow-example-\(values.random.int(in: 1...30))"
                    : "Deny. No rule matched. Proceeding with default action")
        }

        writer.object { o in
            o.field("category", network ? "AzureFirewallNetworkRule" : "AzureFirewallApplicationRule")
            o.field("time", record.time.iso6Offset)
            o.field("resourceId", scope.resourceID)
            o.field("operationName", network ? "AzureFirewallNetworkRuleLog" : "AzureFirewallApplicationRuleLog")
            o.field("correlationId", record.correlationID)
            o.field("properties", object: { $0.field("msg", message) })
        }
    }

    static func firewallStructured(
        _ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues
    ) {
        let network = values.random.chance(0.5)
        let policy = "fwpol-example-\(values.random.int(in: 1...3))"

        writer.object { o in
            o.field("category", network ? "AZFWNetworkRule" : "AZFWApplicationRule")
            o.field("time", record.time.iso7Z)
            o.field("resourceId", scope.resourceID)
            o.field("correlationId", record.correlationID)
            o.field("properties", object: { p in
                let transport = values.random.chance(0.8) ? "TCP" : "UDP"
                p.field("Protocol", network ? transport : "HTTPS")
                p.field("SourceIp", values.random.chance(0.5) ? values.publicIPv4() : values.privateIPv4())
                p.field("SourcePort", values.port())
                if network {
                    p.field("DestinationIp", values.privateIPv4())
                    p.field("DestinationPort", values.random.pick([22, 53, 443, 3389, 1433]))
                } else {
                    p.field("DestinationPort", 443)
                    p.field("Fqdn", values.random.pick(domains))
                    p.field("TargetUrl", values.random.chance(0.3) ? "https://\(values.random.pick(domains))/\(values.hex(8))" : "")
                }
                p.field("Action", values.random.chance(0.6) ? "Allow" : "Deny")
                p.field("Policy", policy)
                p.field("RuleCollectionGroup", "rcg-example-\(values.random.int(in: 1...4))")
                p.field("RuleCollection", values.random.pick(ruleCollections))
                p.field("Rule", "rule-example-\(values.random.int(in: 1...40))")
                p.field("ActionReason", "")
                if !network {
                    p.field("IsTlsInspected", values.random.chance(0.2))
                    p.field("WebCategory", values.random.pick(["ComputersAndTechnology", "Business", "SearchEnginesAndPortals", "News"]))
                    p.field("IsExplicitProxyRequest", false)
                }
            })
        }
    }
}

/// The Azure log categories the generator imitates, each after the shape of a test fixture, with the share of
/// messages it gets. One message contains records of one family and one resource, as a diagnostic setting sends them.
enum RecordFamily: CaseIterable {
    case activityAdministrative
    case activityPolicy
    case entraSignIn
    case entraAudit
    case nsgFlow
    case firewallLegacy
    case firewallStructured
    case keyVaultAudit
    case storageBlob
    case kubeAudit
    case appServiceHTTP
    case functionApp

    /// Relative share of messages, in percent; chosen so that records average about 1.4 KB.
    var weight: Int {
        switch self {
        case .activityAdministrative: 10
        case .activityPolicy: 3
        case .entraSignIn: 6
        case .entraAudit: 5
        case .nsgFlow: 8
        case .firewallLegacy: 12
        case .firewallStructured: 15
        case .keyVaultAudit: 12
        case .storageBlob: 6
        case .kubeAudit: 11
        case .appServiceHTTP: 9
        case .functionApp: 3
        }
    }

    static func pick(_ random: inout SeededRandom) -> RecordFamily {
        let total = allCases.reduce(0) { $0 + $1.weight }
        var remaining = random.int(in: 0...(total - 1))
        for family in allCases {
            if remaining < family.weight { return family }
            remaining -= family.weight
        }
        return .firewallStructured
    }

    /// Chooses the resource that all records of one message come from.
    func makeScope(_ values: inout AzureValues) -> MessageScope {
        switch self {
        case .activityAdministrative, .activityPolicy:
            let name = values.resourceName("vm")
            return MessageScope(name: name, resourceID: values.resourceID(
                provider: "MICROSOFT.COMPUTE", type: "VIRTUALMACHINES", name: name))
        case .entraSignIn, .entraAudit:
            return MessageScope(name: "aadiam", resourceID: "/tenants/\(values.tenant)/providers/Microsoft.aadiam")
        case .nsgFlow:
            let name = values.resourceName("nsg", maxNumber: 12)
            return MessageScope(name: name, resourceID: values.resourceID(
                provider: "MICROSOFT.NETWORK", type: "NETWORKSECURITYGROUPS", name: name))
        case .firewallLegacy, .firewallStructured:
            let name = values.resourceName("fw", maxNumber: 3)
            return MessageScope(name: name, resourceID: values.resourceID(
                provider: "MICROSOFT.NETWORK", type: "AZUREFIREWALLS", name: name))
        case .keyVaultAudit:
            let name = values.resourceName("kv", maxNumber: 9)
            return MessageScope(name: name, resourceID: values.resourceID(
                provider: "MICROSOFT.KEYVAULT", type: "VAULTS", name: name))
        case .storageBlob:
            let name = "st\(values.hex(10))"
            return MessageScope(name: name, resourceID: values.mixedCaseResourceID(
                provider: "Microsoft.Storage", type: "storageAccounts", name: name) + "/blobServices/default")
        case .kubeAudit:
            let name = values.resourceName("aks", maxNumber: 4)
            return MessageScope(name: name, resourceID: values.resourceID(
                provider: "MICROSOFT.CONTAINERSERVICE", type: "MANAGEDCLUSTERS", name: name))
        case .appServiceHTTP, .functionApp:
            let name = values.resourceName(self == .functionApp ? "func" : "app", maxNumber: 15)
            return MessageScope(name: name, resourceID: values.resourceID(
                provider: "MICROSOFT.WEB", type: "SITES", name: name))
        }
    }

    /// Writes one record object; `record.time` is the record's event time.
    func write(_ record: RecordInput, scope: MessageScope, into writer: inout JSONWriter, values: inout AzureValues) {
        switch self {
        case .activityAdministrative: ActivityLogRecords.administrative(record, scope, &writer, &values)
        case .activityPolicy: ActivityLogRecords.policy(record, scope, &writer, &values)
        case .entraSignIn: EntraRecords.signIn(record, scope, &writer, &values)
        case .entraAudit: EntraRecords.audit(record, scope, &writer, &values)
        case .nsgFlow: NetworkRecords.nsgFlow(record, scope, &writer, &values)
        case .firewallLegacy: NetworkRecords.firewallLegacy(record, scope, &writer, &values)
        case .firewallStructured: NetworkRecords.firewallStructured(record, scope, &writer, &values)
        case .keyVaultAudit: ResourceRecords.keyVault(record, scope, &writer, &values)
        case .storageBlob: ResourceRecords.storageBlob(record, scope, &writer, &values)
        case .kubeAudit: PlatformRecords.kubeAudit(record, scope, &writer, &values)
        case .appServiceHTTP: PlatformRecords.appServiceHTTP(record, scope, &writer, &values)
        case .functionApp: PlatformRecords.functionApp(record, scope, &writer, &values)
        }
    }
}

/// The resource that the records of one message come from.
struct MessageScope {
    var name: String
    var resourceID: String
}

/// The values every record of a message needs besides random ones.
struct RecordInput {
    var time: CorpusTime
    /// The `correlationId` of the record, which encodes the index of its message.
    var correlationID: String
}

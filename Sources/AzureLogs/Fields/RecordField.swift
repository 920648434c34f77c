/// Top-level record keys that the entry time and the derived fields are read from.
///
/// Keys match with ASCII letters compared case-insensitively, so `Level`, `level` and `LEVEL` are all
/// ``level``. Each group lists its aliases in order of preference.
enum RecordField: Int, CaseIterable {
    case time
    case timeGenerated
    case eventTimestamp
    case eventTime
    case startTimeUtc
    case category
    case categoryValue
    case resourceId
    case underscoreResourceId
    case azureResourceId
    case targetResourceId
    case operationName
    case operationNameValue
    case callerIpAddress
    case level
    case severity
    case alertType
    case properties
    case httpRequest
    case extendedProperties
    /// The tuple container of VNet flow logs.
    case flowRecords

    /// Time keys: the first one whose value parses gives the entry time.
    static let timeAliases: [RecordField] = [.time, .timeGenerated, .eventTimestamp, .eventTime, .startTimeUtc]
    static let categoryAliases: [RecordField] = [.category, .categoryValue]
    /// Resource id keys. VNet flow logs have no `resourceId` and name their resource in `targetResourceID`.
    static let resourceIdAliases: [RecordField] = [
        .resourceId, .underscoreResourceId, .azureResourceId, .targetResourceId,
    ]
    static let operationAliases: [RecordField] = [.operationName, .operationNameValue]

    var lowercasedName: String {
        switch self {
        case .time: "time"
        case .timeGenerated: "timegenerated"
        case .eventTimestamp: "eventtimestamp"
        case .eventTime: "eventtime"
        case .startTimeUtc: "starttimeutc"
        case .category: "category"
        case .categoryValue: "categoryvalue"
        case .resourceId: "resourceid"
        case .underscoreResourceId: "_resourceid"
        case .azureResourceId: "azureresourceid"
        case .targetResourceId: "targetresourceid"
        case .operationName: "operationname"
        case .operationNameValue: "operationnamevalue"
        case .callerIpAddress: "calleripaddress"
        case .level: "level"
        case .severity: "severity"
        case .alertType: "alerttype"
        case .properties: "properties"
        case .httpRequest: "httprequest"
        case .extendedProperties: "extendedproperties"
        case .flowRecords: "flowrecords"
        }
    }

    /// The fields grouped by the byte length of their names, so most keys are ruled out by length alone.
    private static let fieldsByNameLength: [[(name: [UInt8], field: RecordField)]] = {
        var table = [[(name: [UInt8], field: RecordField)]](repeating: [], count: 20)
        for field in allCases {
            let name = Array(field.lowercasedName.utf8)
            table[name.count].append((name, field))
        }
        return table
    }()

    /// Returns the field a key names, or nil for any other key.
    static func matching(_ key: UnsafeBufferPointer<UInt8>) -> RecordField? {
        let table = fieldsByNameLength
        guard key.count < table.count else {
            return nil
        }
        for candidate in table[key.count] where ASCII.equalsIgnoringCase(key, candidate.name) {
            return candidate.field
        }
        return nil
    }
}

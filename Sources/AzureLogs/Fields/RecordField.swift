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

    /// The field's key with ASCII letters lower-cased.
    var lowercasedName: StaticString {
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

    /// Returns the field a key names, or nil for any other key.
    ///
    /// No two names share both their length and their first letter, so those two pick the one candidate, and
    /// one comparison settles it. This runs for every top-level key of every record. A table of names grouped by
    /// length cost about 140 instructions per key, most of them in array accesses and reference counting.
    static func matching(_ key: UnsafeBufferPointer<UInt8>) -> RecordField? {
        guard key.count >= 4 else {
            return nil
        }
        let candidate: RecordField?
        switch (key.count, ASCII.lowercased(key[0])) {
        case (4, UInt8(ascii: "t")): candidate = .time
        case (5, UInt8(ascii: "l")): candidate = .level
        case (8, UInt8(ascii: "c")): candidate = .category
        case (8, UInt8(ascii: "s")): candidate = .severity
        case (9, UInt8(ascii: "a")): candidate = .alertType
        case (9, UInt8(ascii: "e")): candidate = .eventTime
        case (10, UInt8(ascii: "r")): candidate = .resourceId
        case (10, UInt8(ascii: "p")): candidate = .properties
        case (11, UInt8(ascii: "_")): candidate = .underscoreResourceId
        case (11, UInt8(ascii: "h")): candidate = .httpRequest
        case (11, UInt8(ascii: "f")): candidate = .flowRecords
        case (12, UInt8(ascii: "s")): candidate = .startTimeUtc
        case (13, UInt8(ascii: "t")): candidate = .timeGenerated
        case (13, UInt8(ascii: "o")): candidate = .operationName
        case (13, UInt8(ascii: "c")): candidate = .categoryValue
        case (14, UInt8(ascii: "e")): candidate = .eventTimestamp
        case (15, UInt8(ascii: "c")): candidate = .callerIpAddress
        case (15, UInt8(ascii: "a")): candidate = .azureResourceId
        case (16, UInt8(ascii: "t")): candidate = .targetResourceId
        case (18, UInt8(ascii: "o")): candidate = .operationNameValue
        case (18, UInt8(ascii: "e")): candidate = .extendedProperties
        default: candidate = nil
        }
        guard let candidate else {
            return nil
        }
        let name = candidate.lowercasedName
        let nameBytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        var index = 1
        while index < key.count {
            if ASCII.lowercased(key[index]) != nameBytes[index] {
                return nil
            }
            index += 1
        }
        return candidate
    }
}

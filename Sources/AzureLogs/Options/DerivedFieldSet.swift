/// A choice of the derived `ehb_` fields, which cost ingestion bytes and can be turned off one by one.
///
/// Each member names the ``BridgeFieldKey`` it writes. Configuration names are the member names in
/// snake case (`resource_id`, `kafka_offset`, ...), as ``init(configurationNames:)`` reads them.
public struct DerivedFieldSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16

    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// `ehb_time`.
    public static let time = DerivedFieldSet(rawValue: 1 << 0)
    /// `ehb_category`.
    public static let category = DerivedFieldSet(rawValue: 1 << 1)
    /// `ehb_resource_id`.
    public static let resourceId = DerivedFieldSet(rawValue: 1 << 2)
    /// `ehb_operation`.
    public static let operation = DerivedFieldSet(rawValue: 1 << 3)
    /// `ehb_caller_ip`.
    public static let callerIP = DerivedFieldSet(rawValue: 1 << 4)
    /// `ehb_level`.
    public static let level = DerivedFieldSet(rawValue: 1 << 5)
    /// `ehb_kafka_offset`, when the context has an offset.
    public static let kafkaOffset = DerivedFieldSet(rawValue: 1 << 6)
    /// `ehb_kafka_timestamp`, when the context has a Kafka timestamp.
    public static let kafkaTimestamp = DerivedFieldSet(rawValue: 1 << 7)
    /// `ehb_unparsed_json`, the keys whose string value looks like JSON but is not.
    public static let unparsedJSON = DerivedFieldSet(rawValue: 1 << 8)

    public static let all: DerivedFieldSet = [
        .time, .category, .resourceId, .operation, .callerIP, .level, .kafkaOffset, .kafkaTimestamp, .unparsedJSON,
    ]

    /// The configuration name of each member, in the order the fields are written.
    public static let configurationNames: [(name: String, member: DerivedFieldSet)] = [
        ("time", .time), ("category", .category), ("resource_id", .resourceId), ("operation", .operation),
        ("caller_ip", .callerIP), ("level", .level), ("kafka_offset", .kafkaOffset),
        ("kafka_timestamp", .kafkaTimestamp), ("unparsed_json", .unparsedJSON),
    ]

    /// Creates the set named by configuration names; `all` stands for every member and `none` for no member.
    /// Throws ``OptionNameError`` for an unknown name.
    public init(configurationNames names: [String]) throws(OptionNameError) {
        self = []
        for name in names {
            switch name {
            case "all": formUnion(.all)
            case "none": break
            default:
                guard let member = Self.configurationNames.first(where: { $0.name == name })?.member else {
                    throw OptionNameError(
                        name: name, option: "derived field", accepted: Self.configurationNames.map(\.name) + ["all", "none"]
                    )
                }
                formUnion(member)
            }
        }
    }
}

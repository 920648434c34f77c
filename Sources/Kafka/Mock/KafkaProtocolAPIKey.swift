/// A Kafka protocol request type (ApiKey), used to inject errors into the mock cluster.
public struct KafkaProtocolAPIKey: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int16

    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    public static let produce = KafkaProtocolAPIKey(rawValue: 0)
    public static let fetch = KafkaProtocolAPIKey(rawValue: 1)
    public static let listOffsets = KafkaProtocolAPIKey(rawValue: 2)
    public static let metadata = KafkaProtocolAPIKey(rawValue: 3)
    public static let offsetCommit = KafkaProtocolAPIKey(rawValue: 8)
    public static let offsetFetch = KafkaProtocolAPIKey(rawValue: 9)
    public static let findCoordinator = KafkaProtocolAPIKey(rawValue: 10)
    public static let joinGroup = KafkaProtocolAPIKey(rawValue: 11)
    public static let heartbeat = KafkaProtocolAPIKey(rawValue: 12)
    public static let leaveGroup = KafkaProtocolAPIKey(rawValue: 13)
    public static let syncGroup = KafkaProtocolAPIKey(rawValue: 14)
    public static let saslHandshake = KafkaProtocolAPIKey(rawValue: 17)
    public static let apiVersions = KafkaProtocolAPIKey(rawValue: 18)
    public static let saslAuthenticate = KafkaProtocolAPIKey(rawValue: 36)

    public var description: String { "ApiKey \(rawValue)" }
}

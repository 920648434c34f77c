/// The reason an Event Hubs connection string was rejected. No description contains the key or the string.
public enum EventHubsConnectionStringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The string is empty or contains only spaces.
    case empty
    /// The string contains a generated shared access signature, which the Kafka endpoint does not accept.
    case sharedAccessSignatureNotSupported
    /// The string starts with `sb://` where `Endpoint=sb://` belongs.
    case missingEndpointPrefix
    /// No `Endpoint` pair.
    case missingEndpoint
    /// No `SharedAccessKeyName` pair, or an empty value.
    case missingSharedAccessKeyName
    /// No `SharedAccessKey` pair, or an empty value.
    case missingSharedAccessKey
    /// The `Endpoint` value is not `sb://<host>` with an optional trailing `/`. The value is kept only when it
    /// contains nothing but host and URL characters, so it cannot carry a key.
    case invalidEndpoint(String?)
    /// The part at this 1-based position (counting `;`-separated parts) has no `=`.
    case malformedPair(position: Int)
    /// The key appears more than once.
    case duplicateKey(String)

    private static let expectedForm =
        "Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<policy>;SharedAccessKey=<key>"

    public var description: String {
        switch self {
        case .empty:
            "The Event Hubs connection string is empty. Copy it from a shared access policy of the namespace "
                + "(\(Self.expectedForm))."
        case .sharedAccessSignatureNotSupported:
            "The Event Hubs connection string contains a shared access signature (SharedAccessSignature), "
                + "which the Kafka endpoint does not accept. Use a connection string with SharedAccessKeyName "
                + "and SharedAccessKey instead."
        case .missingEndpointPrefix:
            "The Event Hubs connection string starts with sb:// but the Endpoint= prefix is missing. Write it as "
                + Self.expectedForm + "."
        case .missingEndpoint:
            "The Event Hubs connection string has no Endpoint. Add Endpoint=sb://<namespace>.servicebus.windows.net/."
        case .missingSharedAccessKeyName:
            "The Event Hubs connection string has no SharedAccessKeyName. Add the name of the shared access policy."
        case .missingSharedAccessKey:
            "The Event Hubs connection string has no SharedAccessKey. Add the primary or secondary key of the "
                + "shared access policy."
        case .invalidEndpoint(let value?):
            "The Endpoint \(value) of the Event Hubs connection string is invalid. It must be "
                + "sb://<namespace>.servicebus.windows.net/ with no port and no path."
        case .invalidEndpoint(nil):
            "The Endpoint of the Event Hubs connection string is invalid. It must be "
                + "sb://<namespace>.servicebus.windows.net/ with no port and no path."
        case .malformedPair(let position):
            "Part \(position) of the Event Hubs connection string is not a key=value pair. Separate the pairs "
                + "with ; as in \(Self.expectedForm)."
        case .duplicateKey(let key):
            "The Event Hubs connection string sets \(key) more than once. Keep only one."
        }
    }
}

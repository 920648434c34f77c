import Core
import Foundation

/// A parsed Event Hubs namespace connection string, which is also the SASL password of the Kafka endpoint.
///
/// The grammar is `key=value` pairs separated by `;`, with an optional trailing `;`. A pair is split at its
/// first `=` only, because base64 keys end in `=`. Keys are case-insensitive and spaces around keys and
/// values are ignored. Keys other than the four below are ignored too.
///
/// ```
/// Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=...;EntityPath=hub
/// ```
///
/// The key and the whole string are ``Secret`` values: neither `description` nor any parse error shows them.
public struct EventHubsConnectionString: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// The namespace host from `Endpoint`, such as `ns-example.servicebus.windows.net`.
    public let namespaceHost: String
    /// The name of the shared access policy (`SharedAccessKeyName`).
    public let sharedAccessKeyName: String
    /// The policy's key (`SharedAccessKey`).
    public let sharedAccessKey: Secret
    /// The event hub the key is limited to (`EntityPath`), present when the key comes from a hub-level
    /// policy; nil for a namespace-level key.
    public let entityPath: String?
    /// The whole connection string, spaces around it removed: the SASL password for the Kafka endpoint.
    public let secret: Secret

    /// Parses and validates `text`.
    ///
    /// Throws, in this order of checks: ``EventHubsConnectionStringError/empty``,
    /// ``EventHubsConnectionStringError/sharedAccessSignatureNotSupported`` when `SharedAccessSignature`
    /// appears anywhere, ``EventHubsConnectionStringError/missingEndpointPrefix``,
    /// ``EventHubsConnectionStringError/malformedPair(position:)``,
    /// ``EventHubsConnectionStringError/duplicateKey(_:)``, ``EventHubsConnectionStringError/missingEndpoint``,
    /// ``EventHubsConnectionStringError/invalidEndpoint(_:)`` and the missing key name or key.
    public init(parsing text: String) throws(EventHubsConnectionStringError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        guard !trimmed.lowercased().contains("sharedaccesssignature") else {
            throw .sharedAccessSignatureNotSupported
        }

        let pairs = try Self.pairs(in: trimmed)

        guard let endpoint = pairs["endpoint"] else { throw .missingEndpoint }
        let host = try Self.namespaceHost(fromEndpoint: endpoint)
        guard let keyName = pairs["sharedaccesskeyname"], !keyName.isEmpty else {
            throw .missingSharedAccessKeyName
        }
        guard let key = pairs["sharedaccesskey"], !key.isEmpty else { throw .missingSharedAccessKey }

        self.namespaceHost = host
        self.sharedAccessKeyName = keyName
        self.sharedAccessKey = Secret(key)
        self.entityPath = pairs["entitypath"].flatMap { $0.isEmpty ? nil : $0 }
        self.secret = Secret(composite: trimmed)
    }

    /// `sb://<namespace host>/`.
    public var endpoint: String { "sb://\(namespaceHost)/" }

    /// The connection string's form with the key redacted.
    public var description: String {
        var text = "Endpoint=\(endpoint);SharedAccessKeyName=\(sharedAccessKeyName);SharedAccessKey=\(sharedAccessKey)"
        if let entityPath {
            text += ";EntityPath=\(entityPath)"
        }
        return text
    }

    /// Leaves out the key and the whole string, so that `dump` cannot reach into the ``Secret`` values.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "namespaceHost": namespaceHost,
                "sharedAccessKeyName": sharedAccessKeyName,
                "entityPath": entityPath as Any,
            ],
            displayStyle: .struct
        )
    }

    /// Splits the string into pairs keyed by lower-cased key.
    private static func pairs(in text: String) throws(EventHubsConnectionStringError) -> [String: String] {
        var pairs: [String: String] = [:]
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)

        for (index, part) in parts.enumerated() {
            let piece = String(part).trimmingCharacters(in: .whitespacesAndNewlines)
            if piece.isEmpty { continue }

            guard let separator = piece.firstIndex(of: "=") else {
                if piece.lowercased().hasPrefix("sb://") { throw .missingEndpointPrefix }
                throw .malformedPair(position: index + 1)
            }
            let key = String(piece[..<separator]).trimmingCharacters(in: .whitespacesAndNewlines)
            let value = String(piece[piece.index(after: separator)...]).trimmingCharacters(in: .whitespacesAndNewlines)
            if key.lowercased().hasPrefix("sb://") { throw .missingEndpointPrefix }
            guard !key.isEmpty else { throw .malformedPair(position: index + 1) }

            let normalized = key.lowercased()
            guard pairs[normalized] == nil else { throw .duplicateKey(key) }
            pairs[normalized] = value
        }
        return pairs
    }

    /// Returns the host of an `sb://<host>[/]` endpoint.
    private static func namespaceHost(fromEndpoint endpoint: String) throws(EventHubsConnectionStringError) -> String {
        let invalid = EventHubsConnectionStringError.invalidEndpoint(displayable(endpoint))
        guard endpoint.lowercased().hasPrefix("sb://") else { throw invalid }

        var host = Substring(endpoint.dropFirst("sb://".count))
        if host.hasSuffix("/") {
            host = host.dropLast()
        }
        guard !host.isEmpty, host.allSatisfy(isHostCharacter),
              let first = host.first, let last = host.last,
              first != "." && first != "-" && last != "." && last != "-"
        else { throw invalid }
        return host.lowercased()
    }

    private static func isHostCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "-")
    }

    /// Returns `endpoint` when it holds only host and URL characters and is short, or nil, so that an error
    /// never echoes text that could contain a key.
    private static func displayable(_ endpoint: String) -> String? {
        let allowed = endpoint.allSatisfy { isHostCharacter($0) || ":/_".contains($0) }
        return allowed && endpoint.count <= 300 ? endpoint : nil
    }
}

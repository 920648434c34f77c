import Core
import Foundation
import EventHubs
import Testing

@Suite("EventHubsConnectionString")
struct EventHubsConnectionStringTests {
    /// A made-up key in the base64 form of real keys, with the trailing `=` that forbids splitting at every `=`.
    static let key = "AAAAexampleBase64key0000000000000000000000="

    @Test func parsesNamespaceString() throws {
        let text = "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen-bridge;"
            + "SharedAccessKey=\(Self.key)"

        let parsed = try EventHubsConnectionString(parsing: text)

        #expect(parsed.namespaceHost == "ns-example.servicebus.windows.net")
        #expect(parsed.endpoint == "sb://ns-example.servicebus.windows.net/")
        #expect(parsed.sharedAccessKeyName == "listen-bridge")
        #expect(parsed.sharedAccessKey.revealed() == Self.key)
        #expect(parsed.entityPath == nil)
        #expect(parsed.secret.revealed() == text)
    }

    @Test func parsesTrailingSemicolonMixedCaseAndSpaces() throws {
        let text = "  endpoint = sb://NS-Example.servicebus.windows.net ; SHAREDACCESSKEYNAME=listen ;"
            + " sharedAccessKey=\(Self.key) ; EntityPath = insights-logs-auditevent ;  "

        let parsed = try EventHubsConnectionString(parsing: text)

        #expect(parsed.namespaceHost == "ns-example.servicebus.windows.net")
        #expect(parsed.sharedAccessKeyName == "listen")
        #expect(parsed.sharedAccessKey.revealed() == Self.key)
        #expect(parsed.entityPath == "insights-logs-auditevent")
        #expect(parsed.secret.revealed() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test func ignoresUnknownKeys() throws {
        let text = "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;"
            + "SharedAccessKey=\(Self.key);TransportType=Amqp"

        let parsed = try EventHubsConnectionString(parsing: text)

        #expect(parsed.sharedAccessKeyName == "listen")
    }

    @Test func descriptionRedactsKey() throws {
        let parsed = try EventHubsConnectionString(
            parsing: "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;"
                + "SharedAccessKey=\(Self.key);EntityPath=hub"
        )
        var dumped = ""
        dump(parsed, to: &dumped)

        #expect(parsed.description == "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;"
            + "SharedAccessKey=<redacted>;EntityPath=hub")
        #expect(!String(reflecting: parsed).contains(Self.key))
        #expect(!dumped.contains(Self.key))
    }

    static let rejections: [(text: String, error: EventHubsConnectionStringError)] = [
        ("", .empty),
        ("   ", .empty),
        (
            "SharedAccessSignature sr=ns-example.servicebus.windows.net&sig=\(key)&se=1700000000&skn=listen",
            .sharedAccessSignatureNotSupported
        ),
        (
            "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature "
                + "sr=x&sig=\(key)&se=1700000000&skn=listen",
            .sharedAccessSignatureNotSupported
        ),
        (
            "sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=\(key)",
            .missingEndpointPrefix
        ),
        ("SharedAccessKeyName=listen;SharedAccessKey=\(key)", .missingEndpoint),
        ("Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKey=\(key)", .missingSharedAccessKeyName),
        ("Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen", .missingSharedAccessKey),
        (
            "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=",
            .missingSharedAccessKey
        ),
        (
            "Endpoint=https://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=\(key)",
            .invalidEndpoint("https://ns-example.servicebus.windows.net/")
        ),
        (
            "Endpoint=sb://ns-example.servicebus.windows.net:9093/;SharedAccessKeyName=listen;SharedAccessKey=\(key)",
            .invalidEndpoint("sb://ns-example.servicebus.windows.net:9093/")
        ),
        (
            "Endpoint=sb://ns-example.servicebus.windows.net/hub;SharedAccessKeyName=listen;SharedAccessKey=\(key)",
            .invalidEndpoint("sb://ns-example.servicebus.windows.net/hub")
        ),
        ("Endpoint=sb://;SharedAccessKeyName=listen;SharedAccessKey=\(key)", .invalidEndpoint("sb://")),
        (
            "Endpoint=sb://ns-example.servicebus.windows.net/ SharedAccessKey=\(key);SharedAccessKeyName=listen",
            .invalidEndpoint(nil)
        ),
        (
            "Endpoint=sb://ns-example.servicebus.windows.net/;listen;SharedAccessKey=\(key)",
            .malformedPair(position: 2)
        ),
        (
            "Endpoint=sb://ns-example.servicebus.windows.net/;SharedAccessKeyName=listen;"
                + "SharedAccessKey=\(key);sharedaccesskey=\(key)",
            .duplicateKey("sharedaccesskey")
        ),
    ]

    @Test(arguments: rejections)
    func rejectsInvalidString(text: String, expected: EventHubsConnectionStringError) {
        #expect(throws: expected) { try EventHubsConnectionString(parsing: text) }
    }

    @Test(arguments: rejections)
    func rejectionTextOmitsKey(text: String, expected: EventHubsConnectionStringError) {
        #expect(!expected.description.contains(Self.key))
        #expect(!expected.description.contains("AAAAexample"))
        if !text.isEmpty {
            #expect(!expected.description.contains(text))
        }
    }

    @Test func missingPrefixErrorNamesThePrefix() {
        let error = EventHubsConnectionStringError.missingEndpointPrefix

        #expect(error.description.contains("the Endpoint= prefix is missing"))
    }

    @Test func signatureErrorSaysTokensAreRejected() {
        let error = EventHubsConnectionStringError.sharedAccessSignatureNotSupported

        #expect(error.description.contains("Kafka endpoint does not accept"))
        #expect(error.description.contains("SharedAccessKey"))
    }
}

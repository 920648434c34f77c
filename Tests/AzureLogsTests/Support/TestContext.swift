import AzureLogs

extension MessageContext {
    /// A Kafka timestamp of 2026-03-01T12:00:00.250Z and a receive time one second later.
    static let sample = MessageContext(
        kafkaTimestampMilliseconds: 1_772_366_400_250, receivedAtMilliseconds: 1_772_366_401_250
    )
}

/// 2026-03-01T10:00:00Z in seconds since the epoch.
let tenOClockSeconds: UInt32 = 1_772_359_200

extension AzureLogNormalizer {
    /// Normalizes UTF-8 text with the sample context.
    func normalize(text: String, context: MessageContext = .sample) -> NormalizedMessage {
        normalize(Array(text.utf8), context: context)
    }
}

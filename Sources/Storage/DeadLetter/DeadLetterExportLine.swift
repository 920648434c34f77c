import Foundation

/// One line of a dead-letter export: a JSON object with every column.
///
/// Keys follow the column names. Byte fields appear twice: `<field>_base64` contains the bytes in standard base64,
/// and `<field>_text` contains them as text when they are valid UTF-8, or null. Absent values are null, so every
/// line has the same keys.
struct DeadLetterExportLine: Encodable {
    struct Header: Encodable {
        var name: String
        var value: [UInt8]?

        enum CodingKeys: String, CodingKey {
            case name
            case valueBase64 = "value_base64"
            case valueText = "value_text"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(value.map(DeadLetterExportLine.base64), forKey: .valueBase64)
            try container.encode(value.flatMap(DeadLetterExportLine.text), forKey: .valueText)
        }
    }

    var letter: DeadLetter

    enum CodingKeys: String, CodingKey {
        case id
        case createdAtMilliseconds = "created_at_ms"
        case kafkaTopic = "kafka_topic"
        case kafkaPartition = "kafka_partition"
        case kafkaOffset = "kafka_offset"
        case kafkaTimestampMilliseconds = "kafka_timestamp_ms"
        case kafkaKeyBase64 = "kafka_key_base64"
        case kafkaKeyText = "kafka_key_text"
        case kafkaValueBase64 = "kafka_value_base64"
        case kafkaValueText = "kafka_value_text"
        case kafkaHeaders = "kafka_headers"
        case reason
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case mode
        case project
        case logstore
        case attempts
        case refusedEntries = "refused_entries"
        case recordEntryCount = "record_entry_count"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(letter.id, forKey: .id)
        try container.encode(letter.createdAtMilliseconds, forKey: .createdAtMilliseconds)
        try container.encode(letter.kafkaTopic, forKey: .kafkaTopic)
        try container.encode(letter.kafkaPartition, forKey: .kafkaPartition)
        try container.encode(letter.kafkaOffset, forKey: .kafkaOffset)
        try container.encode(letter.kafkaTimestampMilliseconds, forKey: .kafkaTimestampMilliseconds)
        try container.encode(letter.kafkaKey.map(Self.base64), forKey: .kafkaKeyBase64)
        try container.encode(letter.kafkaKey.flatMap(Self.text), forKey: .kafkaKeyText)
        try container.encode(letter.kafkaValue.map(Self.base64), forKey: .kafkaValueBase64)
        try container.encode(letter.kafkaValue.flatMap(Self.text), forKey: .kafkaValueText)
        try container.encode(letter.kafkaHeaders.map { Header(name: $0.name, value: $0.value) }, forKey: .kafkaHeaders)
        try container.encode(letter.reason.rawValue, forKey: .reason)
        try container.encode(letter.errorCode, forKey: .errorCode)
        try container.encode(letter.errorMessage, forKey: .errorMessage)
        try container.encode(letter.mode?.rawValue, forKey: .mode)
        try container.encode(letter.project, forKey: .project)
        try container.encode(letter.logstore, forKey: .logstore)
        try container.encode(letter.attempts, forKey: .attempts)
        try container.encode(letter.refusedEntries?.text, forKey: .refusedEntries)
        try container.encode(letter.refusedEntries?.recordEntryCount, forKey: .recordEntryCount)
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    static func text(_ bytes: [UInt8]) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// Returns the line's JSON text without a trailing newline. Keys are sorted, so lines compare as text.
    static func jsonLine(_ letter: DeadLetter) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(DeadLetterExportLine(letter: letter))
        return String(decoding: data, as: UTF8.self)
    }
}

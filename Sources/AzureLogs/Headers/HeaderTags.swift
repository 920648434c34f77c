/// The LogGroup tags made from a Kafka record's headers.
///
/// Each header becomes the tag `ehb_header_<name>`, with the name's characters other than `A-Z`, `a-z`, `0-9`
/// and `_` replaced by `_` and the key cut to the maximum key length. A key that repeats (a repeated header,
/// or two names that become the same) gets the suffix `_2`, `_3`, and so on. The value is the header's text
/// (see ``AMQPHeaderValue``), empty for a header without a value, and truncated like a content value when
/// it is longer than the value limit. A header never makes the message fail.
struct HeaderTags {
    var tags: [(key: String, value: String)] = []
    /// Headers whose value became `base64:` text because it was neither an AMQP value nor UTF-8.
    var base64Count = 0
    /// Tags whose value was truncated, with the original size in bytes.
    var truncated: [(key: String, originalBytes: Int)] = []

    init(_ headers: [(name: String, value: [UInt8]?)], limits: NormalizationLimits) {
        tags.reserveCapacity(headers.count)
        for header in headers {
            let name = BridgeFieldKey.headerTagPrefix + SLSKeyRule.keyCharacters(header.name)
            var key = name.utf8.count > limits.maximumKeyBytes ? String(name.utf8.prefix(limits.maximumKeyBytes))! : name
            key = SLSKeyRule.unique(key, maximumBytes: limits.maximumKeyBytes) { candidate in
                tags.contains { $0.key == candidate }
            }

            var value = ""
            if let bytes = header.value {
                let decoded = bytes.withUnsafeBufferPointer { AMQPHeaderValue.text($0) }
                value = decoded.text
                if decoded.isBase64 {
                    base64Count += 1
                }
            }
            let size = value.utf8.count
            if size > limits.maximumValueBytes {
                value = EntrySizeLimiter.truncated(value, originalBytes: size, toBytes: limits.maximumValueBytes)
                truncated.append((key, size))
            }
            tags.append((key, value))
        }
    }
}

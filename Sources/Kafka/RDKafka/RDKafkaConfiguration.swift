internal import CRdKafka
import Core

/// Builds librdkafka configuration objects (`rd_kafka_conf_t`) from rendered properties.
enum RDKafkaConfiguration {
    /// Creates an `rd_kafka_conf_t` holding `properties`.
    ///
    /// The caller owns the result: it passes it to `rd_kafka_new`, which takes ownership on success, or
    /// destroys it with `rd_kafka_conf_destroy`. Throws every property librdkafka rejects. The value of a
    /// secret property never appears in the error, even where librdkafka's own message quotes it.
    static func make(_ properties: KafkaProperties) throws(KafkaConfigurationError) -> OpaquePointer {
        let configuration = rd_kafka_conf_new()!
        var problems: [KafkaConfigurationError.Problem] = []

        for property in properties.entries {
            let value = property.value.revealed()
            var message = [CChar](repeating: 0, count: 512)
            let result = rd_kafka_conf_set(configuration, property.key, value, &message, message.count)
            guard result != RD_KAFKA_CONF_OK else { continue }

            var reason = String(nullTerminated: message)
            if case .secret = property.value, !value.isEmpty {
                reason = reason.replacingAll(value, with: SecretRedactor.placeholder)
            }
            problems.append(.rejectedByLibrdkafka(key: property.key, reason: reason))
        }

        if !problems.isEmpty {
            rd_kafka_conf_destroy(configuration)
            throw KafkaConfigurationError(problems: problems)
        }
        return configuration
    }

    /// Reads one property back from a configuration object, or nil when it has no value.
    static func value(of key: String, in configuration: OpaquePointer) -> String? {
        var size = 0
        guard rd_kafka_conf_get(configuration, key, nil, &size) == RD_KAFKA_CONF_OK, size > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: size)
        guard rd_kafka_conf_get(configuration, key, &buffer, &size) == RD_KAFKA_CONF_OK else { return nil }
        return String(nullTerminated: buffer)
    }
}

extension String {
    /// Creates a string from a C buffer that contains a NUL terminator.
    init(nullTerminated buffer: [CChar]) {
        self = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Returns a copy with every occurrence of `target` replaced.
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var remainder = self[...]
        while let range = remainder.firstRange(of: target) {
            result += remainder[..<range.lowerBound]
            result += replacement
            remainder = remainder[range.upperBound...]
        }
        result += remainder
        return result
    }
}

/// Every problem found in a Kafka client configuration, reported together so that one run shows them all.
public struct KafkaConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem in a configuration. Each description names the field or librdkafka key and the fix.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// A required field is empty.
        case missingValue(field: String, fix: String)
        /// A field is outside the range librdkafka accepts or the contract allows.
        case invalidValue(field: String, value: String, fix: String)
        /// `additionalProperties` sets a key that the client owns; `replacement` says what to use instead.
        case ownedProperty(key: String, replacement: String)
        /// librdkafka rejected a property or the whole configuration. Secret values are removed from `reason`.
        case rejectedByLibrdkafka(key: String?, reason: String)

        public var description: String {
            switch self {
            case .missingValue(let field, let fix):
                "\(field) is missing: \(fix)"
            case .invalidValue(let field, let value, let fix):
                "\(field) has the invalid value \(value): \(fix)"
            case .ownedProperty(let key, let replacement):
                "additionalProperties must not set \"\(key)\" because the client sets it itself: \(replacement)"
            case .rejectedByLibrdkafka(let key?, let reason):
                "librdkafka rejected the property \"\(key)\": \(reason)"
            case .rejectedByLibrdkafka(nil, let reason):
                "librdkafka rejected the configuration: \(reason)"
            }
        }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        if problems.count == 1 {
            return "Invalid Kafka configuration: \(problems[0])"
        }
        let lines = problems.map { "- \($0)" }.joined(separator: "\n")
        return "Invalid Kafka configuration (\(problems.count) problems):\n\(lines)"
    }
}

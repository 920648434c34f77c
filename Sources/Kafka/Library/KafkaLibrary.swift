internal import CRdKafka
import Foundation

/// Facts about the librdkafka library the process is linked with.
public enum KafkaLibrary {
    /// The librdkafka version, such as `2.0.2`.
    public static var version: String {
        String(cString: rd_kafka_version_str())
    }

    /// The features librdkafka was built with (`builtin.features`), such as `ssl` and `sasl_plain`,
    /// in the order librdkafka lists them.
    public static var builtinFeatures: [String] {
        let configuration = rd_kafka_conf_new()!
        defer { rd_kafka_conf_destroy(configuration) }

        let list = RDKafkaConfiguration.value(of: "builtin.features", in: configuration) ?? ""
        let features = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        return features.filter { !$0.isEmpty }
    }

    /// Returns the features of `required` that this build lacks, in the order given.
    public static func missingFeatures(_ required: [String]) -> [String] {
        let available = Set(builtinFeatures)
        return required.filter { !available.contains($0) }
    }
}

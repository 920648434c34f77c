import Core
import Kafka
import SLS

/// Turns a sealed batch into the exact PutLogs body: one LogGroup protobuf, compressed.
///
/// `run` and `dry-run` both use this type, so a dry run meters the same byte counts a real run sends.
struct BatchEncoder: Sendable {
    let project: String
    let logstore: String
    let compression: SLSCompression
    /// `__topic__` of every LogGroup; nil uses the Kafka topic.
    let topic: String?
    /// `__source__` of every LogGroup.
    let source: String
    /// Tags added to every LogGroup besides the per-batch Kafka tags.
    let extraTags: [LogTag]

    /// Returns the LogGroup tags that name where a batch came from. Keys carry the `ehb_` prefix of the fields
    /// ehbridge adds; SLS shows them as `__tag__:<key>`.
    static func kafkaTags(for partition: TopicPartition) -> [LogTag] {
        [
            LogTag(key: "ehb_kafka_topic", value: partition.topic),
            LogTag(key: "ehb_kafka_partition", value: String(partition.partition)),
        ]
    }

    func logGroup(for batch: Batch) -> LogGroup {
        LogGroup(
            logs: batch.entries, topic: topic ?? batch.partition.topic, source: source,
            tags: extraTags + Self.kafkaTags(for: batch.partition) + batch.key.tags
        )
    }

    /// Encodes and compresses `batch`. Throws only when the compressor fails, which is not expected for
    /// the built-in algorithms.
    func encode(_ batch: Batch) throws(SLSCompressionError) -> PutLogsRequest {
        let raw = LogGroupEncoder.encode(logGroup(for: batch))
        let body = try SLSCompressor.compress(raw, using: compression)
        return PutLogsRequest(
            project: project, logstore: logstore, body: body, rawSize: raw.count, compression: compression,
            hashKey: batch.key.hashKey
        )
    }
}

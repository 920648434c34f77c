import Core
import Kafka

/// Log entries of one partition that will be sent as one PutLogs request, with the Kafka records they
/// came from.
///
/// Each record's raw bytes and its count are attributed to the batch that holds its first entry, so that
/// summing over batches gives each record once. A record whose entries do not fit one batch appears in
/// ``records`` of every batch that holds some of them.
struct Batch: Sendable {
    let partition: TopicPartition
    /// Identifies the batch in logs and in the delivery stage; unique within a pipeline.
    let id: UInt64
    var entries: [LogEntry] = []
    /// Records with at least one entry in this batch, in offset order, each once.
    var records: [KafkaRecord] = []
    /// Records whose first entry is in this batch.
    var firstEntryRecordCount = 0
    /// Kafka value bytes of the records whose first entry is in this batch.
    var rawBytes = 0
    /// Encoded LogGroup size of ``entries``, without topic, source and tags.
    var encodedBytes = 0
    /// Monotonic milliseconds when the first entry was added.
    var openedAtMilliseconds: UInt64

    init(partition: TopicPartition, id: UInt64, openedAtMilliseconds: UInt64) {
        self.partition = partition
        self.id = id
        self.openedAtMilliseconds = openedAtMilliseconds
    }

    var firstOffset: Int64? { records.first?.offset }
    var lastOffset: Int64? { records.last?.offset }
}

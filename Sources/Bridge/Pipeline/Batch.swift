import Core
import Kafka
import SLS
import Storage

/// Log entries of one partition that will be sent as one PutLogs request, with the Kafka records they
/// came from.
///
/// Each record's raw bytes and its count are attributed to the batch that contains its first entry, so that
/// summing over batches gives each record once. A record whose entries do not fit one batch appears in
/// ``records`` of every batch that holds some of them.
struct Batch: Sendable {
    let partition: TopicPartition
    /// Identifies the batch in logs and in the delivery stage; unique within a pipeline.
    let id: UInt64
    var entries: [LogEntry] = []
    /// For each entry, the index in ``records`` of the record it came from.
    var entryRecords: [Int] = []
    /// For each entry, whether it is the first entry of its record (which carries the record's raw bytes).
    var entryIsFirst: [Bool] = []
    /// For each entry, its number among the entries of its record, from 0. Empty in batches of a replay.
    var entryIndices: [Int32] = []
    /// Records with at least one entry in this batch, in offset order, each once.
    var records: [KafkaRecord] = []
    /// For each record in ``records``, how many entries normalization made of it. Empty in batches of a replay.
    var recordEntryCounts: [Int32] = []
    /// Records whose first entry is in this batch.
    var firstEntryRecordCount = 0
    /// Kafka value bytes of the records whose first entry is in this batch.
    var rawBytes = 0
    /// Encoded LogGroup size of ``entries``, without topic, source and tags.
    var encodedBytes = 0
    /// The number of entries that ``releaseEntries()`` dropped, which ``entryCount`` still counts.
    private(set) var releasedEntryCount = 0
    /// Monotonic milliseconds when the first entry was added.
    var openedAtMilliseconds: UInt64
    /// The shard hash key and LogGroup tags shared by every entry of the batch.
    let key: BatchKey

    init(partition: TopicPartition, id: UInt64, openedAtMilliseconds: UInt64, key: BatchKey = BatchKey()) {
        self.partition = partition
        self.id = id
        self.openedAtMilliseconds = openedAtMilliseconds
        self.key = key
    }

    /// The log entries of the batch, released ones included.
    var entryCount: Int { entries.count + releasedEntryCount }

    /// Drops the entries once the encoded request carries them, so that their memory is free while the batch
    /// waits for the Logstore. ``entryRecords`` and ``entryIsFirst`` stay. When the batch must be split,
    /// ``restoreEntries(_:)`` puts the entries back, decoded from the request.
    mutating func releaseEntries() {
        releasedEntryCount += entries.count
        entries = []
    }

    /// Puts back entries that ``releaseEntries()`` dropped, in their order.
    mutating func restoreEntries(_ restored: [LogEntry]) {
        entries = restored
        releasedEntryCount = 0
    }

    /// Returns the entries of the record at `recordIndex` in ``records`` that this batch contains, or nil when it
    /// contains all of them or the batch does not know (a batch of a replay).
    func partialEntries(ofRecord recordIndex: Int) -> RefusedEntries? {
        guard recordIndex < recordEntryCounts.count, entryIndices.count == entryRecords.count else { return nil }
        let indices = zip(entryRecords, entryIndices).lazy.filter { $0.0 == recordIndex }.map { Int($0.1) }
        return RefusedEntries(indices: indices, recordEntryCount: Int(recordEntryCounts[recordIndex]))
    }

    /// The value sizes of the records whose first entry is in this batch, which bill their Event Hubs events here.
    /// With `shard_hash_field` these need not be the last records: a record's first entry can go to another
    /// batch than the entries that follow it.
    var firstEntryRecordValueSizes: [Int] {
        zip(entryRecords, entryIsFirst).compactMap { recordIndex, isFirst in
            isFirst ? records[recordIndex].value?.count ?? 0 : nil
        }
    }

    var firstOffset: Int64? { records.first?.offset }
    var lastOffset: Int64? { records.last?.offset }

    /// Returns the batch holding the entries in `range`, with only the records those entries came from and
    /// the raw bytes of the records whose first entry falls in `range`.
    func slice(_ range: Range<Int>, id: UInt64) -> Batch {
        var part = Batch(partition: partition, id: id, openedAtMilliseconds: openedAtMilliseconds, key: key)
        var newIndex: [Int: Int] = [:]
        for position in range {
            let recordIndex = entryRecords[position]
            let mapped: Int
            if let existing = newIndex[recordIndex] {
                mapped = existing
            } else {
                mapped = part.records.count
                newIndex[recordIndex] = mapped
                part.records.append(records[recordIndex])
                if recordIndex < recordEntryCounts.count { part.recordEntryCounts.append(recordEntryCounts[recordIndex]) }
            }
            let entry = entries[position]
            part.entries.append(entry)
            part.entryRecords.append(mapped)
            part.entryIsFirst.append(entryIsFirst[position])
            if position < entryIndices.count { part.entryIndices.append(entryIndices[position]) }
            part.encodedBytes += LogEntrySize.inLogGroup(entry)
            if entryIsFirst[position] {
                part.firstEntryRecordCount += 1
                part.rawBytes += records[recordIndex].value?.count ?? 0
            }
        }
        return part
    }
}

/// What the entries of one request must share: the shard hash key (`/shards/route?key=`, or nil for
/// `/shards/lb`) and the LogGroup tags.
struct BatchKey: Hashable, Sendable, Comparable {
    var hashKey: String?
    var tags: [LogTag]

    init(hashKey: String? = nil, tags: [LogTag] = []) {
        self.hashKey = hashKey
        self.tags = tags
    }

    static func < (lhs: BatchKey, rhs: BatchKey) -> Bool {
        (lhs.hashKey ?? "", lhs.tags.map { $0.key + "=" + $0.value }.joined(separator: "\u{1}"))
            < (rhs.hashKey ?? "", rhs.tags.map { $0.key + "=" + $0.value }.joined(separator: "\u{1}"))
    }
}

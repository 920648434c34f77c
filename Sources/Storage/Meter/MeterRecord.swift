/// One row of `meter_writes`: one PutLogs request that SLS accepted, or that a dry run encoded. Sizes are in
/// bytes.
public struct MeterRecord: Sendable, Equatable {
    /// The row id, or nil for a record not yet stored.
    public var id: Int64?
    /// The time the request completed, in milliseconds since the Unix epoch (UTC).
    public var recordedAtMilliseconds: Int64
    /// The bridge instance that wrote the row, so that merged files stay apart.
    public var instanceID: String
    public var mode: MeterMode
    public var delivery: MeterDelivery
    public var project: String
    public var logstore: String
    public var kafkaTopic: String
    public var kafkaPartition: Int32
    /// The offset of the first Kafka record with entries in the request.
    public var firstOffset: Int64
    /// The offset of the last Kafka record with entries in the request.
    public var lastOffset: Int64
    /// The Kafka records whose first entries this request carried, so that summing rows counts each record once.
    public var recordCount: Int
    /// The log entries in the request's LogGroup.
    public var entryCount: Int
    /// The Kafka record values as received, before normalization.
    public var rawBytes: Int64
    /// The size of the LogGroup protobuf before compression, which is the request's `x-log-bodyrawsize` header.
    public var normalizedBytes: Int64
    /// The size of the request body as sent, after compression.
    public var compressedBytes: Int64
    /// The `x-log-compresstype` of the body, such as `lz4` or `zstd`, or `none`.
    public var compression: String
    /// The HTTP attempts this request took, retries included. At least 1. SLS bills every attempt as a request.
    public var requestCount: Int
    /// The raw bytes that the Logstore's index setting indexes, or nil in a row written before `meter_v2`.
    public var indexedBytes: Int64?
    /// The bytes the request adds to Logstore storage: the compressed body plus the indexed bytes, which is how
    /// SLS sizes storage. Nil in a row written before `meter_v2`.
    public var storedBytes: Int64?
    /// Event Hubs billable events of the Kafka records counted in ``recordCount``: each record counts one
    /// event per started 64 KiB of its value. Nil in a row written before `meter_v2`.
    public var billableEvents: Int64?
    /// The Logstore settings the row was priced with, or nil in a row written before `meter_v2`.
    public var logstoreProfile: MeterLogstoreProfile?
    /// The earliest and latest Kafka timestamps of the request's records, in milliseconds since the Unix epoch:
    /// when they were written to the hub. Nil in a row written before `meter_v3`, in a replayed record's row, and
    /// when no record had a plausible timestamp.
    public var firstRecordTimeMilliseconds: Int64?
    public var lastRecordTimeMilliseconds: Int64?

    public init(
        id: Int64? = nil,
        recordedAtMilliseconds: Int64,
        instanceID: String,
        mode: MeterMode,
        delivery: MeterDelivery,
        project: String,
        logstore: String,
        kafkaTopic: String,
        kafkaPartition: Int32,
        firstOffset: Int64,
        lastOffset: Int64,
        recordCount: Int,
        entryCount: Int,
        rawBytes: Int64,
        normalizedBytes: Int64,
        compressedBytes: Int64,
        compression: String,
        requestCount: Int,
        indexedBytes: Int64? = nil,
        storedBytes: Int64? = nil,
        billableEvents: Int64? = nil,
        logstoreProfile: MeterLogstoreProfile? = nil,
        firstRecordTimeMilliseconds: Int64? = nil,
        lastRecordTimeMilliseconds: Int64? = nil
    ) {
        self.id = id
        self.recordedAtMilliseconds = recordedAtMilliseconds
        self.instanceID = instanceID
        self.mode = mode
        self.delivery = delivery
        self.project = project
        self.logstore = logstore
        self.kafkaTopic = kafkaTopic
        self.kafkaPartition = kafkaPartition
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.recordCount = recordCount
        self.entryCount = entryCount
        self.rawBytes = rawBytes
        self.normalizedBytes = normalizedBytes
        self.compressedBytes = compressedBytes
        self.compression = compression
        self.requestCount = requestCount
        self.indexedBytes = indexedBytes
        self.storedBytes = storedBytes
        self.billableEvents = billableEvents
        self.logstoreProfile = logstoreProfile
        self.firstRecordTimeMilliseconds = firstRecordTimeMilliseconds
        self.lastRecordTimeMilliseconds = lastRecordTimeMilliseconds
    }
}

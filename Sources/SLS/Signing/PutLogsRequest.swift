import Core

/// One encoded and compressed LogGroup bound for one Logstore.
public struct PutLogsRequest: Sendable {
    public var project: String
    /// The Logstore name. SLS allows only lowercase letters, digits, `-` and `_`, so the path needs no encoding.
    public var logstore: String
    /// The bytes on the wire, after compression.
    public var body: [UInt8]
    /// The body size in bytes before compression, sent as `x-log-bodyrawsize`.
    public var rawSize: Int
    public var compression: SLSCompression
    /// The shard hash key. With nil the request goes to `/shards/lb`, where SLS picks a shard. With a key
    /// (32 lowercase hex digits) it goes to `/shards/route?key=`, and the shard whose MD5 range contains the key
    /// receives it.
    public var hashKey: String?

    public init(
        project: String, logstore: String, body: [UInt8], rawSize: Int, compression: SLSCompression,
        hashKey: String? = nil
    ) {
        self.project = project
        self.logstore = logstore
        self.body = body
        self.rawSize = rawSize
        self.compression = compression
        self.hashKey = hashKey
    }

    /// Encodes `group` and compresses it with `compression`.
    ///
    /// - Throws: ``SLSCompressionError`` when compression fails.
    public init(
        project: String, logstore: String, group: LogGroup, compression: SLSCompression, hashKey: String? = nil
    ) throws(SLSCompressionError) {
        let raw = LogGroupEncoder.encode(group)
        let body = try SLSCompressor.compress(raw, using: compression)
        self.init(
            project: project, logstore: logstore, body: body, rawSize: raw.count, compression: compression,
            hashKey: hashKey
        )
    }

    /// `/logstores/{logstore}/shards/lb`, or `/logstores/{logstore}/shards/route` with a hash key.
    public var path: String {
        hashKey == nil ? "/logstores/\(logstore)/shards/lb" : "/logstores/\(logstore)/shards/route"
    }

    /// The raw query: `key` with the hash key, or nothing.
    public var query: [(name: String, value: String)] {
        guard let hashKey else { return [] }
        return [("key", hashKey)]
    }
}

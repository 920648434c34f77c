/// Delivery settings: the bound on memory in flight, the retry delays and the shutdown timeout.
public struct DeliveryConfiguration: Sendable, Equatable {
    /// Raw Kafka bytes read but not yet acknowledged at which the busiest partitions are paused.
    ///
    /// The default, 32 MiB, is twice what the open batches of 32 partitions (the most Event Hubs Standard allows)
    /// reach at the default `batching.max_bytes`. A higher limit mostly queues batches behind the concurrent
    /// requests: in a `make bench` run with 200 MB over 32 partitions, 64 MiB let 165 batches wait at once and
    /// raised the peak resident size by about 35 MiB, with no gain in throughput.
    public var maxBytesInFlight: Int
    /// Raw bytes in flight at or below which paused partitions resume.
    public var resumeBytesInFlight: Int
    /// First retry delay in milliseconds; each retry doubles the bound, with full jitter.
    public var retryBaseMilliseconds: Int
    /// Upper bound of a retry delay in milliseconds. Retries never stop, so data is not dropped.
    public var retryMaxMilliseconds: Int
    /// Upper bound of a retry delay while an error needs an operator (credentials, missing Logstore).
    public var operatorRetryMaxMilliseconds: Int
    /// How long shutdown waits for in-flight batches before it commits what was acknowledged.
    public var shutdownTimeoutMilliseconds: Int
    /// Kibibytes of fetched messages librdkafka may queue before the application reads them
    /// (`queued.max.messages.kbytes`). The bound covers the whole consumer queue, not each partition.
    public var prefetchKilobytes: Int
    /// Kibibytes one fetch response may carry over all its partitions (`fetch.max.bytes`), where each partition
    /// adds at most 1 MiB (`max.partition.fetch.bytes`). librdkafka keeps one fetch in flight per broker, so a broker
    /// delivers at most this much per round trip, and it keeps each response in memory until its last message is
    /// read. A smaller bound saves memory and CPU near the broker and caps the throughput far from it
    /// (docs/operations.md, Sizing, has measurements).
    public var fetchMaxKilobytes: Int

    /// The allowed ``fetchMaxKilobytes``. The consumer's `max.partition.fetch.bytes` is 1 MiB, so 1 MiB is the
    /// floor. It is also above librdkafka's default `message.max.bytes` (1,000,000), below which librdkafka
    /// rejects `fetch.max.bytes`. The ceiling keeps `fetch.max.bytes` within librdkafka's 32-bit range.
    public static let fetchMaxKilobytesRange = 1_024...2_097_151

    /// ``fetchMaxKilobytes`` in bytes, the consumer's `fetch.max.bytes`.
    public var fetchMaxBytes: Int { fetchMaxKilobytes * 1024 }

    public init(
        maxBytesInFlight: Int = 32 * 1024 * 1024, resumeBytesInFlight: Int = 16 * 1024 * 1024,
        retryBaseMilliseconds: Int = 100, retryMaxMilliseconds: Int = 30_000, operatorRetryMaxMilliseconds: Int = 60_000,
        shutdownTimeoutMilliseconds: Int = 30_000, prefetchKilobytes: Int = 32_768, fetchMaxKilobytes: Int = 16_384
    ) {
        self.maxBytesInFlight = maxBytesInFlight
        self.resumeBytesInFlight = resumeBytesInFlight
        self.retryBaseMilliseconds = retryBaseMilliseconds
        self.retryMaxMilliseconds = retryMaxMilliseconds
        self.operatorRetryMaxMilliseconds = operatorRetryMaxMilliseconds
        self.shutdownTimeoutMilliseconds = shutdownTimeoutMilliseconds
        self.prefetchKilobytes = prefetchKilobytes
        self.fetchMaxKilobytes = fetchMaxKilobytes
    }

    var retryPolicy: RetryPolicy {
        RetryPolicy(baseMilliseconds: retryBaseMilliseconds, capMilliseconds: retryMaxMilliseconds,
                    operatorCapMilliseconds: operatorRetryMaxMilliseconds)
    }
}

import Core

/// Shard routing keys for `/logstores/{logstore}/shards/route?key=`.
///
/// Each shard of a Logstore owns a range of 128-bit keys written as 32 lowercase hex digits (an MD5 range), and a
/// request routed with a key goes to the shard whose `[inclusiveBeginKey, exclusiveEndKey)` contains it. Taking
/// the key from a log field, such as the Azure resource ID, sends every log of one resource to one shard, where
/// they keep their order. Batches must then hold entries of one key only.
///
/// With many distinct values, one key per value gives many small batches. A bucket count folds the keys onto that
/// many evenly spaced values: the key keeps the leading bits of the MD5 and sets the rest to zero. Entries with the
/// same value still share a key. The official Go producer's `AdjustHash` follows the same idea with its `Buckets`
/// setting.
public enum ShardHashKey {
    /// The largest bucket count accepted; like the Go producer, which allows 1 to 256.
    public static let maxBuckets = 256

    /// Returns the key of `value`: the MD5 of its UTF-8 bytes as 32 lowercase hex digits, or with `buckets` (a power
    /// of two from 1 to 256) the lower bound of the bucket that contains that MD5.
    public static func key(forValue value: String, buckets: Int? = nil) -> String {
        var digest = Digest.md5(Array(value.utf8))
        if let buckets {
            precondition(isValidBucketCount(buckets), "bucket count \(buckets) is not a power of two from 1 to 256")
            keepLeadingBits(buckets.trailingZeroBitCount, of: &digest)
        }
        return Digest.hex(digest, uppercase: false)
    }

    /// Returns the key of `entry`'s value for `field`, or nil when the entry has no content with that key, in which
    /// case the entry goes to `/shards/lb` and SLS picks the shard. An empty value has a key like any other.
    public static func key(for entry: LogEntry, field: String, buckets: Int? = nil) -> String? {
        entry[field].map { key(forValue: $0, buckets: buckets) }
    }

    /// Returns whether `buckets` is a power of two from 1 to ``maxBuckets``.
    public static func isValidBucketCount(_ buckets: Int) -> Bool {
        buckets >= 1 && buckets <= maxBuckets && buckets & (buckets - 1) == 0
    }

    /// Returns whether `key` has the form SLS routes by: 32 lowercase hex digits.
    public static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        return bytes.count == 32 && bytes.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }

    /// Zeroes every bit of `digest` after the first `count`, counting from the most significant bit of byte 0.
    private static func keepLeadingBits(_ count: Int, of digest: inout [UInt8]) {
        for index in digest.indices {
            let bitsBefore = index * 8
            if bitsBefore >= count {
                digest[index] = 0
            } else if count - bitsBefore < 8 {
                digest[index] &= UInt8(truncatingIfNeeded: 0xFF << (8 - (count - bitsBefore)))
            }
        }
    }
}

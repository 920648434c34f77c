import AzureLogs
import Core

/// The checks every fuzz input must pass, whatever its bytes: the normalizer returns (no crash, no hang),
/// and every message yields entries, a raw entry or an empty outcome with no entries, with every entry fit
/// for SLS. A failed check stops the process, which the fuzzer records as a crash with the input.
enum NormalizerInvariants {
    /// Default options, and every option on with small limits so that truncation and the time window run.
    static let normalizers: [AzureLogNormalizer] = {
        var strict = NormalizationOptions()
        strict.limits.maximumInflatedBytes = 4 * 1_048_576
        var everything = NormalizationOptions(sanitizers: .all, expandFlowTuples: true)
        everything.limits = NormalizationLimits(
            maximumValueBytes: 256, maximumEntryBytes: 2048, maximumKeyBytes: 32, maximumAgeSeconds: 3600,
            maximumFutureSeconds: 60, maximumInflatedBytes: 1_048_576
        )
        return [AzureLogNormalizer(options: strict), AzureLogNormalizer(options: everything)]
    }()

    /// Normalizes `bytes` as a message value with each normalizer, and as a Kafka header value, and checks
    /// the results.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) {
        let headerContext = MessageContext(
            kafkaTimestampMilliseconds: 1_772_366_400_250, receivedAtMilliseconds: 1_772_366_401_250, kafkaOffset: 7,
            headers: [("fuzz", Array(bytes.prefix(4096))), ("empty", nil)]
        )
        let plainContext = MessageContext(kafkaTimestampMilliseconds: nil, receivedAtMilliseconds: 1_772_366_401_250)

        for normalizer in normalizers {
            let message = normalizer.normalize(payload: UnsafeRawBufferPointer(bytes), context: plainContext)
            checkMessage(message, options: normalizer.options, inputCount: bytes.count)
        }
        let withHeaders = normalizers[0].normalize(Array(#"{"a":1}"#.utf8), context: headerContext)
        require(withHeaders.tags.count == 2, "every header becomes a tag")
        require(withHeaders.tags[1].value.isEmpty, "a header without a value gives an empty tag")
        for tag in withHeaders.tags {
            require(isAcceptableKey(tag.key, maximumBytes: normalizers[0].options.limits.maximumKeyBytes), "tag key \(tag.key)")
            require(!tag.value.utf8.contains(0), "tag value without NUL")
        }
    }

    private static func checkMessage(_ message: NormalizedMessage, options: NormalizationOptions, inputCount: Int) {
        switch message.outcome {
        case .parsed(let records):
            require(records > 0, "parsed messages count their records")
            require(message.entries.count >= records || options.expandFlowTuples, "one entry per record")
            require(!message.entries.isEmpty, "parsed messages have entries")
        case .empty(let reason):
            require(message.entries.isEmpty, "empty messages have no entries")
            require(reason != .nullValue, "a payload is never a null value")
            require(reason != .zeroLength || inputCount == 0 || message.report.inflatedGzip, "zero length only for no bytes")
        case .parseError:
            require(message.entries.count == 1, "an unreadable message gives exactly one entry")
            require(message.entries[0]["ehb_raw"] != nil, "the entry keeps the raw text")
        }

        let limits = options.limits
        var anyTruncated = false
        for entry in message.entries {
            var keys = Set<String>()
            for content in entry.contents {
                require(keys.insert(content.key).inserted, "keys are unique: \(content.key)")
                require(isAcceptableKey(content.key, maximumBytes: limits.maximumKeyBytes), "key \(content.key)")
                require(content.value.utf8.count <= limits.maximumValueBytes, "value of \(content.key) within the limit")
                require(!content.value.utf8.contains(0), "value of \(content.key) without NUL")
            }
            if entry["ehb_truncated"] != nil {
                anyTruncated = true
            }
            if let nanoseconds = entry.timeNanoseconds {
                require(nanoseconds < 1_000_000_000, "nanoseconds below one second")
            }
        }
        require(!anyTruncated || message.requiresDeadLetter, "a truncated entry asks for the dead-letter store")
    }

    /// Returns whether `key` meets the SLS key rule: 1 to `maximumBytes` bytes of letters, digits and `_`, with
    /// no leading digit and no leading `__`.
    private static func isAcceptableKey(_ key: String, maximumBytes: Int) -> Bool {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumBytes, !(0x30...0x39).contains(bytes[0]) else {
            return false
        }
        guard !(bytes.count >= 2 && bytes[0] == 0x5F && bytes[1] == 0x5F) else {
            return false
        }
        return bytes.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F }
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition {
            fatalError("normalizer invariant failed: \(message())")
        }
    }
}

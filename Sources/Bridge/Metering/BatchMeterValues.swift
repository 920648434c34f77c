import Core
import SLS

/// The meter values of one accepted batch beyond its byte counts: what the Logstore indexes and stores, and how
/// many Event Hubs events its records were.
struct BatchMeterValues: Sendable, Equatable {
    /// Raw bytes the index setting indexes.
    var indexedBytes: Int64
    /// Compressed body plus indexed bytes, which is how SLS sizes storage.
    var storedBytes: Int64
    /// One event per started 64 KiB of each record value, and at least one per record.
    var billableEvents: Int64

    /// Event Hubs counts ingress events in units of this many bytes.
    static let eventUnitBytes = 65_536

    /// Computes the values of a batch sent as `logGroup` with a body of `compressedBytes`, whose first entries
    /// came from records with values of `recordValueSizes` bytes.
    ///
    /// The indexed bytes count the UTF-8 key and value of each indexed field of each log. A full-text index
    /// covers every content plus the LogGroup's `__topic__`, `__source__` and each `__tag__:<key>`. Field indexes
    /// cover only the named fields, and no index covers nothing.
    /// NOTE: SLS also indexes reserved fields such as `__time__`, which add a few bytes per log that are not
    /// counted here, so the indexed bytes are a slight underestimate.
    static func compute(
        logGroup: LogGroup, recordValueSizes: [Int], compressedBytes: Int, indexMode: PricingConfiguration.IndexMode,
        indexFields: [String]
    ) -> BatchMeterValues {
        let indexed = indexedBytes(logGroup, mode: indexMode, fields: Set(indexFields))
        let events = recordValueSizes.reduce(Int64(0)) { sum, size in
            sum + Int64(max(1, (size + eventUnitBytes - 1) / eventUnitBytes))
        }
        return BatchMeterValues(
            indexedBytes: indexed, storedBytes: Int64(compressedBytes) + indexed, billableEvents: events
        )
    }

    private static func indexedBytes(
        _ group: LogGroup, mode: PricingConfiguration.IndexMode, fields: Set<String>
    ) -> Int64 {
        var groupFields: [(key: String, value: String)] = []
        if !group.topic.isEmpty { groupFields.append(("__topic__", group.topic)) }
        if !group.source.isEmpty { groupFields.append(("__source__", group.source)) }
        groupFields += group.tags.map { ("__tag__:\($0.key)", $0.value) }

        switch mode {
        case .none:
            return 0
        case .fullText:
            let perLog = groupFields.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
            return group.logs.reduce(Int64(0)) { sum, log in
                sum + Int64(perLog) + Int64(log.contents.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count })
            }
        case .fields:
            let perLog = groupFields.filter { fields.contains($0.key) }
                .reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
            return group.logs.reduce(Int64(0)) { sum, log in
                let contents = log.contents.filter { fields.contains($0.key) }
                    .reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
                return sum + Int64(perLog + contents)
            }
        }
    }
}

import CostModel
import Foundation
import Storage

/// The pricing settings of a bridge: the Logstore settings that the meter records with every row (index, storage
/// tiers, shards), the choices that reports price with, and the sample interval of Kafka fetch bytes.
public struct PricingConfiguration: Sendable, Equatable {
    /// The Logstore's index setting.
    public enum IndexMode: String, Sendable, CaseIterable {
        /// A full-text index over every field.
        case fullText = "full-text"
        /// Field indexes on ``PricingConfiguration/indexFields`` only.
        case fields
        /// No index.
        case none

        public var meterMode: MeterIndexMode { MeterIndexMode(rawValue: rawValue) }
    }

    /// The folder of price files, or nil to search the default places (see ``PriceBook/defaultDirectory``).
    public var pricesDirectory: String?
    public var settings: CostSettings
    public var indexMode: IndexMode
    /// The indexed field names with ``IndexMode/fields``. `__topic__`, `__source__` and `__tag__:<key>` name the
    /// LogGroup's topic, source and tags.
    public var indexFields: [String]
    public var storage: StoragePolicy
    public var activeShards: Int
    /// Milliseconds between librdkafka statistics documents, whose byte counters become the meter's Kafka fetch
    /// samples (Azure egress).
    public var egressSampleIntervalMilliseconds: Int

    public init(
        pricesDirectory: String? = nil, settings: CostSettings = CostSettings(), indexMode: IndexMode = .fullText,
        indexFields: [String] = [], storage: StoragePolicy = StoragePolicy(retentionDays: 30), activeShards: Int = 2,
        egressSampleIntervalMilliseconds: Int = 60_000
    ) {
        self.pricesDirectory = pricesDirectory
        self.settings = settings
        self.indexMode = indexMode
        self.indexFields = indexFields
        self.storage = storage
        self.activeShards = activeShards
        self.egressSampleIntervalMilliseconds = egressSampleIntervalMilliseconds
    }

    /// The profile recorded with every meter row.
    public var logstoreProfile: MeterLogstoreProfile {
        MeterLogstoreProfile(
            indexMode: indexMode.meterMode, retentionDays: storage.retentionDays, hotDays: storage.hotDays,
            archiveAfterDays: storage.archiveAfterDays, activeShards: activeShards
        )
    }

    /// The Logstore facts that estimates fall back to when meter rows record none.
    public var logstoreAssumptions: LogstoreAssumptions {
        LogstoreAssumptions(policy: storage, activeShards: activeShards)
    }

    /// Returns the maximum units of an Event Hubs tier (Microsoft's tier limits: 40 TU, 16 PU, 20 CU).
    static func maxUnits(_ tier: EventHubsTier) -> Int {
        switch tier {
        case .standard: 40
        case .premium: 16
        case .dedicated: 20
        }
    }
}

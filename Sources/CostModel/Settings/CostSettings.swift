/// The choices a bill depends on beyond metered usage: which price lists apply, how the Logstore bills, and the
/// assumptions for what the meter cannot see.
public struct CostSettings: Sendable, Equatable {
    /// The Alibaba Cloud site whose SLS and CTDR prices apply.
    public var site: AlibabaSite
    /// The Azure cloud whose Event Hubs and bandwidth prices apply.
    public var azureCloud: AzureCloud
    /// The billing mode of the Logstore in the user-log-service mode.
    public var slsBilling: SLSBillingMode
    /// Which bytes CTDR's Log Ingestion Traffic counts. The vendor does not state it, so this is an assumption.
    public var ctdrIngestionBasis: IngestionBasis
    /// The way tiers apply when the price file marks the tier mode `unstated`, as for CTDR's ingestion tiers.
    public var unstatedTierMode: TierMode
    public var eventHubsTier: EventHubsTier
    /// Throughput units (Standard), processing units (Premium) or capacity units (Dedicated) held all month.
    public var eventHubsUnits: Int
    /// Whether Azure bills outbound data transfer for the Kafka fetches, which it does when the bridge runs
    /// outside Azure.
    public var azureEgressBilled: Bool
    /// Compressed bytes per day read from the Logstore over a public endpoint (SLS internet read traffic).
    public var internetReadBytesPerDay: Int64
    /// Whether SLS free quotas apply. They do not while a resource plan offsets the fees.
    public var freeQuotas: Bool
    /// Days in a projected month, and in a GB-month.
    public var daysPerMonth: Int

    public init(
        site: AlibabaSite = .international, azureCloud: AzureCloud = .global, slsBilling: SLSBillingMode = .payByFeature,
        ctdrIngestionBasis: IngestionBasis = .raw, unstatedTierMode: TierMode = .volume,
        eventHubsTier: EventHubsTier = .standard, eventHubsUnits: Int = 1, azureEgressBilled: Bool = true,
        internetReadBytesPerDay: Int64 = 0, freeQuotas: Bool = true, daysPerMonth: Int = 30
    ) {
        self.site = site
        self.azureCloud = azureCloud
        self.slsBilling = slsBilling
        self.ctdrIngestionBasis = ctdrIngestionBasis
        self.unstatedTierMode = unstatedTierMode
        self.eventHubsTier = eventHubsTier
        self.eventHubsUnits = eventHubsUnits
        self.azureEgressBilled = azureEgressBilled
        self.internetReadBytesPerDay = internetReadBytesPerDay
        self.freeQuotas = freeQuotas
        self.daysPerMonth = daysPerMonth
    }
}

/// An Alibaba Cloud site with its own price lists.
public enum AlibabaSite: String, Sendable, CaseIterable {
    /// alibabacloud.com, prices in USD.
    case international = "intl"
    /// aliyun.com, prices in CNY.
    case china
}

/// An Azure cloud with its own price lists.
public enum AzureCloud: String, Sendable, CaseIterable {
    /// azure.microsoft.com, prices in USD.
    case global
    /// Azure operated by 21Vianet (azure.cn), prices in CNY including tax.
    case china
}

/// The billing mode of an SLS Logstore.
public enum SLSBillingMode: String, Sendable, CaseIterable {
    /// Each feature is billed: write traffic, index traffic, storage, requests, shards.
    case payByFeature = "pay-by-feature"
    /// The raw data volume is billed, with 30 days of storage, indexing and shards included.
    case payByIngestedData = "pay-by-ingested-data"
}

/// The bytes that CTDR's Log Ingestion Traffic is assumed to count.
public enum IngestionBasis: String, Sendable, CaseIterable {
    /// Kafka record values as received from Event Hubs.
    case raw
    /// The uncompressed LogGroup bytes written to the Logstore.
    case normalized
}

/// An Event Hubs tier with a Kafka endpoint. Basic has none, so ehbridge cannot read from it.
public enum EventHubsTier: String, Sendable, CaseIterable {
    case standard
    case premium
    case dedicated

    /// The tier name that has no Kafka endpoint, for messages that reject it.
    public static let basicName = "basic"

    /// The name of one unit of the tier.
    public var unitName: String {
        switch self {
        case .standard: "throughput unit"
        case .premium: "processing unit"
        case .dedicated: "capacity unit"
        }
    }
}
